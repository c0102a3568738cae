// --help texts of `npm run media`, kept apart so scripts/media.ts stays parse-and-dispatch.
const COMMON = `  --json                 print the result as one JSON line (progress and prompts go to stderr)
  -h, --help             this text`;

export const MEDIA_HELP = {
  media: `Operator tools for every image reference at once.

Usage: npm run media -- <command> [options]     (npm run media -- <command> --help for more)
  snapshot [--out DIR]           write every listing and image reference to one JSON file
  purge [--live] [--yes]         remove every image reference (dry run unless --live)
  restore FILE [--live]          put back the references of a snapshot that are missing
  verify [--fix-orphans --yes]   rows without objects, objects without rows
  regenerate [--preset P] [--dry-run]  render the current presets' variants ahead of traffic

Exit status: 0 on success (verify: only when everything is in step), non-zero otherwise.`,

  snapshot: `Write every upload session, listing and image reference (rows, not image bytes) to
DIR/media-snapshot-<UTC time>.json. The header (first line) holds totalListings, totalImages,
the schema version and the SHA-256 of the body; the file appears only when complete.

Usage: npm run media -- snapshot [options]
  --out DIR              folder for the file (default: exports)
${COMMON}`,

  purge: `Remove every image reference (the images rows) in one transaction. Stored objects are never
touched. A dry run (the default) lists what would go, per listing and in total.

Usage: npm run media -- purge [options]
  --live                 really purge: needs a snapshot under 24 h old that verifies and still
                         matches the database (same listings count, exactly the same images)
  --snapshots DIR        where to look for it (default: exports)
  --yes                  skip the 5 s countdown (Ctrl+C during it aborts, nothing changed)
${COMMON}

Exit status: 0 when purged (or a dry run), 1 when refused or failed, 130 when aborted.`,

  restore: `Put back every reference of a snapshot that is missing from the database, in one
transaction; rows that exist are left alone, so running it twice changes nothing. The file's
hash and schema version are checked first. Rows whose owner, listing or upload session is gone,
or whose image object is no longer in storage, are reported and not restored.

Usage: npm run media -- restore FILE [options]
  --live                 really restore (default: a dry run that reports what would happen)
${COMMON}

Exit status: 0 when every missing row was (or would be) restored, 1 otherwise.`,

  verify: `Compare storage with the database under temp/, listings/ and users/: rows without their
objects and objects without rows. Rows still uploading are shown but are not a fault. The
result is recorded for the admin page.

Usage: npm run media -- verify [options]
  --fix-orphans --yes    hand what is out of step to the clean-up engine (a regular
                         'cleanup-old' run: its grace periods and protections apply), then
                         verify again
${COMMON}

Variants (variants/) are derived from the originals: counted apart, never lost or orphans.

Exit status: 0 only when everything is in step, 1 otherwise.`,

  regenerate: `Render the variants of the current presets (sm, md, lg in AVIF, WebP and JPEG/PNG;
og as JPEG) for every uploaded image, ahead of traffic, in batches. Variants already stored
are skipped, so a run that was stopped or crashed resumes when run again. Safe beside
running servers (the same render lock); originals are only read.

Usage: npm run media -- regenerate [options]
  --preset P             only this preset (sm, md, lg, og)
  --dry-run              count what would be rendered, render nothing
${COMMON}

Exit status: 0 when every variant is stored (or would be), 1 when some failed.`,
} as const;
