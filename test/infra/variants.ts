// Reading what the variant suite gets back: srcset widths and URLs, how red a render is,
// and the render count across instances (from /api/metrics) once none is in progress.
import sharp from 'sharp';
import type { RunningApp } from './app';
import { pollUntil } from './poll';

export const widthsOf = (srcset: string) => srcset.split(', ').map((c) => Number(c.split(' ')[1].slice(0, -1)));
export const urlOf = (srcset: string, width: number) =>
  srcset
    .split(', ')
    .find((c) => c.endsWith(` ${width}w`))!
    .split(' ')[0];

export async function redPixels(bytes: Buffer) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i] > 200 && data[i + 1] < 70 && data[i + 2] < 70) red++;
  return red;
}

/** Renders counted by every instance once none is still rendering or storing one. */
export async function settledRenders(apps: RunningApp[]) {
  const settled = await pollUntil(
    () => renderStats(apps),
    (stats) => stats.inProgress === 0,
    { what: 'variant renders in progress to finish' },
  );
  return settled.rendered;
}

export async function renders(apps: RunningApp[]) {
  return (await renderStats(apps)).rendered;
}

async function renderStats(apps: RunningApp[]) {
  const stats = { rendered: 0, inProgress: 0 };
  for (const app of apps) {
    const text = await (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${app.env.CRON_SECRET}` } })).text();
    for (const line of text.split('\n')) {
      if (line.startsWith('imagedock_variant_renders_total{')) stats.rendered += Number(line.split(' ').pop());
      if (line.startsWith('imagedock_variant_renders_in_progress ')) stats.inProgress += Number(line.split(' ').pop());
    }
  }
  return stats;
}
