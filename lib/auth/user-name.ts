// A user's display name as stored: trimmed, 1–100 characters, no control characters (a NUL
// is refused by PostgreSQL; the others only garble pages and logs).
const NAME_MAX_LENGTH = 100;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export type NameCheck = { ok: true; name: string } | { ok: false; code: 'INVALID_NAME'; message: string };

export function checkName(raw: unknown): NameCheck {
  if (typeof raw !== 'string') return { ok: false, code: 'INVALID_NAME', message: 'Name is required.' };
  const name = raw.trim();
  if (name.length === 0) return { ok: false, code: 'INVALID_NAME', message: 'Name is required.' };
  if ([...name].length > NAME_MAX_LENGTH) return { ok: false, code: 'INVALID_NAME', message: `Name too long: use at most ${NAME_MAX_LENGTH} characters.` };
  if (CONTROL.test(name)) return { ok: false, code: 'INVALID_NAME', message: 'Name must not contain control characters.' };
  return { ok: true, name };
}
