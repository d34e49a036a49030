import { requestState, transitionTable } from "../domain/lifecycle.js";
import type { ReferralRequest } from "../domain/schemas/request.js";
import type { GroupDiff } from "./diff.js";
import type { RegistryDiff } from "./registry.js";

/** An affected request (`RegistryDiff["affectedRequests"][number]`). @internal */
export type AffectedRequest = RegistryDiff["affectedRequests"][number];

/**
 * The open requests that rely on a designation `diff` reports removed. A request is open while the
 * lifecycle allows it another event (every state but `rejected`, `withdrawn` and `reinstated`): an
 * `actioned` request is open because the action may still be appealed or reversed. A designation matches
 * a removal by authority and reference, or by authority and group id when the request gives no reference.
 *
 * @throws {IllegalTransitionError} or {SafeguardError} for a request whose history does not fold.
 *
 * `registry.diff(..., { requests })` applies it.
 */
export function affectedRequests(
  diff: Pick<GroupDiff, "removed">,
  requests: Iterable<ReferralRequest>,
): AffectedRequest[] {
  if (diff.removed.length === 0) return [];
  const affected: AffectedRequest[] = [];
  for (const request of requests) {
    const status = requestState(request).status;
    if ((transitionTable(request.kind)[status] ?? []).length === 0) continue;
    request.designations.forEach((designation, index) => {
      const delisting = diff.removed.find(
        (removal) =>
          removal.authority === designation.authority &&
          (designation.reference === undefined
            ? removal.groupId === designation.groupId
            : removal.reference === designation.reference),
      );
      if (delisting) {
        affected.push({
          requestId: request.id,
          status,
          field: `designations[${index}]`,
          designation,
          delisting,
        });
      }
    });
  }
  return affected;
}
