// Every route under app/api, for the fuzz test (fuzz.int.test.ts): a new route file adds its
// methods here, with a valid body and query to mutate from. fuzz.int.test.ts ("names every
// method of every route file under app/api") fails when a route file exists that this list
// does not name.
export interface FuzzIds {
  imageId: string;
  listingId: string;
  uploadSessionId: string;
  keyId: string;
  storageKey: string;
}

type ParamKind = keyof FuzzIds;

export interface FuzzRoute {
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** With `:name` segments; `*` is a catch-all (several segments). */
  path: string;
  params?: Record<string, ParamKind>;
  body?: (ids: FuzzIds) => unknown;
  query?: (ids: FuzzIds) => Record<string, string>;
  /** The route file under app/api, to check the list is complete. */
  file: string;
}

const png1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const FUZZ_ROUTES: FuzzRoute[] = [
  {
    file: 'auth/[...all]',
    method: 'POST',
    path: '/api/auth/sign-up/email',
    body: () => ({ name: 'Fuzz', email: 'fuzz@example.test', password: 'a long fuzz password' }),
  },
  { file: 'auth/[...all]', method: 'POST', path: '/api/auth/sign-in/email', body: () => ({ email: 'fuzz@example.test', password: 'a long fuzz password' }) },
  { file: 'auth/[...all]', method: 'GET', path: '/api/auth/get-session' },
  { file: 'auth/[...all]', method: 'PUT', path: '/api/auth/:rest', params: { rest: 'keyId' }, body: () => ({}) },
  { file: 'auth/[...all]', method: 'PATCH', path: '/api/auth/api-key/update', body: () => ({ keyId: 'x', name: 'y' }) },
  { file: 'auth/[...all]', method: 'DELETE', path: '/api/auth/:rest', params: { rest: 'keyId' } },
  { file: 'auth/[...all]', method: 'POST', path: '/api/auth/:rest', params: { rest: 'keyId' }, body: () => ({}) },
  { file: 'upload-sessions', method: 'POST', path: '/api/upload-sessions', body: () => ({}) },
  {
    file: 'uploads/prepare',
    method: 'POST',
    path: '/api/uploads/prepare',
    body: (ids) => ({ uploadSessionId: ids.uploadSessionId, files: [{ filename: 'a.png', size: 68, type: 'image/png' }] }),
  },
  { file: 'uploads/confirm', method: 'POST', path: '/api/uploads/confirm', body: (ids) => ({ imageIds: [ids.imageId] }) },
  { file: 'images', method: 'GET', path: '/api/images', query: (ids) => ({ uploadSessionId: ids.uploadSessionId, limit: '5', status: 'uploaded' }) },
  { file: 'images', method: 'POST', path: '/api/images', body: () => ({ prompt: 'fuzz', imageData: png1x1, metadata: { seed: 1 } }) },
  { file: 'images/[id]', method: 'GET', path: '/api/images/:id', params: { id: 'imageId' } },
  { file: 'images/[id]', method: 'PATCH', path: '/api/images/:id', params: { id: 'imageId' }, body: () => ({ caption: 'fuzzed' }) },
  { file: 'images/[id]', method: 'DELETE', path: '/api/images/:id', params: { id: 'imageId' } },
  { file: 'images/[id]/download-url', method: 'GET', path: '/api/images/:id/download-url', params: { id: 'imageId' }, query: () => ({ expiresIn: '60' }) },
  { file: 'images/[id]/stage', method: 'PATCH', path: '/api/images/:id/stage', params: { id: 'imageId' }, body: () => ({ stage: 'printed' }) },
  { file: 'images/reorder', method: 'POST', path: '/api/images/reorder', body: (ids) => ({ uploadSessionId: ids.uploadSessionId, imageIds: [ids.imageId] }) },
  { file: 'keys', method: 'POST', path: '/api/keys', body: () => ({ name: 'fuzz key' }) },
  { file: 'keys', method: 'GET', path: '/api/keys' },
  { file: 'keys/[id]', method: 'DELETE', path: '/api/keys/:id', params: { id: 'keyId' } },
  { file: 'listings', method: 'POST', path: '/api/listings', body: () => ({ title: 'Fuzz listing' }) },
  { file: 'listings', method: 'GET', path: '/api/listings' },
  { file: 'listings/[id]', method: 'GET', path: '/api/listings/:id', params: { id: 'listingId' } },
  { file: 'listings/[id]', method: 'PATCH', path: '/api/listings/:id', params: { id: 'listingId' }, body: () => ({ title: 'Renamed' }) },
  { file: 'listings/[id]', method: 'DELETE', path: '/api/listings/:id', params: { id: 'listingId' } },
  { file: 'listings/[id]/cancel-checkout', method: 'POST', path: '/api/listings/:id/cancel-checkout', params: { id: 'listingId' }, body: () => ({}) },
  { file: 'usage', method: 'GET', path: '/api/usage' },
  {
    file: 'i/[imageId]/[preset]',
    method: 'GET',
    path: '/api/i/:imageId/md',
    params: { imageId: 'imageId' },
    query: () => ({ f: 'auto', exp: '0', sig: 'AAAA' }),
  },
  // Endpoint and delivery ids are uuids of their own; a listing's id stands in (an unknown one: 404).
  {
    file: 'webhook-endpoints',
    method: 'POST',
    path: '/api/webhook-endpoints',
    body: () => ({ url: 'https://hooks.example.com/in', events: ['image.uploaded'] }),
  },
  { file: 'webhook-endpoints', method: 'GET', path: '/api/webhook-endpoints' },
  { file: 'webhook-endpoints/[id]', method: 'GET', path: '/api/webhook-endpoints/:id', params: { id: 'listingId' } },
  { file: 'webhook-endpoints/[id]', method: 'DELETE', path: '/api/webhook-endpoints/:id', params: { id: 'listingId' } },
  { file: 'webhook-endpoints/[id]/deliveries', method: 'GET', path: '/api/webhook-endpoints/:id/deliveries', params: { id: 'listingId' } },
  {
    file: 'webhook-endpoints/[id]/rotate-secret',
    method: 'POST',
    path: '/api/webhook-endpoints/:id/rotate-secret',
    params: { id: 'listingId' },
    body: () => ({}),
  },
  { file: 'webhook-endpoints/[id]/enable', method: 'POST', path: '/api/webhook-endpoints/:id/enable', params: { id: 'listingId' }, body: () => ({}) },
  { file: 'webhook-endpoints/[id]/test', method: 'POST', path: '/api/webhook-endpoints/:id/test', params: { id: 'listingId' }, body: () => ({}) },
  { file: 'webhook-deliveries/[id]/retry', method: 'POST', path: '/api/webhook-deliveries/:id/retry', params: { id: 'listingId' }, body: () => ({}) },
  { file: 'checkout', method: 'POST', path: '/api/checkout', body: (ids) => ({ uploadSessionId: ids.uploadSessionId, title: 'Fuzz checkout' }) },
  {
    file: 'checkout/test/[listingId]',
    method: 'POST',
    path: '/api/checkout/test/:listingId',
    params: { listingId: 'listingId' },
    body: () => ({ outcome: 'cancelled' }),
  },
  {
    file: 'webhooks/payment',
    method: 'POST',
    path: '/api/webhooks/payment',
    body: (ids) => ({
      id: 'evt_fuzz',
      object: 'event',
      type: 'checkout.session.expired',
      created: 1,
      data: {
        object: {
          id: 'cs_fuzz',
          object: 'checkout.session',
          payment_status: 'unpaid',
          metadata: { listingId: ids.listingId, uploadSessionId: ids.uploadSessionId },
        },
      },
    }),
  },
  { file: 'public/listings/[id]', method: 'GET', path: '/api/public/listings/:id', params: { id: 'listingId' } },
  {
    file: 'storage/[...key]',
    method: 'GET',
    path: '/api/storage/*',
    params: { '*': 'storageKey' },
    query: () => ({ 'X-Amz-Expires': '60', 'X-Amz-Signature': 'ab' }),
  },
  { file: 'storage/[...key]', method: 'HEAD', path: '/api/storage/*', params: { '*': 'storageKey' } },
  { file: 'storage/[...key]', method: 'PUT', path: '/api/storage/*', params: { '*': 'storageKey' }, body: () => 'bytes' },
  { file: 'cleanup/temp-images', method: 'GET', path: '/api/cleanup/temp-images' },
  {
    file: 'cleanup/temp-images',
    method: 'POST',
    path: '/api/cleanup/temp-images',
    body: (ids) => ({ action: 'delete-session', uploadSessionId: ids.uploadSessionId, dryRun: true }),
  },
  { file: 'cron/cleanup', method: 'GET', path: '/api/cron/cleanup', query: () => ({ dryRun: 'true' }) },
  { file: 'metrics', method: 'GET', path: '/api/metrics' },
  { file: 'health', method: 'GET', path: '/api/health' },
];
