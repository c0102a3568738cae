// The one way unit tests read a refusal: which AppError a call throws.
import { AppError } from '@/lib/http/errors';

/** How `run` ends: 'no error', or the AppError it throws as `<code>: <message>`. Any other error is rethrown. */
export function appErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'no error';
}
