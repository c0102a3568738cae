// heic-decode 2.1 ships no types; only the call we use is declared.
declare module 'heic-decode' {
  interface DecodedHeic {
    width: number;
    height: number;
    /** RGBA, 4 bytes per pixel, row by row */
    data: Uint8ClampedArray;
  }
  /** Decodes the first top-level image; rejects when the bytes are not a readable HEIF. */
  export default function decode(input: { buffer: Uint8Array }): Promise<DecodedHeic>;
}
