// npm run media -- snapshot|purge|restore|verify [options]: operator tools for every image
// reference at once. The work lives in lib/media/; this file parses, dispatches and prints.
import { parseArgs } from 'node:util';
import { CliError, openForCli, runCli } from '@/lib/cli/open-for-cli';
import { progressLine } from './support/progress';
import { env } from '@/lib/env';
import { formatBytes } from '@/lib/format-bytes';
import { selfOrigin } from '@/lib/origin/request-origin';
import { AppError } from '@/lib/http/errors';
import { countdown, withoutInterruption } from './support/countdown';
import { MEDIA_HELP } from './support/media-help';
import { executePurge, planPurge, requireFreshSnapshot } from '@/lib/media/purge';
import { restoreMedia } from '@/lib/media/restore';
import { createSnapshot } from '@/lib/media/snapshot';
import { verifyMedia, type VerifyResult } from '@/lib/media/verify';
import { verifyAndFix } from './support/verify-and-fix';
import { PRESET_NAMES, isPresetName } from '@/lib/variants/presets';

const COUNTDOWN_SECONDS = 5;
const common = { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } as const;
const NO_SERVER_EQUIVALENT = 'nothing: the media tools have no server equivalent. Stop the server while this runs, or move to PostgreSQL (DATABASE_URL)';

type Opened = Awaited<ReturnType<typeof openForCli>>;

/** Opens the database and storage, runs `work`, always closes; AppErrors become plain messages. */
async function withMedia(alternative: string, work: (opened: Opened) => Promise<number>) {
  const opened = await openForCli(alternative);
  try {
    return await work(opened);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message);
    throw err;
  } finally {
    await opened.handle.close();
  }
}

const print = (json: boolean, value: unknown, text: () => string) => console.log(json ? JSON.stringify(value) : text());

async function snapshot(args: string[]) {
  const { values } = parseArgs({ args, options: { ...common, out: { type: 'string', default: 'exports' } }, strict: true });
  if (values.help) return help('snapshot');
  return withMedia(NO_SERVER_EQUIVALENT, async ({ handle }) => {
    const progress = progressLine('snapshot');
    const result = await createSnapshot(handle.db, { outDir: values.out, onProgress: (p) => progress.update(`${p.section}: ${p.rows} rows`) }).finally(() =>
      progress.done(),
    );
    const h = result.header;
    print(
      values.json,
      result,
      () =>
        `Snapshot ${result.file}: ${h.totalListings} listings, ${h.totalImages} images, ${h.totalUploadSessions} upload sessions (${formatBytes(result.bytes)}, body sha256 ${h.bodySha256.slice(0, 12)}…)`,
    );
    return 0;
  });
}

async function purge(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      ...common,
      live: { type: 'boolean', default: false },
      yes: { type: 'boolean', default: false },
      snapshots: { type: 'string', default: 'exports' },
    },
    strict: true,
  });
  if (values.help) return help('purge');
  return withMedia(NO_SERVER_EQUIVALENT, async ({ handle }) => {
    const plan = await planPurge(handle.db);
    if (!values.live) {
      print(values.json, { dryRun: true, ...plan }, () =>
        [
          ...plan.perListing.map((l) => `  ${l.listingId ?? '(no listing: temp uploads, generated)'}  ${l.title ?? ''}  ${l.images} images`),
          `Dry run: would remove ${plan.total} image references in ${plan.perListing.filter((l) => l.listingId).length} listings; stored objects untouched. Add --live to purge.`,
        ].join('\n'),
      );
      return 0;
    }
    const progress = progressLine('purge');
    const fresh = await requireFreshSnapshot(handle.db, values.snapshots, {
      onProgress: (rows) => progress.update(`checking the snapshot: ${rows} rows`),
    }).finally(() => progress.done());
    if (!values.yes) {
      console.error(`Snapshot ${fresh.file} (${fresh.header.createdAt}) matches the database.`);
      const outcome = await countdown(COUNTDOWN_SECONDS, (left) => console.error(`Removing ${plan.total} image references in ${left} s… (Ctrl+C aborts)`));
      if (outcome === 'aborted') {
        console.error('Aborted: nothing was purged.');
        return 130;
      }
    }
    const { deleted } = await withoutInterruption(
      () => console.error('The purge is committing; it cannot be stopped now.'),
      () => executePurge(handle.db, fresh.header),
    );
    print(values.json, { dryRun: false, deleted, snapshot: fresh.file }, () =>
      [
        `Purged ${deleted} image references; stored objects untouched. To put them back: npm run media -- restore ${fresh.file} --live`,
        `Note: clean-up (cron, npm run cleanup) deletes objects without rows once they are ${env().TEMP_MAX_AGE_HOURS} h old; restore before it runs.`,
      ].join('\n'),
    );
    return 0;
  });
}

