import { DesignationListMissingError } from "./accountability-errors.js";
import type { SafeguardViolation } from "./errors.js";
import type { Authority, Designation } from "./schemas/designation.js";
import type { RequestContent } from "./schemas/request.js";

/**
 * What the designation checks need from a registry. `GroupRegistry` (from `createRegistry`) is one; the
 * domain names only these four members so it never depends on how a registry is built.
 *
 * @example
 * ```ts
 * import { type DesignationSource } from "referral-kit";
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const source: DesignationSource = createRegistry(knownGroups);
 * ```
 */
export interface DesignationSource {
  /** The content hash of the registry's designations (`sha256:...`), recorded by `approved` events. */
  readonly version: string;
  /** Whether a group has this id. */
  has(groupId: string): boolean;
  /** The group's own designations (not its parents'). */
  designations(groupId: string): readonly Designation[];
  /** The authorities whose designations the registry holds: the lists it has loaded. */
  authorities(): readonly Authority[];
}

/**
 * Resolves every designation a request relies on against a registry, on a date, and lists each one that
 * does not hold (or `[]`):
 *
 * - `designation_unknown`: no group with that id, or the authority has no designation of the group under
 *   that reference;
 * - `designation_wrong_authority`: the group is not designated by that authority (the reference belongs
 *   to another authority's listing of it, or the group is listed by others only);
 * - `designation_delisted`: the designation was delisted on or before the date;
 * - `designation_not_yet_listed`: the designation starts after the date.
 *
 * `on` is the time of the act being checked (the approval, or the enqueueing); dates are compared as UTC
 * calendar days, so a listing or delisting dated that day counts. A designation is never inherited from
 * a parent group: a request that relies on the BLA's listing names `bla`.
 *
 * @throws {DesignationListMissingError} the registry holds no designation at all by an authority the
 * request names (its list is not loaded), so the reference cannot be judged.
 *
 * @example
 * ```ts
 * import { checkDesignations } from "referral-kit";
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const violations = checkDesignations(request, createRegistry(knownGroups), { on: "2025-03-01T10:00:00Z" });
 * for (const violation of violations) console.log(violation.field, violation.rule, violation.message);
 * ```
 */
export function checkDesignations(
  request: Pick<RequestContent, "id" | "designations">,
  registry: DesignationSource,
  options: { on: string | Date },
): SafeguardViolation[] {
  const day = utcDay(options.on);
  const loaded = new Set<string>(registry.authorities());
  const violations: SafeguardViolation[] = [];
  request.designations.forEach((ref, index) => {
    const field = `designations[${index}]`;
    if (!loaded.has(ref.authority)) {
      throw new DesignationListMissingError({
        requestId: request.id,
        field: `${field}.authority`,
        authority: ref.authority,
        registryVersion: registry.version,
      });
    }
    const named = `${ref.authority}${ref.reference ? ` ${ref.reference}` : ""} of "${ref.groupId}"`;
    const fail = (rule: SafeguardViolation["rule"], why: string): void => {
      violations.push({ rule, field, message: `${field} (${named}): ${why}` });
    };
    if (!registry.has(ref.groupId)) {
      fail("designation_unknown", `no group "${ref.groupId}" in the registry`);
      return;
    }
    const own = registry.designations(ref.groupId);
    const byAuthority = own.filter((designation) => designation.authority === ref.authority);
    const matching =
      ref.reference === undefined
        ? byAuthority
        : byAuthority.filter((designation) => designation.reference === ref.reference);
    if (matching.length === 0) {
      const elsewhere = own.filter(
        (designation) => ref.reference !== undefined && designation.reference === ref.reference,
      );
      if (byAuthority.length === 0 || elsewhere.length > 0) {
        const by = [...new Set(own.map((designation) => designation.authority))];
        fail(
          "designation_wrong_authority",
          by.length === 0
            ? `the group has no designation in the registry`
            : `the group is not designated by ${ref.authority} under that reference; it is by ${by.join(", ")}`,
        );
      } else {
        const references = byAuthority.map((designation) => designation.reference ?? "(none)").join(", ");
        fail(
          "designation_unknown",
          `${ref.authority} lists the group under ${references}, not ${ref.reference}`,
        );
      }
      return;
    }
    if (matching.some((designation) => inForce(designation, day))) return;
    const delisted = matching.find((designation) => delistedBy(designation, day));
    if (delisted) {
      fail(
        "designation_delisted",
        `delisted${delisted.delistedOn ? ` on ${delisted.delistedOn}` : ""}, before or on ${day}`,
      );
    } else {
      const first = matching.map((designation) => designation.listedOn ?? "").sort()[0];
      fail("designation_not_yet_listed", `listed only from ${first}, after ${day}`);
    }
  });
  return violations;
}

function inForce(designation: Designation, day: string): boolean {
  if (designation.listedOn !== null && designation.listedOn > day) return false;
  return !delistedBy(designation, day);
}

function delistedBy(designation: Designation, day: string): boolean {
  if (designation.status !== "delisted") return false;
  // A delisting without a date is in force whatever the day: nothing says it was listed then.
  return designation.delistedOn == null || designation.delistedOn <= day;
}

/** The UTC calendar day (`YYYY-MM-DD`) of a time. */
function utcDay(on: string | Date): string {
  const time = typeof on === "string" ? Date.parse(on) : on.getTime();
  if (!Number.isFinite(time)) throw new RangeError(`not a valid time: ${String(on)}`);
  return new Date(time).toISOString().slice(0, 10);
}
