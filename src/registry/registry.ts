import { z } from "zod";
import type { RequestStatus } from "../domain/lifecycle.js";
import {
  type Authority,
  type Designation,
  type DesignationRef,
  ProscribedGroup,
  type ProscribedGroupInput,
} from "../domain/schemas/designation.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import { validate } from "../domain/validate.js";
import { affectedRequests } from "./affected-requests.js";
import { diffGroups, type GroupDiff } from "./diff.js";
import { RegistryIntegrityError, UnknownGroupError } from "./errors.js";
import { deepFreeze } from "./freeze.js";
import { findIntegrityIssues } from "./integrity.js";
import { buildNameIndex, type GroupMatch, SAME_NAME_SCORE, searchIndex } from "./match.js";
import { type MergeOptions, type MergeResult, mergeGroups } from "./merge.js";
import { registryVersion } from "./version.js";

/** What `designations` filters by. @internal */
export type DesignationQuery = NonNullable<Parameters<GroupRegistry["designations"]>[1]>;

/** What `resolve` gives. @internal */
export type GroupResolution = ReturnType<GroupRegistry["resolve"]>;

/**
 * A read-only, validated set of proscribed groups with name lookup, designations and the parent/child
 * hierarchy. Created by {@link createRegistry}. Every group it returns is deeply frozen.
 *
 * Decisions:
 * - Ambiguity: `find` returns a group only when exactly one group has a name or alias equal to the query
 *   after normalisation. When two or more do, it returns `undefined`, like an unknown name; `resolve`
 *   tells the cases apart and `search` shows every candidate with the alias it matched.
 * - Unknown ids: `get` and every method taking an id throw {@link UnknownGroupError} (code
 *   `unknown_group`), since an id usually comes from your own data and a missing one is a bug; `has`
 *   checks first when it is not.
 * - Parents: a designation of a parent group is not treated as covering its sub-groups (whether it does
 *   is a legal question for each authority). `designations(id)` returns the group's own designations only;
 *   `designations(id, { includeInherited: true })` adds the ancestors', each marked `inherited: true`
 *   with the ancestor's `groupId`, and never merged into the group's own.
 *
 * @example
 * ```ts
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const registry = createRegistry(knownGroups);
 * registry.find("Tehreek-e-Taliban Pakistan")?.id; // "ttp"
 * registry.designations("ttp", { authority: "un-1267" })[0]?.reference; // "QDe.132"
 * registry.ancestors("majeed-brigade").map((group) => group.id); // ["bla"]
 * ```
 */
