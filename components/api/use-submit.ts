'use client';
// A form's one request at a time: busy while it runs, the server's message when it fails.
import { useState } from 'react';
import { messageOf } from './call-api';

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, submit };
}
