// The strip that asks "really?" in place of a destructive button: its question and its two
// answers, grouped and named so a screen reader says what the buttons answer.
import type { ReactNode } from 'react';

export function ConfirmGroup({ className, label, labelledBy, children }: { className?: string; label?: string; labelledBy?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a named group of buttons, not a form's fieldset
    <div className={className} role="group" aria-label={label} aria-labelledby={labelledBy}>
      {children}
    </div>
  );
}
