// npm run cleanup -- [--older-than 2h] [--dry-run] [--session ID] [--all --yes] [--json]
import { parseArgs } from 'node:util';
import { selfOrigin } from '@/lib/origin/request-origin';
import { CliError, openForCli, runCli } from '@/lib/cli/open-for-cli';
import { parseDurationHours, progressLine } from './support/progress';
import { runCleanup, type CleanupOptions } from '@/lib/cleanup/run-cleanup';
import { AppError } from '@/lib/http/errors';

const HELP = `Remove abandoned uploads: stale temp images and their rows, rows stuck uploading,
objects without rows and rows without objects. Listings awaiting payment are never touched, nor
drafts changed within DRAFT_MAX_AGE_DAYS (older drafts are abandoned and their images go).

Usage: npm run cleanup -- [options]
  --older-than DURATION  temp images of sessions without a draft, unchanged this long, go (default: TEMP_MAX_AGE_HOURS, 2h; e.g. 30m, 1d)
  --dry-run              count what would go, change nothing
  --session ID           remove one upload session's temp images, whatever their age (not a young draft's)
  --all --yes            remove every temp image (except payable checkouts and young drafts)
  --json                 print the summary as JSON
  -h, --help             this text

Exit status: 0 when everything asked for was removed, 1 on failure or when any deletion failed.`;

runCli(async () => {
  const { values } = parseArgs({
    options: {
      'older-than': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      session: { type: 'string' },
      all: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.all && !values.yes) throw new CliError('--all removes every temp image: add --yes to confirm');
  if (values.all && values.session) throw new CliError('Give either --all or --session, not both');
  const options: CleanupOptions = values.session
    ? { trigger: 'cli', action: 'delete-session', uploadSessionId: values.session, dryRun: values['dry-run'] }
    : values.all
      ? { trigger: 'cli', action: 'delete-all', dryRun: values['dry-run'] }
      : {
          trigger: 'cli',
          action: 'cleanup-old',
          dryRun: values['dry-run'],
          hoursOld: values['older-than'] ? parseDurationHours(values['older-than']) : undefined,
        };

  const { handle, storage } = await openForCli(`curl -H "Authorization: Bearer $CRON_SECRET" ${selfOrigin()}/api/cron/cleanup`);
  const progress = progressLine('clean-up');
  try {
    const summary = await runCleanup(handle, storage, {
      ...options,
      onProgress: (p) => progress.update(`found ${p.found}, deleted ${p.deleted}, failed ${p.failed}`),
    });
    progress.done();
    if (values.json) console.log(JSON.stringify(summary));
    else
      console.log(
        `${summary.dryRun ? 'Dry run: would remove' : 'Removed'} ${summary.dryRun ? summary.found : summary.deleted} of ${summary.found} found, ${summary.failed} failed (run ${summary.runId})`,
      );
    return summary.failed > 0 ? 1 : 0;
  } catch (err) {
    progress.done();
    if (err instanceof AppError) throw new CliError(`clean-up: ${err.message}`);
    throw err;
  } finally {
    await handle.close();
  }
});
