// The one route wrapper: request id, authentication, the Origin check, one log line per
// request and error mapping. Handlers parse, call one verb and return.
import { randomUUID } from 'node:crypto';
import { log } from '@/lib/log';
import { AppError, toErrorResponse } from './errors';
import { assertSameOrigin } from './origin';
import { consumeRateLimit } from './rate-limit';
import { readCappedBytes } from './body';
import { withBodyBudget } from './body-budget';
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
  /**
   * Read the body while the caller is authenticated, capped at maxBytes (413 beyond). With
   * `budgeted`, the request holds its share of the process-wide body budget while it runs.
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
    const serve = async () => {
      // The body streams in while the credential is checked; a refused caller's read is cut off.
      const aborted = new AbortController();
      const body = options.rawBody ? readCappedBytes(request, options.rawBody.maxBytes(), aborted.signal) : Promise.resolve(Buffer.alloc(0));
      body.catch(() => {}); // its error, if any, is thrown below once the caller is known
      try {
        const user = (await authenticate(options.auth, request)) as CallerFor<M>;
        // Service routes are rate limited per user, whatever the credential.
        if (options.auth === 'apiKeyOrUser' && user) limitHeaders = await consumeRateLimit(user.id);
        const params = (await context.params) ?? {};
        const rawBody = await body;
        // Links in the answer (signed URLs, checkout) are made for the address the caller used.
        return await withRequestOrigin(ownOriginOf(request.headers), () => handler({ request, params, user, requestId, rawBody }));
      } finally {
        aborted.abort();
      }
    };
    try {
      response = options.rawBody?.budgeted ? await withBodyBudget(budgetClaim(request, options.rawBody.maxBytes()), serve) : await serve();
    } catch (err) {
      response = toErrorResponse(err, requestId);
    }
    for (const [name, value] of Object.entries(limitHeaders)) response.headers.set(name, value);
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
