// f=auto: AVIF, else WebP, else the fallback (JPEG, or PNG for an original with alpha), from
// the types the client names in Accept. Wildcards do not count: browsers that decode AVIF or
// WebP say so explicitly, and `*/*` from a crawler must not get a format it cannot read.
import type { RequestFormat } from './variant-signature';

export type TargetFormat = 'avif' | 'webp' | 'jpeg' | 'fallback';

export function negotiateFormat(requested: RequestFormat, accept: string | null): TargetFormat {
  if (requested !== 'auto') return requested;
  const accepted = new Set<string>();
  for (const range of (accept ?? '').toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (q && !(Number(q.slice(2)) > 0)) continue;
    accepted.add(type);
  }
  if (accepted.has('image/avif')) return 'avif';
  if (accepted.has('image/webp')) return 'webp';
  return 'fallback';
}
