import type { ProscribedGroup } from "referral-kit";
import { createRegistry, knownGroups } from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { approved, makeRequest, supervisor, withEvents } from "../support/requests.js";

const registry = createRegistry(knownGroups);

function withTtpUnListing(change: (designation: ProscribedGroup["designations"][number]) => object | null) {
  return knownGroups.map((group) =>
    group.id === "ttp"
      ? {
          ...group,
          designations: group.designations.flatMap((designation) => {
            if (designation.authority !== "un-1267") return [designation];
            const changed = change(designation);
            return changed === null ? [] : [{ ...designation, ...changed }];
          }),
        }
      : group,
  );
}

describe("registry.diff with requests", () => {
  const open = withEvents(makeRequest({ id: "open-1" }), approved);
  const noReference = withEvents(
    makeRequest({ id: "open-2", designations: [{ groupId: "ttp", authority: "un-1267" }] }),
    approved,
  );
  const withdrawn = withEvents(makeRequest({ id: "closed-1" }), {
    type: "withdrawn",
    at: "2025-03-01T09:10:00Z",
    by: supervisor,
    reason: "duplicate",
  });
  const otherAuthority = withEvents(
    makeRequest({ id: "fto-1", designations: [{ groupId: "ttp", authority: "us-fto" }] }),
    approved,
  );
  const requests = [open, noReference, withdrawn, otherAuthority];

  it("names the open requests relying on a newly delisted designation, with the field", () => {
    const after = withTtpUnListing(() => ({ status: "delisted", delistedOn: "2026-01-15" }));
    const diff = registry.diff(after, { requests });
    expect(diff.removed).toEqual([expect.objectContaining({ reference: "QDe.132", reason: "delisted" })]);
    expect(diff.affectedRequests.map((hit) => [hit.requestId, hit.status, hit.field])).toEqual([
      ["open-1", "approved", "designations[0]"],
      ["open-2", "approved", "designations[0]"],
    ]);
    expect(diff.affectedRequests[0]?.delisting).toMatchObject({ delistedOn: "2026-01-15" });
  });

  it("also names them when the listing is gone from the newer list, and none without removals", () => {
    const gone = registry.diff(
      registry,
      withTtpUnListing(() => null),
      { requests },
    );
    expect(gone.affectedRequests.map((hit) => [hit.requestId, hit.delisting.reason])).toEqual([
      ["open-1", "absent"],
      ["open-2", "absent"],
    ]);
    expect(registry.diff(knownGroups, { requests }).affectedRequests).toEqual([]);
    expect(registry.diff(withTtpUnListing(() => ({ status: "delisted" }))).affectedRequests).toEqual([]);
  });
});
