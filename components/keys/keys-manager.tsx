'use client';
// Create, show-once and revoke. The list is server-rendered first and re-read from
// GET /api/keys after each change, so it always shows what the server holds.
import { useRef, useState, type FormEvent } from 'react';
import { callApi } from '@/components/api/call-api';
import { useSubmit } from '@/components/api/use-submit';
import { KeyRow } from './key-row';
import { keyName, type KeyItem } from './key-item';
import { SecretOncePanel } from './secret-once-panel';
import styles from './keys.module.css';
import { FormError } from '@/components/layout/form-error';

export function KeysManager({ initialKeys }: { initialKeys: KeyItem[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const { busy, error, setError, submit } = useSubmit();
  const [notice, setNotice] = useState('');
  const nameRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLElement>(null);

  const reload = async () => setKeys((await callApi<{ items: KeyItem[] }>('/api/keys')).items);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) {
      setError('Give the key a name, such as the service that will use it.');
      nameRef.current?.focus();
      return;
    }
    await submit(async () => {
      const answer = await callApi<{ id: string; key: string }>('/api/keys', 'POST', { name });
      setCreated({ name, key: answer.key });
      form.reset();
      await reload();
    });
  }

  async function revoke(key: KeyItem) {
    const index = keys.findIndex((k) => k.id === key.id);
    await callApi<void>(`/api/keys/${encodeURIComponent(key.id)}`, 'DELETE');
    setNotice(`${keyName(key)} was revoked.`);
    await reload().catch(() => setKeys((all) => all.filter((k) => k.id !== key.id)));
    // The revoked row took the focus with it: give it to the row now in its place, the one
    // before it, or the name field when no key is left (never to <body>).
    requestAnimationFrame(() => {
      const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button[data-revoke]') ?? [])];
      (buttons[index] ?? buttons[index - 1] ?? nameRef.current)?.focus();
    });
  }

  return (
    <div className={styles.layout}>
      <section className={styles.card} aria-labelledby="create-key-title">
        <h2 id="create-key-title" className={styles.cardTitle}>
          Create a key
        </h2>
        <p className={styles.cardText}>
          A key lets a service post generated images to your account. Name it after the service, so you know which one to revoke.
        </p>
        <form className={styles.createForm} onSubmit={create} noValidate>
          <div className="field">
            <label htmlFor="key-name">Name</label>
            <input
              ref={nameRef}
              id="key-name"
              name="name"
              className="input"
              maxLength={64}
              autoComplete="off"
              placeholder="e.g. Render worker"
              aria-describedby={error ? 'key-error' : undefined}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </form>
        <FormError id="key-error" message={error} />
      </section>

      {created && (
        <SecretOncePanel
          id="new-key"
          title={<>Your new key “{created.name}”</>}
          secret={created.key}
          onDone={() => {
            setCreated(null);
            nameRef.current?.focus();
          }}
        >
          We keep only a fingerprint of it. If you lose it, revoke it and create another.
        </SecretOncePanel>
      )}

      <section ref={listRef} className={styles.card} aria-labelledby="keys-title">
        <div className={styles.listHead}>
          <h2 id="keys-title" className={styles.cardTitle}>
            Your keys
          </h2>
          <span className={styles.count}>
            {keys.length} {keys.length === 1 ? 'key' : 'keys'}
          </span>
        </div>
        <p className="visually-hidden" role="status">
          {notice}
        </p>
        {keys.length === 0 ? (
          <p className={styles.none}>No keys yet. Create one above to start posting images from a service.</p>
        ) : (
          <ul className={styles.list} aria-label="API keys">
            {keys.map((key) => (
              <KeyRow key={key.id} item={key} onRevoke={() => revoke(key)} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
