// Sizes as people read them, the same everywhere (pages, refusals, CLIs): "812 bytes", "340 KB",
// "4.2 MB". Plain code, no imports, so client components use it too.
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Whole kilobytes; one decimal from megabytes up, dropped when it is ".0".
  return unit === 0 ? `${Math.round(value)} KB` : `${Number(value.toFixed(1))} ${units[unit]}`;
}
