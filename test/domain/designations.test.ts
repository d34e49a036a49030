import {
  appendEvents,
  approveRequest,
  DesignationListMissingError,
  type ProscribedGroupInput,
  SafeguardError,
  ValidationError,
} from "referral-kit";
import { collectImport, createRegistry, importUnList, knownGroups } from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { checkDesignations } from "../../src/domain/designation-check.js";
import { registryVersion } from "../../src/registry/version.js";
import { makeRequest, supervisor } from "../support/requests.js";
import { readSharedFixture, skipSharedFixtures } from "../support/shared-fixtures.js";
import { thrown } from "../support/thrown.js";

const registry = createRegistry(knownGroups);
const at = "2025-03-01T09:30:00Z";

const source = [{ url: "https://www.example.gov/list" }];
/** A small list with a delisted and a future designation, by a national authority. */
const national: ProscribedGroupInput[] = [
  {
    id: "old-front",
    name: "Old Front",
    designations: [
      {
        authority: "national:in:uapa",
        reference: "A-1",
        listedOn: "2010-01-01",
        status: "delisted",
        delistedOn: "2024-05-01",
        sources: source,
      },
    ],
  },
  {
    id: "new-front",
    name: "New Front",
    designations: [
      { authority: "national:in:uapa", reference: "A-2", listedOn: "2025-06-01", sources: source },
    ],
  },
];

describe("designations resolved at approval", () => {
  it("records the registry version on the approved event", () => {
    const approved = approveRequest(makeRequest(), { by: supervisor, at, registry });
    const event = approved.events.at(-1);
    expect(event).toMatchObject({ type: "approved", registryVersion: registry.version });
    expect(registry.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(makeRequest().events).toHaveLength(1);
  });

  it("versions the designations only, whatever their order", () => {
    const reversed = createRegistry([...knownGroups].reverse());
    expect(reversed.version).toBe(registry.version);
    expect(registryVersion(knownGroups)).toBe(registry.version);
    const renamed = createRegistry(knownGroups.map((group) => ({ ...group, description: "changed" })));
    expect(renamed.version).toBe(registry.version);
    const delisted = createRegistry(
      knownGroups.map((group) =>
        group.id === "ttp"
          ? {
              ...group,
              designations: group.designations.map((designation) => ({
                ...designation,
                status: "delisted" as const,
                delistedOn: "2025-01-01",
              })),
            }
          : group,
      ),
    );
    expect(delisted.version).not.toBe(registry.version);
  });

  it("refuses an unknown group or reference with designation_unknown", () => {
    const unknownGroup = makeRequest({ designations: [{ groupId: "lashkar-x", authority: "un-1267" }] });
    expect(checkDesignations(unknownGroup, registry, { on: at })).toEqual([
      expect.objectContaining({ rule: "designation_unknown", field: "designations[0]" }),
    ]);
    const unknownReference = makeRequest({
      designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.999" }],
    });
    const error = thrown(() => approveRequest(unknownReference, { by: supervisor, at, registry }));
    expect(SafeguardError.isInstance(error)).toBe(true);
    const violation = (error as SafeguardError).violations[0];
    expect(violation?.rule).toBe("designation_unknown");
    expect(violation?.message).toContain("QDe.132");
    expect((error as SafeguardError).requestId).toBe("req-1");
  });

  it("refuses a designation under the wrong authority", () => {
    const wrong = makeRequest({
      designations: [{ groupId: "ttp", authority: "uk-proscribed", reference: "QDe.132" }],
    });
    const [violation] = checkDesignations(wrong, registry, { on: at });
    expect(violation?.rule).toBe("designation_wrong_authority");
  });

  it("refuses a designation delisted on the approval's date, and accepts it before", () => {
    const withNational = createRegistry([...knownGroups, ...national]);
    const request = makeRequest({
      designations: [{ groupId: "old-front", authority: "national:in:uapa", reference: "A-1" }],
      events: [{ type: "drafted", at: "2024-04-01T09:00:00Z", by: { id: "analyst-1" } }],
    });
    const before = approveRequest(request, {
      by: supervisor,
      at: "2024-04-30T23:00:00Z",
      registry: withNational,
    });
    expect(before.events).toHaveLength(2);
    const error = thrown(() =>
      approveRequest(request, { by: supervisor, at: "2024-05-01T00:30:00Z", registry: withNational }),
    );
    expect((error as SafeguardError).violations.map((violation) => violation.rule)).toEqual([
      "designation_delisted",
    ]);
    const future = makeRequest({
      designations: [{ groupId: "new-front", authority: "national:in:uapa" }],
    });
    expect(checkDesignations(future, withNational, { on: at }).map((violation) => violation.rule)).toEqual([
      "designation_not_yet_listed",
    ]);
  });

  it("throws a typed error with the request id and field when the registry lacks the list, appending nothing", () => {
    const request = makeRequest({
      designations: [
        { groupId: "ttp", authority: "un-1267", reference: "QDe.132" },
        { groupId: "old-front", authority: "national:in:uapa" },
      ],
    });
    const error = thrown(() => approveRequest(request, { by: supervisor, at, registry }));
    expect(DesignationListMissingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "designation_list_missing",
      requestId: "req-1",
      field: "designations[1].authority",
      authority: "national:in:uapa",
      registryVersion: registry.version,
    });
    expect(request.events).toHaveLength(1);
  });

  it("refuses an approved event that names another registry version", () => {
    const error = thrown(() =>
      appendEvents(
        makeRequest(),
        [{ type: "approved", at, by: supervisor, registryVersion: `sha256:${"0".repeat(64)}` }],
        { registry },
      ),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ requestId: "req-1" });
    expect((error as ValidationError).issues[0]?.path).toEqual(["events", 1, "registryVersion"]);
  });

  it("reports a malformed event with the request id and the event's path", () => {
    const error = thrown(() =>
      appendEvents(makeRequest(), [{ type: "approved", at: "yesterday", by: supervisor }]),
    );
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).requestId).toBe("req-1");
    expect((error as ValidationError).issues[0]?.path).toEqual(["events", 1, "at"]);
  });
});

describe.skipIf(skipSharedFixtures)("the 1988 Taliban regime from the real UN excerpt", () => {
  it("resolves the Haqqani Network under un-1988 and refuses it under un-1267", async () => {
    const imported = await collectImport(importUnList(readSharedFixture("un-consolidated-excerpt.xml")));
    const un = createRegistry(imported.groups);
    expect(un.authorities()).toEqual(["un-1267", "un-1988"]);
    const haqqani = (authority: "un-1267" | "un-1988") =>
      makeRequest({ designations: [{ groupId: "haqqani-network-hqn", authority, reference: "TAe.012" }] });
    expect(
      approveRequest(haqqani("un-1988"), { by: supervisor, at, registry: un }).events.at(-1),
    ).toMatchObject({
      registryVersion: un.version,
    });
    expect(checkDesignations(haqqani("un-1267"), un, { on: at })).toEqual([
      expect.objectContaining({ rule: "designation_wrong_authority", field: "designations[0]" }),
    ]);
    // Listed on 2012-11-05: a request dated before that relies on nothing.
    expect(checkDesignations(haqqani("un-1988"), un, { on: "2012-11-04T12:00:00Z" })[0]?.rule).toBe(
      "designation_not_yet_listed",
    );
  });
});
