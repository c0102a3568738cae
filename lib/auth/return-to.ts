// Where to go after signing in: the page that sent the person to sign in, when it is a path on
// this site. Anything that could leave it ("//evil.example", "/\evil", "https://…", control
// characters) falls back to the home page, so ?next= cannot be used as an open redirect.
export function safeReturnPath(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  // Resolving against a fixed origin catches whatever still names another host.
  const resolved = new URL(next, 'http://return-to.invalid');
  if (resolved.origin !== 'http://return-to.invalid') return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The sign-in (or sign-up) address that comes back to `path`: the links between the two
 * pages pass it on, so a person who first has to make an account still ends up there. */
export const authPageFor = (page: '/sign-in' | '/sign-up', path: string | null) => {
  const next = safeReturnPath(path);
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
};

/** The sign-in address that comes back to `path`. */
export const signInFor = (path: string | null) => authPageFor('/sign-in', path);
