// A ThumbHash (base64, as the API gives it) as a data URL to paint while the picture loads.
// Works in the browser and on the server (atob is global in both).
import { thumbHashToDataURL } from 'thumbhash';

export function placeholderUrl(placeholder: string | null | undefined): string | undefined {
  if (!placeholder) return undefined;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(placeholder), (c) => c.charCodeAt(0)));
  } catch {
    return undefined; // a damaged hash only costs the blur
  }
}
