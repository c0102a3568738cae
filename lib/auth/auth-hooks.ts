// better-auth hooks: what its own endpoints do not check. Names are bounded, weak passwords
// refused with the reason, failed sign-ins counted per account, and the mail endpoints
// answer 503 when this server cannot send mail. Errors are better-auth's JSON
// ({message, code}) with the right status.
import { APIError, createAuthMiddleware } from 'better-auth/api';
import type { Db } from '@/lib/db/client';
import { checkPassword } from './password-strength';
import { checkName } from './user-name';
import { AccountLockedError, claimSignInAttempt, refundSignInAttempt } from './sign-in-limit';
import { mailMode } from './send-mail';

// Where the mailed links lead once better-auth has checked their token.
const VERIFIED_PATH = '/email-verified';
const RESET_PATH = '/reset-password';

type Body = Record<string, unknown>;
const bodyOf = (body: unknown): Body | null => (body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : null);

async function refuseWeakPassword(password: unknown, related: unknown[]) {
  if (typeof password !== 'string') return; // better-auth's own validation answers
  const problem = await checkPassword(
    password,
    related.filter((v): v is string => typeof v === 'string'),
  );
  if (problem) throw new APIError('BAD_REQUEST', { message: problem.message, code: problem.code });
}

function boundedName(name: unknown) {
  const checked = checkName(name);
  if (!checked.ok) throw new APIError('BAD_REQUEST', { message: checked.message, code: checked.code });
  return checked.name;
}

function refuseWithoutMail() {
  if (mailMode() === 'off') {
    throw new APIError('SERVICE_UNAVAILABLE', {
      message: 'This server cannot send mail (SMTP_URL is not configured): ask its operator.',
      code: 'MAIL_NOT_CONFIGURED',
    });
  }
}

export function authHooks(db: Db) {
  const before = createAuthMiddleware(async (ctx) => {
    const body = bodyOf(ctx.body);
    switch (ctx.path) {
      case '/sign-up/email': {
        if (!body) return;
        const name = boundedName(body.name);
        await refuseWeakPassword(body.password, [body.email, name]);
        return { context: { body: { ...body, name, callbackURL: body.callbackURL ?? VERIFIED_PATH } } };
      }
      case '/update-user':
        if (body && 'name' in body) return { context: { body: { ...body, name: boundedName(body.name) } } };
        return;
      case '/reset-password':
      case '/change-password':
        await refuseWeakPassword(body?.newPassword, []);
        return;
      case '/sign-in/email':
        if (typeof body?.email !== 'string') return;
        try {
          await claimSignInAttempt(db, body.email);
        } catch (err) {
          if (!(err instanceof AccountLockedError)) throw err;
          throw new APIError('TOO_MANY_REQUESTS', { message: err.message, code: 'ACCOUNT_LOCKED' }, { 'Retry-After': String(err.retryAfterSeconds) });
        }
        return;
      case '/send-verification-email':
        refuseWithoutMail();
        if (body && !body.callbackURL) return { context: { body: { ...body, callbackURL: VERIFIED_PATH } } };
        return;
      case '/request-password-reset':
        refuseWithoutMail();
        if (body && !body.redirectTo) return { context: { body: { ...body, redirectTo: RESET_PATH } } };
        return;
    }
  });

  const after = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== '/sign-in/email') return;
    const body = bodyOf(ctx.body);
    // Only failures count: a sign-in that made a session gives its attempt back.
    if (typeof body?.email === 'string' && ctx.context.newSession) await refundSignInAttempt(db, body.email);
  });

  return { before, after };
}