export interface GroupRegistry {
  /**
   * The registry's version: the content hash (`sha256:...`) of its designations (SHA-256 over the
   * canonical JSON of every group's designations, sorted by group id, so the order of groups does not
   * matter; names, aliases and descriptions are left out). An `approved` event records the version its designations were checked
   * against, so an auditor can tell which list an approval relied on.
   */
  readonly version: string;
  /** The authorities whose designations the registry holds (the lists it has loaded), sorted. */
  authorities(): Authority[];
  /**
   * The one group whose name or alias equals `nameOrAlias` after name normalisation (case, punctuation,
   * spacing and common transliterations such as Tehreek and Tehrik), or equals it with spaces removed. `undefined` when no group matches, and also when several groups match: an
   * ambiguous name never silently picks one. Use {@link GroupRegistry.resolve} to tell the two apart.
   */
  find(nameOrAlias: string): ProscribedGroup | undefined;
  /** Like `find`, but says whether the name was found, ambiguous (with the candidates) or unknown (with suggestions). */
  resolve(
    nameOrAlias: string,
  ):
    | { status: "found"; group: ProscribedGroup; match: GroupMatch }
    | { status: "ambiguous"; candidates: GroupMatch[] }
    | { status: "not_found"; suggestions: GroupMatch[] };
  /** Ranked matches for a query, one per group, with the matched name or alias and a score, for "did you mean". */
  search(
    query: string,
    options?: {
      /** Most matches to return (default 10). */
      limit?: number;
      /** Lowest score to return, 0 to 1 (default 0.5). */
      minScore?: number;
    },
  ): GroupMatch[];
  /** The group with this id; throws {@link UnknownGroupError} when there is none. */
  get(id: string): ProscribedGroup;
  /** Whether a group has this id. */
  has(id: string): boolean;
  /** Every group, in input order. */
  list(): readonly ProscribedGroup[];
  /** The group's designations, optionally filtered by authority and optionally with its ancestors' (marked inherited). */
  designations(
    id: string,
    query?: {
      /** Only designations by this authority (or by any of these authorities). */
      authority?: Authority | readonly Authority[];
      /**
       * Also return the designations of every ancestor (parent, grandparent, ...), each marked
       * `inherited: true` with the ancestor's `groupId`. Default `false`: whether a parent's designation
       * covers a sub-group is a legal judgement per authority, so it is never assumed.
       */
      includeInherited?: boolean;
    },
  ): (Designation & {
    /** The group the authority actually designated. */
    groupId: string;
    /** `true` when `groupId` is an ancestor of the group asked about, not the group itself. */
    inherited: boolean;
  })[];
  /** The group's parent, or `undefined` for a top-level group. */
  parent(id: string): ProscribedGroup | undefined;
  /** The groups whose parent is this group, in input order. */
  children(id: string): ProscribedGroup[];
  /** Parent, grandparent, ... up to the top-level group, nearest first. */
  ancestors(id: string): ProscribedGroup[];
  /**
   * A new registry holding this one's groups merged with `others` (an imported list, another registry),
   * keeping every source; see {@link mergeGroups} for the matching rules. The result also lists every
   * merge and every near-match that was left apart, so a person can check them.
   *
   * @example
   * ```ts
   * const un = await collectImport(importUnList(stream));
   * const { registry: merged, conflicts } = createRegistry(knownGroups).merge(un.groups);
   * ```
   */
  merge(others: readonly ProscribedGroupInput[] | GroupRegistry, options?: MergeOptions): RegistryMerge;
  /**
   * What changed between two list versions (new listings, delistings, alias and reference changes).
   * With one list, compares this registry (before) with `after`; with two, compares `before` with
   * `after`. See {@link diffGroups}. With `{ requests }`, also names the open requests that rely on a
   * delisted or removed designation (`affectedRequests`).
   *
   * @example
   * ```ts
   * const changes = registry.diff(lastMonthsImport, thisMonthsImport, { requests: openRequests });
   * for (const listing of changes.added) console.log(listing.groupId, listing.authority);
   * for (const hit of changes.affectedRequests) console.log(hit.requestId, "relies on", hit.delisting.reference);
   * ```
   */
  diff(
    after: readonly ProscribedGroupInput[] | GroupRegistry,
    /** `requests`: requests to check against the removals: the open ones relying on a removed designation are named. */
    options?: { requests?: Iterable<ReferralRequest> },
  ): RegistryDiff;
  diff(
    before: readonly ProscribedGroupInput[] | GroupRegistry,
    after: readonly ProscribedGroupInput[] | GroupRegistry,
    options?: { requests?: Iterable<ReferralRequest> },
  ): RegistryDiff;
}

/** Options of `diff`. @internal */
export interface RegistryDiffOptions {
  requests?: Iterable<ReferralRequest>;
}

/**
 * What {@link GroupRegistry.diff} gives: the list changes, and the open requests that rely on a removed
 * designation (empty without `requests`).
 *
 * @example
 * ```ts
 * const { removed, affectedRequests }: RegistryDiff = registry.diff(updated, { requests });
 * ```
 */
export interface RegistryDiff extends GroupDiff {
  /**
   * The open requests that rely on a designation the newer list removed (with `{ requests }`): review
   * each (withdraw it, or find another designation) before it is sent or defended.
   */
  affectedRequests: {
    requestId: string;
    /** The request's state (never a final one). */
    status: RequestStatus;
    /** Which designation of the request, e.g. `designations[0]`. */
    field: string;
    /** The designation the request relies on. */
    designation: DesignationRef;
    /** The removal: `delisted` in the newer list, or `absent` from it. */
    delisting: GroupDiff["removed"][number];
  }[];
}

/** What {@link GroupRegistry.merge} gives: the merged registry, and every merge and conflict. */
export interface RegistryMerge extends Omit<MergeResult, "groups"> {
  registry: GroupRegistry;
}

function groupsOf(source: readonly ProscribedGroupInput[] | GroupRegistry): ProscribedGroup[] {
  return "list" in source && typeof source.list === "function"
    ? [...source.list()]
    : validate(GroupListSchema, source, "ProscribedGroup list");
}

const GroupListSchema = z.array(ProscribedGroup);

