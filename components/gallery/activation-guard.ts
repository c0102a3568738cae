// A double click, or Enter pressed twice, on a delete button must not delete two images: the
// next tile slides under the pointer (and the focus moves to its delete button) at once. Any
// delete within `quietMs` of the last one acted on is ignored, and so is any other tile
// action (view, move) in that time: the second click lands on whatever slid under it.
export function createActivationGuard(quietMs: number, now: () => number = () => performance.now()) {
  let last = -Infinity;
  const settling = () => now() - last < quietMs;
  return {
    /** For the guarded action itself: true (and the quiet time restarts) unless settling. */
    allow(): boolean {
      if (settling()) return false;
      last = now();
      return true;
    },
    /** For the other actions on the tiles: true while the last guarded one is settling. */
    settling,
  };
}
