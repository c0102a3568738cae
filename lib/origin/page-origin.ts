// The origin a page is being viewed at, for the few absolute URLs a page shows (curl
// examples, Open Graph): APP_URL, else the address this request used.
import { headers } from 'next/headers';
import { ownOriginOf, selfOrigin } from './request-origin';

export async function pageOrigin(): Promise<string> {
  return ownOriginOf(await headers()) ?? selfOrigin();
}
