// The one route wrapper: request id, authentication, the Origin check, one log line per
// request and error mapping. Handlers parse, call one verb and return.
import { randomUUID } from 'node:crypto';
import { log } from '@/lib/log';
import { AppError, toErrorResponse } from './errors';
import { assertSameOrigin } from './origin';
import { consumeRateLimit, type RateLimitOption } from './rate-limit';
import { hstsHeader } from './security-headers';
import { countRequest } from './counted';
import { ownOriginOf, withRequestOrigin } from '@/lib/origin/request-origin';
import { bearerToken, isCronRequest, requireAdmin, requireApiKeyUser, requireUser, sessionUser, type Caller, type SessionCaller } from '@/lib/auth/require';

// One reason for every request: abort() without one builds a DOMException (a stack trace) per
// request, a tenth of a stored image's hit. Body readers only need the event, not the reason.
const ANSWER_DECIDED = Object.freeze({ name: 'AnswerDecided', message: 'the answer is decided' });

type AuthMode = 'none' | 'user' | 'admin' | 'apiKeyOrUser' | 'adminOrCron' | 'cron';

type CallerFor<M extends AuthMode> = M extends 'user' | 'admin'
  ? SessionCaller
  : M extends 'apiKeyOrUser'
    ? Caller
    : M extends 'adminOrCron'
      ? SessionCaller | null
      : null;

interface RouteContext<M extends AuthMode> {
  request: Request;
  params: Record<string, string | string[]>;
  user: CallerFor<M>;
  requestId: string;
  /** Aborted once the answer is decided (sent, refused or failed): reads of the body stop. */
  signal: AbortSignal;
}

interface RouteOptions<M extends AuthMode> {
  auth: M;
  /** `'service'`: counted per user, in the bucket of the caller's kind (rate-limit.ts). */
  rateLimit?: RateLimitOption;
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
    const serve = async () => {
      // The stream is cut off whenever the answer no longer needs it (refused, done, failed).
      const aborted = new AbortController();
      try {
        const user = await admit();
        const params = (await context.params) ?? {};
        // Links in the answer (signed URLs, checkout) are made for the address the caller used.
        return await withRequestOrigin(ownOriginOf(request.headers), () => handler({ request, params, user, requestId, signal: aborted.signal }));
      } finally {
        aborted.abort(ANSWER_DECIDED);
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
    countRequest(request, response.status, ms);
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

function validRequestId(value: string | null) {
  return value && /^[A-Za-z0-9._-]{8,128}$/.test(value) ? value : null;
}
