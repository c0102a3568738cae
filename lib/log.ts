// The one pino logger. Secrets, cookies and credentials are redacted wherever they appear.
import pino from 'pino';
import { env } from '@/lib/env';

const holder = globalThis as unknown as { __imagedockLog?: pino.Logger };

function createLogger() {
  return pino({
    level: env().LOG_LEVEL,
    base: undefined,
    redact: {
      paths: [
        'req.headers.cookie', 'req.headers.authorization', 'headers.cookie', 'headers.authorization',
        '*.password', '*.token', '*.key', '*.secret', 'password', 'token', 'apiKey', '*.apiKey',
      ],
      censor: '[redacted]',
    },
  });
}

export const log: pino.Logger = new Proxy({} as pino.Logger, {
  get(_target, prop) {
    holder.__imagedockLog ??= createLogger();
    const value = Reflect.get(holder.__imagedockLog, prop);
    return typeof value === 'function' ? value.bind(holder.__imagedockLog) : value;
  },
});
