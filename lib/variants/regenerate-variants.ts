// npm run media -- regenerate: renders the current presets' variants ahead of traffic, for
// every uploaded image (or one preset), in batches of rows by id. What is stored already is
// skipped, so a run that crashed or was stopped resumes where it was by running it again.
// It goes through the same lock as requests, so it may run beside the servers; originals are
// only read.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { DatabaseHandle } from '@/lib/db/client';
import { images } from '@/lib/db/schema';
import type { StorageDriver } from '@/lib/storage/driver';
import { env } from '@/lib/env';
import { failAt } from '@/lib/faults';
import { PRESETS, PRESET_NAMES, focalOf, presetVersion, renderedWidth, type PresetName } from './presets';
import { ensureVariantStored, findStored, type VariantSpec } from './ensure-variant';
import type { TargetFormat } from './negotiate-format';

const BATCH = 100;

export interface RegenerateOptions {
  preset?: PresetName;
  dryRun: boolean;
  onProgress?: (p: RegenerateSummary) => void;
}
export interface RegenerateSummary {
  images: number;
  variants: number;
  rendered: number;
  existing: number;
  failed: number;
  errors: string[];
}

type Row = { id: string; key: string; mimeType: string; width: number | null; focalX: number | null; focalY: number | null };

/** What a page asks for: width presets up to the original's width in every format `f=auto` may pick; `og` as the JPEG link previews read. */
export function plannedVariants(row: Row, only?: PresetName): VariantSpec[] {
  const specs: VariantSpec[] = [];
  const widths = new Set<number>();
  for (const name of PRESET_NAMES) {
    const preset = PRESETS[name];
    if (preset.kind === 'width') {
      const width = renderedWidth(preset, row.width ?? preset.width);
      if (widths.has(width)) continue; // srcset lists one candidate per width
      widths.add(width);
    }
    if (only && name !== only) continue;
    const targets: TargetFormat[] = preset.kind === 'crop' ? ['jpeg'] : ['avif', 'webp', 'fallback'];
    const focal = focalOf(row);
    for (const target of targets) {
      specs.push({ imageId: row.id, originalKey: row.key, mimeType: row.mimeType, preset: name, version: presetVersion(name, focal), target, focal });
    }
  }
  return specs;
}

export async function regenerateVariants(handle: DatabaseHandle, storage: StorageDriver, options: RegenerateOptions): Promise<RegenerateSummary> {
  const summary: RegenerateSummary = { images: 0, variants: 0, rendered: 0, existing: 0, failed: 0, errors: [] };
  const workers = env().VARIANT_RENDER_CONCURRENCY;
  for (let after = ''; ; ) {
    const rows: Row[] = await handle.db
      .select({ id: images.id, key: images.key, mimeType: images.mimeType, width: images.width, focalX: images.focalX, focalY: images.focalY })
      .from(images)
      .where(and(eq(images.status, 'uploaded'), after ? gt(images.id, after) : undefined))
      .orderBy(asc(images.id))
      .limit(BATCH);
    if (rows.length === 0) return summary;
    after = rows[rows.length - 1].id;
    const work = rows.flatMap((row) => plannedVariants(row, options.preset));
    summary.images += rows.length;
    summary.variants += work.length;
    let crashed: unknown = null;
    const next = async () => {
      for (let spec = work.shift(); spec && !crashed; spec = work.shift()) {
        try {
          if (await findStored(storage, spec)) summary.existing += 1;
          else if (!options.dryRun) {
            await ensureVariantStored(handle, storage, spec);
            summary.rendered += 1;
            failAt('regenerate:after-variant');
          }
        } catch (err) {
          if ((err as Error).name === 'InjectedFault') {
            crashed = err;
            return;
          }
          summary.failed += 1;
          if (summary.errors.length < 20) summary.errors.push(`${spec.imageId} ${spec.preset}/${spec.target}: ${(err as Error).message}`);
        }
        options.onProgress?.(summary);
      }
    };
    // Every worker has stopped before a crash is reported, as after a real one.
    await Promise.all(Array.from({ length: workers }, next));
    if (crashed) throw crashed;
  }
}
