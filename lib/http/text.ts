// Text from outside: PostgreSQL refuses the NUL character (0x00) in text and jsonb, so a
// string that holds one is refused here, at the boundary, instead of failing a query as a 500.
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const NO_NUL = /^[^\u0000]*$/;

/** A string without NUL; chain .min/.max/.trim/.regex as on z.string(). */
export function text() {
  return z.string().regex(NO_NUL, 'must not contain the NUL character');
}
