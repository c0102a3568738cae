// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout restyles rows as grids, which drops a table's semantics unless its roles are explicit
// Admin page: users' webhook endpoints that are failing or were disabled, and why.
import { RoleTable } from './role-table';
import styles from './webhooks.module.css';

export interface TroubledEndpoint {
  id: string;
  url: string;
  owner: string;
  failingSince: string | null;
  lastFailure: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
}

const when = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function TroubledEndpoints({ endpoints }: { endpoints: TroubledEndpoint[] }) {
  if (endpoints.length === 0) return <p className={styles.none}>Every webhook endpoint is delivering.</p>;
  return (
    <RoleTable caption="Failing and disabled webhook endpoints" columns={['Endpoint', 'Owner', 'State', 'Why']}>
      {endpoints.map((e) => (
        <tr role="row" key={e.id}>
          <td role="cell" className={styles.url}>
            {e.url}
          </td>
          <td role="cell" data-label="Owner">
            {e.owner}
          </td>
          <td role="cell" data-label="State">
            {e.disabledAt ? (
              <span className={styles.bad}>Disabled {when(e.disabledAt)}</span>
            ) : (
              <span className={styles.warn}>Failing since {when(e.failingSince!)}</span>
            )}
          </td>
          <td role="cell" data-label="Why">
            <span className={styles.error}>{e.disabledReason ?? e.lastFailure}</span>
          </td>
        </tr>
      ))}
    </RoleTable>
  );
}
