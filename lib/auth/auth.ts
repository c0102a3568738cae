// better-auth: users, sessions, password hashing and API keys, on our database.
// Built lazily because it needs the opened database (never at import or build time).
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { apiKey } from '@better-auth/api-key';
import { eq } from 'drizzle-orm';
import { getDb, type Db } from '@/lib/db/client';
import { env } from '@/lib/env';
import * as schema from '@/lib/db/schema';
import { localHostPatterns } from '@/lib/origin/local-hosts';
import { ownOriginOf } from '@/lib/origin/request-origin';
import { processWide } from '@/lib/process-wide';
import { authHooks } from './auth-hooks';
import { passwordResetMail, verificationMail } from './auth-mails';
import { AUTH_CLIENT_ADDRESS_HEADER } from './auth-request';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-strength';
import { mailMode, sendMail } from './send-mail';
import { clearSignInAttempts } from './sign-in-limit';

const API_KEY_PREFIX = 'idk_';

// The plugin's endpoints (/api-key/create, /list, …) mint keys with any prefix and expiry:
// none is reachable over HTTP; /api/keys calls the plugin server-side instead.
const apiKeyPlugin = () =>
  apiKey({
    defaultPrefix: API_KEY_PREFIX,
    startingCharactersConfig: { shouldStore: true, charactersLength: 10 },
    maximumNameLength: 64,
    requireName: true,
    // The service API has its own per-user limiter (rate-limiter-flexible); the plugin's
    // default of 10 verifications a day per key would stop any real generator.
    rateLimit: { enabled: false },
  });

function createAuth(db: Db) {
  const config = env();
  const keys = apiKeyPlugin();
  return betterAuth({
    appName: 'imagedock',
    secret: config.BETTER_AUTH_SECRET,
    // Embedded mode without APP_URL: whichever of this machine's addresses the request used,
    // with cookies and links for that address (plain http: `next start` has no TLS).
    // The fallback serves server-side calls that carry no request (API keys made by /api/keys).
    baseURL: config.APP_URL ?? { allowedHosts: localHostPatterns(), protocol: 'http', fallback: `http://localhost:${config.PORT}` },
    trustedOrigins: config.APP_URL
      ? [config.APP_URL]
      : (request) => {
          const origin = request && ownOriginOf(request.headers);
          return origin ? [origin] : [];
        },
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: {
        user: schema.users,
        session: schema.sessions,
        account: schema.accounts,
        verification: schema.verifications,
        apikey: schema.apiKeys,
        rateLimit: schema.authRateLimits,
      },
    }),
    user: {
      // Read with every session, so deciding admin rights costs no extra query.
      additionalFields: { adminGrantedAt: { type: 'date', required: false, input: false } },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      autoSignIn: true,
      // SPEC §3: a user works at once; verification is needed for admin rights only.
      requireEmailVerification: false,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => sendMail(passwordResetMail(user.email, url)),
      onPasswordReset: async ({ user }) => {
        // The reset link reached the address: that verifies it as well as a verification link does.
        await db.update(schema.users).set({ emailVerified: true }).where(eq(schema.users.id, user.id));
        await clearSignInAttempts(db, user.email);
      },
    },
    emailVerification: {
      sendOnSignUp: mailMode(config) !== 'off',
      expiresIn: 60 * 60,
      sendVerificationEmail: async ({ user, url }) => sendMail(verificationMail(user.email, url)),
    },
    hooks: authHooks(db),
    disabledPaths: Object.values(keys.endpoints).map((endpoint) => endpoint.path),
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    // In the database so every instance shares the counts. Generous enough that a person
    // retrying a typo'd password or signing up and in again is never blocked.
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: config.AUTH_SIGN_IN_PER_MINUTE },
        '/sign-up/email': { window: 60, max: config.AUTH_SIGN_IN_PER_MINUTE },
      },
    },
    // Only the address our route handler sets (lib/auth/auth-request.ts) is believed; a
    // client's X-Forwarded-For would give every guess a fresh limit.
    advanced: { ipAddress: { ipAddressHeaders: [AUTH_CLIENT_ADDRESS_HEADER] } },
    plugins: [keys, nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function getAuth(): Promise<Auth> {
  const holder = processWide('auth', () => ({ creating: undefined as Promise<Auth> | undefined }));
  holder.creating ??= getDb()
    .then(createAuth)
    .catch((err) => {
      holder.creating = undefined;
      throw err;
    });
  return holder.creating;
}
