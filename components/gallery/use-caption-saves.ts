'use client';
// Saves captions as people type: one PATCH per image ~600 ms after the last keystroke, sent
// one after another per image so the last text typed is the one that stays. `flush` sends
// what is waiting and resolves once everything is stored (checkout waits on it).
import { useCallback, useEffect, useRef, useState } from 'react';
import { saveCaption } from './gallery-api';

export type SaveState = 'pending' | 'saving' | 'saved' | 'failed';

const DEBOUNCE_MS = 600;

export function useCaptionSaves() {
  const [states, setStates] = useState<Record<string, SaveState>>({});
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const latest = useRef(new Map<string, string>());
  const chains = useRef(new Map<string, Promise<boolean>>());

  const send = useCallback((imageId: string) => {
    timers.current.delete(imageId);
    const caption = latest.current.get(imageId) ?? '';
    const setState = (state: SaveState) => setStates((s) => ({ ...s, [imageId]: state }));
    setState('saving');
    const chain = (chains.current.get(imageId) ?? Promise.resolve()).then(async () => {
      const stillLatest = () => latest.current.get(imageId) === caption && !timers.current.has(imageId);
      try {
        await saveCaption(imageId, caption);
        if (stillLatest()) setState('saved');
        return true;
      } catch {
        if (stillLatest()) setState('failed');
        return false;
      }
    });
    chains.current.set(imageId, chain);
    return chain;
  }, []);

  const change = useCallback(
    (imageId: string, caption: string) => {
      latest.current.set(imageId, caption);
      clearTimeout(timers.current.get(imageId));
      timers.current.set(
        imageId,
        setTimeout(() => void send(imageId), DEBOUNCE_MS),
      );
      setStates((s) => ({ ...s, [imageId]: 'pending' }));
    },
    [send],
  );

  const retry = useCallback((imageId: string) => void send(imageId), [send]);

  /** Sends every caption still waiting for its debounce; true once all are stored. */
  const flush = useCallback(async () => {
    for (const imageId of [...timers.current.keys()]) {
      clearTimeout(timers.current.get(imageId));
      void send(imageId);
    }
    const results = await Promise.all([...chains.current.entries()].filter(([imageId]) => latest.current.has(imageId)).map(([, chain]) => chain));
    return results.every(Boolean);
  }, [send]);

  /** Forgets an image that was deleted: nothing of it may be sent any more. */
  const forget = useCallback((imageId: string) => {
    clearTimeout(timers.current.get(imageId));
    timers.current.delete(imageId);
    latest.current.delete(imageId);
    chains.current.delete(imageId);
    setStates(({ [imageId]: _gone, ...rest }) => rest);
  }, []);

  useEffect(() => {
    const current = timers.current;
    return () => {
      for (const timer of current.values()) clearTimeout(timer);
    };
  }, []);

  const unsaved = Object.values(states).some((s) => s === 'pending' || s === 'saving');
  const failed = Object.values(states).some((s) => s === 'failed');
  return { states, change, retry, flush, forget, unsaved, failed };
}