/**
 * Builds a {@link GroupRegistry} from a list of groups, such as the built-in {@link knownGroups} or your
 * own data file.
 *
 * The input is validated with `ProscribedGroup`: an invalid group throws a `ValidationError` whose
 * issues carry paths like `[2, "designations", 0, "sources"]`. Groups that are valid one by one but do
 * not fit together (a duplicate id, a `parentId` naming no group, parents forming a cycle) throw a
 * {@link RegistryIntegrityError} listing every such problem.
 *
 * The registry keeps its own frozen copy: changing the input afterwards does not change it.
 *
 * @param groups - Groups as written by hand (`ProscribedGroupInput`) or already parsed.
 * @returns The registry.
 *
 * @example
 * ```ts
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const registry = createRegistry([
 *   ...knownGroups,
 *   {
 *     id: "example-front",
 *     name: "Example Front",
 *     designations: [
 *       {
 *         authority: "national:in:uapa",
 *         reference: null,
 *         listedOn: null,
 *         sources: [{ url: "https://www.mha.gov.in/en/banned-organisations" }],
 *         notes: ["Date of listing not established."],
 *       },
 *     ],
 *   },
 * ]);
 * ```
 */
export function createRegistry(groups: readonly ProscribedGroupInput[]): GroupRegistry {
  const parsed = validate(GroupListSchema, groups, "ProscribedGroup list");
  const issues = findIntegrityIssues(parsed);
  if (issues.length > 0) throw new RegistryIntegrityError(issues);

  const all: readonly ProscribedGroup[] = deepFreeze(parsed);
  const byId = new Map(all.map((group) => [group.id, group]));
  const index = buildNameIndex(all);

  const get = (id: string): ProscribedGroup => {
    const group = byId.get(id);
    if (group === undefined) throw new UnknownGroupError(id);
    return group;
  };

  const ancestors = (id: string): ProscribedGroup[] => {
    const chain: ProscribedGroup[] = [];
    // Integrity checks guarantee every parent exists and there are no cycles, so this terminates.
    for (let current = get(id); current.parentId !== undefined; ) {
      current = get(current.parentId);
      chain.push(current);
    }
    return chain;
  };

  const resolve = (nameOrAlias: string): GroupResolution => {
    const matches = searchIndex(index, nameOrAlias, { limit: Number.POSITIVE_INFINITY });
    const same = matches.filter((match) => match.score >= SAME_NAME_SCORE);
    const [only] = same;
    if (only !== undefined && same.length === 1) return { status: "found", group: only.group, match: only };
    if (same.length > 1) return { status: "ambiguous", candidates: same };
    return { status: "not_found", suggestions: matches.slice(0, 5) };
  };

  let version: string | undefined;
  const registry: GroupRegistry = {
    get version() {
      version ??= registryVersion(all);
      return version;
    },
    authorities: () =>
      [
        ...new Set(all.flatMap((group) => group.designations.map((designation) => designation.authority))),
      ].sort(),
    merge: (others, options) => {
      const { groups, matches, conflicts } = mergeGroups([all, groupsOf(others)], options);
      return { registry: createRegistry(groups), matches, conflicts };
    },
    diff: (
      first: readonly ProscribedGroupInput[] | GroupRegistry,
      second?: readonly ProscribedGroupInput[] | GroupRegistry | RegistryDiffOptions,
      third?: RegistryDiffOptions,
    ): RegistryDiff => {
      const pair = second === undefined || isDiffOptions(second);
      const changes = pair ? diffGroups(all, groupsOf(first)) : diffGroups(groupsOf(first), groupsOf(second));
      const options = pair ? second : third;
      return { ...changes, affectedRequests: affectedRequests(changes, options?.requests ?? []) };
    },
    find: (nameOrAlias) => {
      const resolution = resolve(nameOrAlias);
      return resolution.status === "found" ? resolution.group : undefined;
    },
    resolve,
    search: (query, options) => searchIndex(index, query, options),
    get,
    has: (id) => byId.has(id),
    list: () => all,
    designations: (id, query = {}) => {
      const holders = [get(id), ...(query.includeInherited === true ? ancestors(id) : [])];
      const wanted = authorityFilter(query.authority);
      return holders.flatMap((holder) =>
        holder.designations
          .filter((designation) => wanted(designation.authority))
          .map((designation) => ({ ...designation, groupId: holder.id, inherited: holder.id !== id })),
      );
    },
    parent: (id) => {
      const { parentId } = get(id);
      return parentId === undefined ? undefined : get(parentId);
    },
    children: (id) => {
      get(id);
      return all.filter((group) => group.parentId === id);
    },
    ancestors,
  };
  return registry;
}

function isDiffOptions(
  value: readonly ProscribedGroupInput[] | GroupRegistry | RegistryDiffOptions,
): value is RegistryDiffOptions {
  return !Array.isArray(value) && !("list" in value && typeof value.list === "function");
}

function authorityFilter(authority: DesignationQuery["authority"]): (candidate: Authority) => boolean {
  if (authority === undefined) return () => true;
  const wanted = new Set<Authority>(typeof authority === "string" ? [authority] : authority);
  return (candidate) => wanted.has(candidate);
}
