// Runs once when the server starts (not during `next build`): validate the configuration
// and open + migrate the database. If either fails the process exits, because a server
// that keeps listening would answer 500 to everything (STACK.md).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { loadEnv, EnvError } = await import('@/lib/env');
  try {
    loadEnv();
    const { getDatabase } = await import('@/lib/db/client');
    await getDatabase();
  } catch (err) {
    console.error(err instanceof EnvError ? err.message : `imagedock could not start: ${(err as Error).message}`);
    process.exit(1);
  }
}
