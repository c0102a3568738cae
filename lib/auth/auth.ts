// better-auth: users, sessions, password hashing and API keys, on our database.
// Built lazily because it needs the opened database (never at import or build time).
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { apiKey } from '@better-auth/api-key';
import { getDb, type Db } from '@/lib/db/client';
import { env } from '@/lib/env';
import * as schema from '@/lib/db/schema';
import { localHostPatterns } from '@/lib/origin/local-hosts';
import { ownOriginOf } from '@/lib/origin/request-origin';
import { processWide } from '@/lib/process-wide';

export const API_KEY_PREFIX = 'idk_';

function createAuth(db: Db) {
  const config = env();
  return betterAuth({
    appName: 'imagedock',
    secret: config.BETTER_AUTH_SECRET,
    // Embedded mode without APP_URL: whichever of this machine's addresses the request used,
    // with cookies and links for that address (plain http: `next start` has no TLS).
    baseURL: config.APP_URL ?? { allowedHosts: localHostPatterns(), protocol: 'http' },
    trustedOrigins: config.APP_URL ? [config.APP_URL] : (request) => {
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
    emailAndPassword: { enabled: true, minPasswordLength: 8, maxPasswordLength: 128, autoSignIn: true },
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
    advanced: { ipAddress: { ipAddressHeaders: ['x-forwarded-for', 'x-real-ip'] } },
    plugins: [
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        startingCharactersConfig: { shouldStore: true, charactersLength: 10 },
        maximumNameLength: 64,
        requireName: true,
        // The service API has its own per-user limiter (rate-limiter-flexible); the plugin's
        // default of 10 verifications a day per key would stop any real generator.
        rateLimit: { enabled: false },
      }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function getAuth(): Promise<Auth> {
  const holder = processWide('auth', () => ({ creating: undefined as Promise<Auth> | undefined }));
  holder.creating ??= getDb().then(createAuth).catch((err) => {
    holder.creating = undefined;
    throw err;
  });
  return holder.creating;
}
