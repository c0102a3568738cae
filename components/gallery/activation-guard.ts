// A double click, or Enter pressed twice, on a delete button must not delete two images: the
// next tile slides under the pointer (and the focus moves to its delete button) at once. Any
// activation within `quietMs` of the last one that was acted on is ignored.
export function createActivationGuard(quietMs: number, now: () => number = () => performance.now()) {
  let last = -Infinity;
  return function allow(): boolean {
    const at = now();
    if (at - last < quietMs) return false;
    last = at;
    return true;
  };
}
