/**
 * Error identity by `Symbol.for` markers instead of `instanceof`, so `isInstance` checks still work when two
 * copies of referral-kit are installed side by side (each copy has its own classes, but the global symbol
 * registry is shared). Internal: adapters and other doors use it for their own error classes.
 */

/** Sets a non-enumerable marker on an error, so it stays out of JSON and logs. */
export function markError(error: object, marker: symbol): void {
  Object.defineProperty(error, marker, { value: true, enumerable: false });
}

/** True when `value` carries `marker`. */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}
