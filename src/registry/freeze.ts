/**
 * Freezes a plain data structure all the way down. The registry hands out its own objects (no copies on
 * every call), so they must be immutable or one caller could change what the next one sees.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
