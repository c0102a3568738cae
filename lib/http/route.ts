// The one route wrapper: request id, authentication, the Origin check, one log line per
// request and error mapping. Handlers parse, call one verb and return.
import { randomUUID } from 'node:crypto';
import { log } from '@/lib/log';
import { AppError, toErrorResponse } from './errors';
import { assertSameOrigin } from './origin';
import { consumeRateLimit, type RateLimitOption } from './rate-limit';
import { readCappedBytes } from './body';
import { withBodyBudget } from './body-budget';
import { hstsHeader } from './security-headers';
import { metrics, routeTemplate } from '@/lib/metrics/metrics';
import { ownOriginOf, withRequestOrigin } from '@/lib/origin/request-origin';
import {
  bearerToken, isCronRequest, requireAdmin, requireApiKeyUser, requireUser, sessionUser, type Caller, type SessionCaller,
} from '@/lib/auth/require';

type AuthMode = 'none' | 'user' | 'admin' | 'apiKeyOrUser' | 'adminOrCron' | 'cron';

type CallerFor<M extends AuthMode> = M extends 'user' | 'admin'
  ? SessionCaller
  : M extends 'apiKeyOrUser'
    ? Caller
    : M extends 'adminOrCron'
      ? SessionCaller | null
      : null;

export interface RouteContext<M extends AuthMode> {
  request: Request;
  params: Record<string, string | string[]>;
  user: CallerFor<M>;
  requestId: string;
  /** The body's bytes when the route reads it up front (`rawBody` option), else empty. */
  rawBody: Buffer;
}

interface RouteOptions<M extends AuthMode> {
  auth: M;
  /** `'service'`: counted per user, in the bucket of the caller's kind (rate-limit.ts). */
  rateLimit?: RateLimitOption;
  /**
   * Read the body while the caller is authenticated, capped at maxBytes (413 beyond). With
   * `budgeted`, the caller is authenticated first and only then claims its share of the
   * process-wide body budget (body-budget.ts), held while the request runs.
   */
  rawBody?: { maxBytes: () => number; budgeted?: boolean };
}

type Handler<M extends AuthMode> = (ctx: RouteContext<M>) => Promise<Response>;
type NextContext = { params?: Promise<Record<string, string | string[]>> };

export function route<M extends AuthMode>(options: RouteOptions<M>, handler: Handler<M>) {
  return async (request: Request, context: NextContext = {}): Promise<Response> => {
    const started = performance.now();
    const requestId = validRequestId(request.headers.get('x-request-id')) ?? randomUUID();
    let response: Response;
    let limitHeaders: Record<string, string> = {};
    const admit = async () => {
      const user = (await authenticate(options.auth, request)) as CallerFor<M>;
      if (options.rateLimit === 'service' && user) limitHeaders = await consumeRateLimit(user);
      return user;
    };
    const run = async (user: CallerFor<M>, body: Promise<Buffer>) => {
      const params = (await context.params) ?? {};
      const rawBody = await body;
      // Links in the answer (signed URLs, checkout) are made for the address the caller used.
      return withRequestOrigin(ownOriginOf(request.headers), () => handler({ request, params, user, requestId, rawBody }));
    };
    const serve = async () => {
      const raw = options.rawBody;
      // The stream is cut off whenever the answer no longer needs it (refused, done, failed).
      const aborted = new AbortController();
      try {
        if (raw?.budgeted) {
          // Nobody unauthenticated claims a share; the bytes wait in the socket meanwhile.
          const user = await admit();
          const owner = user?.id ?? 'anonymous';
          return await withBodyBudget(owner, budgetClaim(request, raw.maxBytes()), () => run(user, readCappedBytes(request, raw.maxBytes(), aborted.signal)));
        }
        // The body streams in while the credential is checked; a refused caller's read is cut off.
        const body = raw ? readCappedBytes(request, raw.maxBytes(), aborted.signal) : Promise.resolve(Buffer.alloc(0));
        body.catch(() => {}); // its error, if any, is thrown below once the caller is known
        return await run(await admit(), body);
      } finally {
        aborted.abort();
      }
    };
    try {
      response = await serve();
    } catch (err) {
      response = toErrorResponse(err, requestId);
    }
    for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
    for (const [name, value] of Object.entries(hstsHeader())) response.headers.set(name, value);
    response.headers.set('x-request-id', requestId);
    const path = new URL(request.url).pathname;
    const ms = performance.now() - started;
    // The time spent here, for browser dev tools and for clients measuring the server alone.
    response.headers.set('server-timing', `app;dur=${ms.toFixed(1)}`);
    const template = routeTemplate(path);
    metrics().httpRequests.inc({ route: template, method: request.method, status: response.status });
    metrics().httpDuration.observe({ route: template, method: request.method }, ms / 1000);
    log.info({ requestId, method: request.method, path, status: response.status, ms: Math.round(ms) }, 'request');
    return response;
  };
}

async function authenticate(mode: AuthMode, request: Request): Promise<Caller | null> {
  switch (mode) {
    case 'none':
      return null;
    case 'cron':
      if (!isCronRequest(request)) throw new AppError('unauthorized', 'Missing or wrong cron secret');
      return null;
    case 'user':
      return withOriginCheck(request, await requireUser(request));
    case 'admin':
      return withOriginCheck(request, await requireAdmin(request));
    case 'apiKeyOrUser':
      // API keys are not ambient credentials, so they need no Origin check.
      if (bearerToken(request)) return requireApiKeyUser(request);
      return withOriginCheck(request, await requireUser(request));
    case 'adminOrCron': {
      if (isCronRequest(request)) return null;
      const user = await sessionUser(request);
      if (!user) throw new AppError('unauthorized', 'Sign in as an admin or send the cron secret');
      if (!user.isAdmin) throw new AppError('forbidden', 'Admins only');
      return withOriginCheck(request, user);
    }
  }
}

function withOriginCheck<C extends Caller>(request: Request, user: C): C {
  assertSameOrigin(request);
  return user;
}

// A body without a Content-Length (chunked) may be as large as the cap: budget that much.
function budgetClaim(request: Request, maxBytes: number) {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) ? Math.min(declared, maxBytes) : maxBytes;
}

function validRequestId(value: string | null) {
  return value && /^[A-Za-z0-9._-]{8,128}$/.test(value) ? value : null;
}
