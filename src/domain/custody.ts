import type { z } from "zod";
import { canonicalJson } from "./canonical-json.js";
import { CustodyError } from "./disclosure-errors.js";
import { CustodyEntry, Evidence } from "./schemas/evidence.js";
import { validate } from "./validate.js";

/**
 * Appends one entry to a capture's custody log and returns the new evidence (the input is not changed).
 * The log only grows: an entry dated before the last one is refused, and the first entry of an empty log
 * must be `collected`.
 *
 * @throws {ValidationError} the entry is incomplete (a transfer without its receiver, a verification
 * without its result).
 * @throws {CustodyError} the entry is dated before the last one, or an empty log would not start with
 * `collected`.
 *
 * @example
 * ```ts
 * import { appendCustody } from "referral-kit";
 *
 * const held = appendCustody(evidence, {
 *   at: "2025-03-02T10:00:00Z",
 *   by: { id: "analyst-7" },
 *   action: "transferred",
 *   to: "evidence-unit",
 *   hash: "matched",
 * });
 * ```
 */
export function appendCustody(evidence: Evidence, entry: z.input<typeof CustodyEntry>): Evidence {
  const parsed = validate(CustodyEntry, entry, "custody entry");
  const log = evidence.custody ?? [];
  const last = log[log.length - 1];
  if (last === undefined && parsed.action !== "collected") {
    throw new CustodyError(0, `a custody log starts with "collected", not "${parsed.action}"`);
  }
  if (last !== undefined && Date.parse(parsed.at) < Date.parse(last.at)) {
    throw new CustodyError(log.length, `${parsed.at} is earlier than the last entry (${last.at})`);
  }
  return validate(Evidence, { ...evidence, custody: [...log, parsed] }, "evidence");
}

/**
 * Checks that `next` only appends to the custody log of `previous`: every earlier entry is still there,
 * unchanged and in place. A store calls it before replacing a stored evidence record.
 *
 * @throws {CustodyError} an entry was changed or removed (`index` is the first one).
 *
 * @example
 * ```ts
 * checkCustodyAppend(stored, incoming); // throws when incoming rewrites the log
 * ```
 */
export function checkCustodyAppend(previous: Evidence, next: Evidence): void {
  const before = previous.custody ?? [];
  const after = next.custody ?? [];
  for (let index = 0; index < before.length; index += 1) {
    const entry = after[index];
    if (entry === undefined) throw new CustodyError(index, "an entry of the log was removed");
    if (canonicalJson(entry) !== canonicalJson(before[index]!)) {
      throw new CustodyError(index, "an entry of the log was changed");
    }
  }
}
