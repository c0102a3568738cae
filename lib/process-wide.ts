// Next evaluates a module once per route bundle, even in one process, so a module-level
// value or class exists several times over. What must be one per process lives here, under
// a registered symbol every bundle resolves to the same key; and errors that cross bundles
// (thrown by a singleton one bundle built, caught by another) are recognised by a brand,
// not by which copy of the class made them.

const slots = globalThis as unknown as Record<symbol, unknown>;

/** The one value named `name` in this process, made by the first caller from any bundle. */
export function processWide<T>(name: string, create: () => T): T {
  const slot = Symbol.for(`imagedock.${name}`);
  if (!(slot in slots)) slots[slot] = create();
  return slots[slot] as T;
}

/** Forgets a process-wide value (tests and CLIs that reload configuration). */
export function resetProcessWide(name: string) {
  delete slots[Symbol.for(`imagedock.${name}`)];
}

/** Marks instances and recognises them by a registered symbol, whichever bundle made them. */
function crossBundleBrand(name: string) {
  const mark = Symbol.for(`imagedock.brand.${name}`);
  return {
    mark(instance: object) {
      Object.defineProperty(instance, mark, { value: true });
    },
    is(value: unknown): boolean {
      return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[mark] === true;
    },
  };
}

/**
 * A base for an error class that crosses bundles: `instanceof` holds for an instance made by
 * any bundle's copy, and `name` is `name`. Use as `class FooError extends crossBundleError('FooError')`;
 * a subclass of FooError shares its brand, so it needs a base of its own to be told apart.
 */
export function crossBundleError(name: string) {
  const brand = crossBundleBrand(name);
  return class extends Error {
    static [Symbol.hasInstance](value: unknown) {
      return brand.is(value);
    }

    constructor(message?: string, options?: ErrorOptions) {
      super(message, options);
      this.name = name;
      brand.mark(this);
    }
  };
}
