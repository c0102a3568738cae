// The addresses an embedded server (APP_URL unset) answers as itself: this machine's own
// names and interface addresses. A Host outside them is refused for cookies and the Origin
// check, so a DNS-rebound name can never act as the app.
import { isIP } from 'node:net';
import os from 'node:os';

/** Hostnames (no port; IPv6 without brackets) that name this machine. */
function localHostnames(): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1', os.hostname().toLowerCase()]);
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) names.add(address.address.toLowerCase().replace(/%.*$/, ''));
  }
  return [...names];
}

/** The hostname of a Host header value (`[::1]:3000` → `::1`), or null when it is not one. */
export function hostnameOf(host: string): string | null {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::\d{1,5})?$/i.exec(host.trim());
  if (!match) return null;
  return (match[1] ?? match[2]).toLowerCase();
}

/** True when `host` (a Host header value) names this machine. */
export function isLocalHost(host: string): boolean {
  const name = hostnameOf(host);
  if (!name) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4 && name.startsWith('127.')) return true;
  return localHostnames().includes(name);
}

/** The same set as host patterns for better-auth's dynamic base URL (`*` matches a port). */
export function localHostPatterns(): string[] {
  const patterns = ['localhost', '*.localhost', '127.*'];
  for (const name of localHostnames()) patterns.push(isIP(name) === 6 ? `[${name}]` : name);
  return patterns.flatMap((pattern) => [pattern, `${pattern}:*`]);
}

/** What to open: APP_URL when set, else every address of this machine the app answers at. */
export function servedAddresses(appUrl: string | undefined, port: number): string[] {
  if (appUrl) return [appUrl];
  // Link-local IPv6 needs a zone id no browser address bar takes.
  const hosts = ['localhost', ...localHostnames().filter((name) => isIP(name) !== 0 && !name.startsWith('fe80:'))];
  return [...new Set(hosts)].map((host) => `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`);
}
