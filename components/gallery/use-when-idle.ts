'use client';
// A promise that resolves once `busy` is false: lets an action wait for work in flight.
import { useCallback, useEffect, useRef } from 'react';

export function useWhenIdle(busy: boolean) {
  const busyRef = useRef(busy);
  const waiters = useRef<(() => void)[]>([]);
  useEffect(() => {
    busyRef.current = busy;
    if (!busy) for (const resolve of waiters.current.splice(0)) resolve();
  }, [busy]);
  return useCallback(() => (busyRef.current ? new Promise<void>((resolve) => waiters.current.push(resolve)) : Promise.resolve()), []);
}
