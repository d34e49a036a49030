import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

const unknownGroupMarker = Symbol.for("referral-kit.error.unknown_group");

/**
 * Thrown by `registry.get(id)` (and every registry method that takes an id) when no group has that id.
 * Use `registry.has(id)` first when a missing group is an expected case rather than a bug.
 *
 * @example
 * ```ts
 * import { UnknownGroupError, createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const registry = createRegistry(knownGroups);
 * try {
 *   registry.get("lashkar-x");
 * } catch (error) {
 *   if (UnknownGroupError.isInstance(error)) console.log(error.code, error.groupId); // "unknown_group" "lashkar-x"
 * }
 * ```
 */
export class UnknownGroupError extends ReferralKitError {
  declare readonly code: "unknown_group";
  /** The id that was asked for. */
  readonly groupId: string;

  constructor(groupId: string) {
    super("unknown_group", `No proscribed group with id ${JSON.stringify(groupId)} in this registry`);
    this.name = "UnknownGroupError";
    markError(this, unknownGroupMarker);
    this.groupId = groupId;
  }

  static override isInstance(value: unknown): value is UnknownGroupError {
    return hasMarker(value, unknownGroupMarker);
  }
}

/** One structural problem (`RegistryIntegrityError["issues"][number]`). @internal */
export type RegistryIssue = RegistryIntegrityError["issues"][number];

const integrityMarker = Symbol.for("referral-kit.error.registry_integrity");

/**
 * Thrown by `createRegistry` when the groups are individually valid but do not fit together: two groups
 * share an id, a `parentId` names no group, or parents form a cycle. Every problem is listed at once, so a
 * data file can be fixed in one pass.
 *
 * @example
 * ```ts
 * import { RegistryIntegrityError, createRegistry } from "referral-kit/registry";
 *
 * try {
 *   createRegistry([{ id: "a", name: "A", parentId: "b" }]);
 * } catch (error) {
 *   if (RegistryIntegrityError.isInstance(error)) {
 *     for (const issue of error.issues) console.log(issue.kind, issue.groupIds); // "unknown_parent" ["a", "b"]
 *   }
 * }
 * ```
 */
export class RegistryIntegrityError extends ReferralKitError {
  declare readonly code: "registry_integrity";
  /** Every structural problem found. */
  readonly issues: {
    /** What is wrong. */
    kind: "duplicate_id" | "unknown_parent" | "parent_cycle";
    /**
     * The group ids involved: the duplicated id; the child and the missing parent id; or every id on the
     * cycle, in parent order, starting and ending with the same id.
     */
    groupIds: string[];
    /** Index of the offending group in the input array (the second occurrence, for duplicates). */
    index: number;
    /** A sentence a person can act on. */
    message: string;
  }[];

  constructor(issues: RegistryIntegrityError["issues"]) {
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""})` : "";
    super("registry_integrity", `Invalid group registry: ${issues[0]?.message ?? "unknown problem"}${more}`);
    this.name = "RegistryIntegrityError";
    markError(this, integrityMarker);
    this.issues = issues;
  }

  static override isInstance(value: unknown): value is RegistryIntegrityError {
    return hasMarker(value, integrityMarker);
  }
}
