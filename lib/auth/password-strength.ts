// Which passwords are refused, and why (SPEC §4: shorter than 10 characters or among common
// passwords → 400 with the reason). zxcvbn's dictionaries are ~2 MB: loaded on the server on
// the first check, never shipped to the browser.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
// zxcvbn scores 0–4; 3 means "safely unguessable" (~10^8 guesses and up).
const MIN_SCORE = 3;

const WARNINGS: Record<string, string> = {
  straightRow: 'straight rows of keys are easy to guess',
  keyPattern: 'short keyboard patterns are easy to guess',
  simpleRepeat: 'repeated characters like "aaa" are easy to guess',
  extendedRepeat: 'repeated patterns like "abcabcabc" are easy to guess',
  sequences: 'sequences like "abc" or "6543" are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is very close to a commonly used password',
  wordByItself: 'single words are easy to guess',
  namesByThemselves: 'names on their own are easy to guess',
  commonNames: 'common names are easy to guess',
  userInputs: 'it contains your name or email address',
};

export interface PasswordProblem {
  code: 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_WEAK';
  message: string;
}

const holder = globalThis as unknown as { __imagedockZxcvbn?: Promise<ZxcvbnFactory> };

function zxcvbn() {
  holder.__imagedockZxcvbn ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return holder.__imagedockZxcvbn;
}

/** null when the password may be used; else why not. `related` are the user's name and email. */
export async function checkPassword(password: string, related: string[] = []): Promise<PasswordProblem | null> {
  // Length first: zxcvbn's cost grows with the input, so nothing long reaches it.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { code: 'PASSWORD_TOO_SHORT', message: `Password too short: use at least ${PASSWORD_MIN_LENGTH} characters (a few unrelated words work well).` };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'PASSWORD_TOO_LONG', message: `Password too long: use at most ${PASSWORD_MAX_LENGTH} characters.` };
  const inputs = related
    .flatMap((value) => [value, value.split('@')[0], value.replace(/\s+/g, ''), ...value.split(/[@.\s]+/)])
    .filter((value) => value.length >= 3);
  const result = (await zxcvbn()).check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const why = (result.feedback.warning && WARNINGS[result.feedback.warning]) || 'it would be guessed quickly';
  return { code: 'PASSWORD_TOO_WEAK', message: `Password too easy to guess: ${why}. Add more words or characters.` };
}
