// Admin page: users' webhook endpoints that are failing or were disabled, and why.
import styles from './webhooks.module.css';

export interface TroubledEndpoint {
  id: string; url: string; owner: string; failingSince: string | null; lastFailure: string | null; disabledAt: string | null; disabledReason: string | null;
}

const when = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function TroubledEndpoints({ endpoints }: { endpoints: TroubledEndpoint[] }) {
  if (endpoints.length === 0) return <p className={styles.none}>Every webhook endpoint is delivering.</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">Failing and disabled webhook endpoints</caption>
        <thead><tr><th scope="col">Endpoint</th><th scope="col">Owner</th><th scope="col">State</th><th scope="col">Why</th></tr></thead>
        <tbody>
          {endpoints.map((e) => (
            <tr key={e.id}>
              <td className={styles.url}>{e.url}</td>
              <td data-label="Owner">{e.owner}</td>
              <td data-label="State">
                {e.disabledAt ? <span className={styles.bad}>Disabled {when(e.disabledAt)}</span> : <span className={styles.warn}>Failing since {when(e.failingSince!)}</span>}
              </td>
              <td data-label="Why"><span className={styles.error}>{e.disabledReason ?? e.lastFailure}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
