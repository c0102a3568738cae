'use client';
// The one modal dialog of the app, on the native <dialog>: the browser traps focus, makes the
// page behind it inert and closes it on Escape. Shown while `open` is true; the element that
// had focus gets it back on close (when it is still on the page). A click on the backdrop,
// or on anything marked `data-dialog-backdrop` (the empty stage of a full-screen viewer),
// closes it too. Focus starts on the child marked `autoFocus`.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export function ModalDialog({
  open,
  onClose,
  labelledBy,
  className,
  onKeyDown,
  children,
}: {
  open: boolean;
  onClose: () => void;
  /** The id of the dialog's visible title. */
  labelledBy: string;
  className?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLDialogElement>) => void;
  children: ReactNode;
}) {
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

  return (
    <dialog
      ref={dialogRef}
      className={className}
      aria-labelledby={labelledBy}
      onClose={() => {
        onClose();
        // The opener may be gone (a deleted image's card): then focus stays on the page.
        if (openerRef.current?.isConnected) openerRef.current.focus();
      }}
      onKeyDown={onKeyDown}
      onClick={(event) => {
        const target = event.target as HTMLElement;
        if (target === event.currentTarget || target.hasAttribute('data-dialog-backdrop')) dialogRef.current?.close();
      }}
    >
      {children}
    </dialog>
  );
}

/** Closes the dialog an element is in (for a "Close" button inside the content). */
export function closeDialogOf(element: HTMLElement | null) {
  element?.closest('dialog')?.close();
}
