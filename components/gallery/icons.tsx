// Small inline icons: decorative, the buttons that hold them carry the names.
import type { SVGProps } from 'react';

const Svg = (props: SVGProps<SVGSVGElement>) => <svg width={20} height={20} viewBox="0 0 24 24" aria-hidden="true" focusable="false" {...props} />;

export const GripIcon = () => (
  <Svg fill="currentColor">{[6, 12, 18].flatMap((y) => [9, 15].map((x) => <circle key={`${x}-${y}`} cx={x} cy={y} r={1.7} />))}</Svg>
);

export const TrashIcon = () => (
  <Svg fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round">
    <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
  </Svg>
);

export const UploadIcon = () => (
  <Svg width={32} height={32} fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
    <path d="M12 16V4M7 9l5-5 5 5M4 16v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
  </Svg>
);

export const ImageIcon = () => (
  <Svg width={32} height={32} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round">
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <circle cx="9" cy="10" r="2" />
    <path d="M21 17l-5-5-9 8" />
  </Svg>
);

/** Earlier points left (and up in a one-column list, where the CSS turns it). */
export const ArrowIcon = ({ direction }: { direction: 'earlier' | 'later' }) => (
  <Svg fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" data-arrow={direction}>
    <path d={direction === 'earlier' ? 'M19 12H5M11 6l-6 6 6 6' : 'M5 12h14M13 6l6 6-6 6'} />
  </Svg>
);
