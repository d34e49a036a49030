import type { ProscribedGroup } from "../domain/schemas/designation.js";
import type { RegistryIssue } from "./errors.js";

/**
 * Finds every structural problem in a list of (individually valid) groups: duplicate ids, parents that do
 * not exist, and parent cycles. Returns them all instead of stopping at the first, so the caller can
 * report a data file's problems in one go.
 */
export function findIntegrityIssues(groups: readonly ProscribedGroup[]): RegistryIssue[] {
  const issues: RegistryIssue[] = [];
  const indexById = new Map<string, number>();

  groups.forEach((group, index) => {
    if (indexById.has(group.id)) {
      issues.push({
        kind: "duplicate_id",
        groupIds: [group.id],
        index,
        message: `groups[${index}] reuses id "${group.id}" (first used by groups[${indexById.get(group.id)}])`,
      });
    } else {
      indexById.set(group.id, index);
    }
  });

  groups.forEach((group, index) => {
    if (group.parentId !== undefined && !indexById.has(group.parentId)) {
      issues.push({
        kind: "unknown_parent",
        groupIds: [group.id, group.parentId],
        index,
        message: `groups[${index}] ("${group.id}") names parent "${group.parentId}", which is not in the list`,
      });
    }
  });

  issues.push(...findCycles(groups, indexById));
  return issues;
}

/** Follows parent links from every group; each cycle is reported once, from its first member in input order. */
function findCycles(groups: readonly ProscribedGroup[], indexById: Map<string, number>): RegistryIssue[] {
  const parentOf = new Map<string, string | undefined>();
  for (const group of groups) if (!parentOf.has(group.id)) parentOf.set(group.id, group.parentId);

  const issues: RegistryIssue[] = [];
  const settled = new Set<string>();
  for (const group of groups) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | undefined = group.id;
    while (current !== undefined && !settled.has(current) && parentOf.has(current)) {
      if (onPath.has(current)) {
        const cycle = [...path.slice(path.indexOf(current)), current];
        issues.push({
          kind: "parent_cycle",
          groupIds: cycle,
          index: indexById.get(current) ?? 0,
          message: `parent links form a cycle: ${cycle.join(" -> ")}`,
        });
        break;
      }
      path.push(current);
      onPath.add(current);
      current = parentOf.get(current);
    }
    for (const id of path) settled.add(id);
  }
  return issues;
}
