// The one pino logger. Secrets, cookies and credentials are redacted wherever they appear.
import pino from 'pino';
import { env } from '@/lib/env';
import { processWide } from '@/lib/process-wide';

function createLogger() {
  return pino({
    level: env().LOG_LEVEL,
    base: undefined,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'headers.cookie',
        'headers.authorization',
        '*.password',
        '*.token',
        '*.key',
        '*.secret',
        'password',
        'token',
        'apiKey',
        '*.apiKey',
      ],
      censor: '[redacted]',
    },
  });
}

export const log: pino.Logger = new Proxy({} as pino.Logger, {
  get(_target, prop) {
    const logger = processWide('log', createLogger);
    const value = Reflect.get(logger, prop);
    return typeof value === 'function' ? value.bind(logger) : value;
  },
});
