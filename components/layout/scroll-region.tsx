// A box that scrolls sideways on a narrow screen (a wide table). Keyboard users must be able
// to scroll it, so it takes the focus (axe: scrollable-region-focusable), and a focusable
// region needs a name.
import type { ReactNode } from 'react';

export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll from the keyboard
    <section className={className} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
