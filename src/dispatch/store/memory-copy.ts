const TOO_DEEP = Symbol("too deep");

/**
 * A deep copy of JSON-shaped data (plain objects, arrays, primitives, `undefined` values kept), much
 * cheaper than `structuredClone` for the small objects a store hands out; anything else (a `Date` in a
 * receipt's `raw`, a structure too deep or cyclic) is left to `structuredClone`. Unlike `structuredClone`,
 * an object reached twice is copied twice; nothing the store holds shares objects that way.
 */
export function copyValue<T>(value: T): T {
  try {
    return copyPlain(value, 0);
  } catch (error) {
    if (error === TOO_DEEP) return structuredClone(value);
    throw error;
  }
}

function copyPlain<T>(value: T, depth: number): T {
  if (typeof value !== "object" || value === null) {
    // structuredClone refuses functions and symbols; so does this copy.
    return typeof value === "function" || typeof value === "symbol" ? structuredClone(value) : value;
  }
  if (depth > 200) throw TOO_DEEP;
  const proto = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const array = value as unknown[];
    const out: unknown[] = new Array(array.length);
    for (let i = 0; i < array.length; i += 1) {
      const item = array[i];
      if (item === undefined && !(i in array)) continue; // a hole stays a hole
      out[i] = copyPlain(item, depth + 1);
    }
    return out as T;
  }
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = copyPlain((value as Record<string, unknown>)[key], depth + 1);
      if (key === "__proto__") {
        Object.defineProperty(out, key, {
          value: inner,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = inner;
      }
    }
    return out as T;
  }
  return structuredClone(value);
}