async function restore(args: string[]) {
  const { values, positionals } = parseArgs({ args, options: { ...common, live: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (values.help) return help('restore');
  if (positionals.length !== 1) throw new CliError('Give exactly one snapshot file: npm run media -- restore FILE [--live]');
  return withMedia(NO_SERVER_EQUIVALENT, async ({ handle, storage }) => {
    const progress = progressLine('restore');
    const summary = await restoreMedia(handle.db, storage, positionals[0], {
      live: values.live,
      onProgress: (p) => progress.update(`${p.phase}: ${p.rows} rows`),
    }).finally(() => progress.done());
    const problems = Object.values(summary.problems).reduce((a, b) => a + b, 0);
    print(values.json, summary, () =>
      [
        ...summary.samples.map((p) => `  not restored: ${p.section} ${p.id} (${p.reason}${p.key ? ` ${p.key}` : ''})`),
        `${summary.live ? 'Restored' : 'Dry run: would restore'} ${summary.restored.uploadSessions} upload sessions, ${summary.restored.listings} listings, ${summary.restored.images} images; ` +
          `${summary.present.images} images and ${summary.present.listings} listings were already there; ${problems} rows not restored` +
          `${
            problems
              ? ` (${Object.entries(summary.problems)
                  .filter(([, n]) => n)
                  .map(([r, n]) => `${n} ${r}`)
                  .join(', ')})`
              : ''
          }` +
          `${summary.thumbnailsMissing ? `; ${summary.thumbnailsMissing} restored images lack their thumbnail` : ''}.${summary.live ? '' : ' Add --live to restore.'}`,
      ].join('\n'),
    );
    return problems > 0 ? 1 : 0;
  });
}

function describeVerify(result: VerifyResult) {
  return [
    ...result.prefixes.map(
      (p) =>
        `  ${p.prefix.padEnd(10)} ${p.matched} in step, ${p.missingOriginals} rows without objects, ${p.missingThumbnails} thumbnails missing, ${p.orphanObjects} objects without rows${p.uploading ? ` (${p.uploading} still uploading)` : ''}`,
    ),
    ...result.samples.missing.map((m) => `  row without object: ${m.key} (image ${m.imageId}, ${m.role})`),
    ...result.samples.orphans.map((o) => `  object without row: ${o.key}`),
    `  variants/  ${result.derivedVariants} derived objects (rendered from originals: not counted as lost or orphaned)`,
    result.ok ? 'In step: every row has its objects and every object its row.' : 'Out of step.',
  ].join('\n');
}

async function verify(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { ...common, 'fix-orphans': { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) return help('verify');
  if (values['fix-orphans'] && !values.yes) throw new CliError('--fix-orphans hands orphans to the clean-up engine, which deletes them: add --yes to confirm');
  return withMedia(`${selfOrigin()}/admin shows the last verify result`, async ({ handle, storage }) => {
    const progress = progressLine('verify');
    const onProgress = (p: { prefix: string; seen: number }) => progress.update(`${p.prefix} ${p.seen} keys`);
    if (!values['fix-orphans']) {
      const result = await verifyMedia(handle.db, storage, { onProgress }).finally(() => progress.done());
      print(values.json, result, () => describeVerify(result));
      return result.ok ? 0 : 1;
    }
    const fixed = await verifyAndFix(handle, storage, { onProgress }).finally(() => progress.done());
    print(values.json, fixed, () =>
      [
        describeVerify(fixed.before),
        ...(fixed.cleanup && fixed.after
          ? [`Clean-up run ${fixed.cleanup.runId}: ${fixed.cleanup.deleted} removed, ${fixed.cleanup.failed} failed. Afterwards:`, describeVerify(fixed.after)]
          : []),
      ].join('\n'),
    );
    return (fixed.after ?? fixed.before).ok ? 0 : 1;
  });
}

async function regenerate(args: string[]) {
  const { values } = parseArgs({ args, options: { ...common, preset: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }, strict: true });
  if (values.help) return help('regenerate');
  const preset = values.preset;
  if (preset !== undefined && !isPresetName(preset)) throw new CliError(`Unknown preset "${preset}": one of ${PRESET_NAMES.join(', ')}`);
  return withMedia(
    'nothing: stop the server while this runs on PGlite, or move to PostgreSQL (DATABASE_URL), where it may run beside the servers',
    async ({ handle, storage }) => {
      const progress = progressLine('regenerate');
      // Loaded here only: it brings sharp and libvips (~30 MB), which no other command needs.
      const { regenerateVariants } = await import('@/lib/variants/regenerate-variants');
      const summary = await regenerateVariants(handle, storage, {
        preset,
        dryRun: values['dry-run'],
        onProgress: (p) => progress.update(`${p.images} images: ${p.rendered} rendered, ${p.existing} stored already, ${p.failed} failed`),
      }).finally(() => progress.done());
      const pending = summary.variants - summary.existing - summary.failed;
      print(values.json, { dryRun: values['dry-run'], ...summary }, () =>
        [
          ...summary.errors.map((e) => `  failed: ${e}`),
          values['dry-run']
            ? `Dry run: ${summary.images} images, ${summary.variants} variants: ${summary.existing} stored already, ${pending} would be rendered.`
            : `${summary.images} images, ${summary.variants} variants: ${summary.rendered} rendered, ${summary.existing} stored already, ${summary.failed} failed; originals untouched.`,
        ].join('\n'),
      );
      return summary.failed > 0 ? 1 : 0;
    },
  );
}

function help(command?: keyof typeof MEDIA_HELP) {
  console.log(MEDIA_HELP[command ?? 'media']);
  return 0;
}

const commands: Record<string, (args: string[]) => Promise<number> | number> = { snapshot, purge, restore, verify, regenerate };

runCli(async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '--help' || command === '-h' || command === 'help') return help();
  const run = commands[command];
  if (!run) throw new CliError(`Unknown command "${command}"\n\n${MEDIA_HELP.media}`);
  try {
    return await run(rest);
  } catch (err) {
    // parseArgs' own errors (unknown option, missing value) are the user's, not a crash.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new CliError(`${(err as Error).message}\n\n${MEDIA_HELP[command as keyof typeof MEDIA_HELP]}`);
    throw err;
  }
});
