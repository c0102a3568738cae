'use client';
// Create an endpoint (secret shown once), and each endpoint with its deliveries. The list is
// server-rendered first and re-read from the API after each change.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { callApi } from '@/components/api/call-api';
import { useSubmit } from '@/components/api/use-submit';
import { SecretOncePanel } from '@/components/keys/secret-once-panel';
import { EndpointCard } from './endpoint-card';
import { EVENT_LABELS, type EndpointItem } from './types';
import styles from './webhooks.module.css';
import { FormError } from '@/components/layout/form-error';

export function WebhooksManager({ initialEndpoints, eventTypes }: { initialEndpoints: EndpointItem[]; eventTypes: string[] }) {
  const [endpoints, setEndpoints] = useState(initialEndpoints);
  const [secret, setSecret] = useState<{ url: string; secret: string; rotated: boolean } | null>(null);
  const { busy, error, setError, submit } = useSubmit();
  const urlRef = useRef<HTMLInputElement>(null);

  const reload = async () => setEndpoints((await callApi<{ items: EndpointItem[] }>('/api/webhook-endpoints')).items);

  // Health (failing, disabled) changes as deliveries happen: re-read it while the page is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload only sets state, so the first render's copy serves for the page's life
  useEffect(() => {
    const timer = setInterval(() => void reload().catch(() => undefined), 3000);
    return () => clearInterval(timer);
  }, []);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    const events = data.getAll('events').map(String);
    if (!url) {
      setError('Give the URL your service receives webhooks at.');
      urlRef.current?.focus();
      return;
    }
    if (events.length === 0) {
      setError('Choose at least one event.');
      return;
    }
    await submit(async () => {
      const created = await callApi<{ url: string; secret: string }>('/api/webhook-endpoints', 'POST', { url, events });
      setSecret({ url: created.url, secret: created.secret, rotated: false });
      form.reset();
      await reload();
    });
  }

  return (
    <div className={styles.layout}>
      <section className={styles.card} aria-labelledby="create-endpoint-title">
        <h2 id="create-endpoint-title" className={styles.cardTitle}>
          Add an endpoint
        </h2>
        <p className={styles.cardText}>imagedock POSTs each event to your URL, signed per Standard Webhooks, and retries for 24 hours until it answers 2xx.</p>
        <form className={styles.form} onSubmit={create} noValidate>
          <div className="field">
            <label htmlFor="endpoint-url">Endpoint URL</label>
            <input
              ref={urlRef}
              id="endpoint-url"
              name="url"
              type="url"
              className="input"
              placeholder="https://example.com/imagedock-webhook"
              autoComplete="off"
              aria-describedby={error ? 'endpoint-error' : undefined}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <fieldset className={styles.events}>
            <legend>Events</legend>
            {eventTypes.map((type) => (
              <label key={type} className={styles.check}>
                <input type="checkbox" name="events" value={type} defaultChecked={type !== 'cleanup.completed'} />
                <span>
                  {EVENT_LABELS[type] ?? type} <code>{type}</code>
                </span>
              </label>
            ))}
          </fieldset>
          <div>
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Adding…' : 'Add endpoint'}
            </button>
          </div>
        </form>
        <FormError id="endpoint-error" message={error} />
      </section>

      {secret && (
        <SecretOncePanel id="new-webhook" title={`Signing secret for ${secret.url}`} secret={secret.secret} onDone={() => setSecret(null)}>
          {secret.rotated
            ? 'The old secret keeps signing beside it for 24 hours, so switch your receiver over before then.'
            : 'Your receiver verifies every delivery with it.'}
        </SecretOncePanel>
      )}

      <section aria-labelledby="endpoints-title" className={styles.layout}>
        <h2 id="endpoints-title" className={styles.cardTitle}>
          Your endpoints
        </h2>
        {endpoints.length === 0 && <p className={styles.none}>No endpoints yet. Add one above to hear about uploads, publications and generated images.</p>}
        {endpoints.map((endpoint) => (
          <EndpointCard
            key={endpoint.id}
            endpoint={endpoint}
            onRotated={(s) => {
              setSecret({ url: endpoint.url, secret: s, rotated: true });
              void reload();
            }}
            onDeleted={async () => {
              await callApi(`/api/webhook-endpoints/${endpoint.id}`, 'DELETE');
              await reload();
            }}
            onChanged={reload}
          />
        ))}
      </section>
    </div>
  );
}
