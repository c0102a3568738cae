'use client';
// The owner's focal point, behind a button in the viewer: shown only when asked for, so the
// viewer's frame (and every control in it) stays the same size for everyone else.
import { useState } from 'react';
import { FocalPointPicker } from './focal-point-picker';

export function FocalPointToggle({ image, filename }: { image: Parameters<typeof FocalPointPicker>[0]['image']; filename: string }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <FocalPointPicker image={image} filename={filename} />
  ) : (
    <button type="button" className="button secondary" onClick={() => setOpen(true)}>
      Set focal point
    </button>
  );
}
