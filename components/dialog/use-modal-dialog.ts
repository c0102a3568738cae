'use client';
// A native <dialog> driven by a boolean: shown modal when `open` turns true (remembering
// what had focus, to give it back on close), closed when it turns false.
import { useEffect, useRef } from 'react';

export function useModalDialog(open: boolean) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return { dialogRef, openerRef };
}
