import type { ProscribedGroupInput } from "referral-kit";
import { createRegistry, knownGroups } from "referral-kit/registry";
import { describe, expect, it } from "vitest";

const unImport: ProscribedGroupInput[] = [
  {
    id: "tehrik-e-taliban-pakistan",
    name: "TEHRIK-E TALIBAN PAKISTAN (TTP)",
    aliases: ["Tehreek-e-Taliban"],
    designations: [
      {
        authority: "un-1267",
        reference: "QDe.132",
        listedOn: "2011-07-29",
        sources: [{ url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml" }],
      },
    ],
  },
  {
    id: "new-group",
    name: "Fictional New Front",
    designations: [
      {
        authority: "un-1267",
        reference: "QDe.999",
        listedOn: "2025-01-01",
        sources: [{ url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml" }],
      },
    ],
  },
];

describe("registry.merge and registry.diff", () => {
  it("merges an import into the registry by reference, keeping every source, and adds new groups", () => {
    const registry = createRegistry(knownGroups);
    const { registry: merged, matches } = registry.merge(unImport);
    expect(merged.list().length).toBe(registry.list().length + 1);
    expect(merged.find("Fictional New Front")?.id).toBe("new-group");
    const ttp = merged.get("ttp");
    const un = ttp.designations.filter((designation) => designation.authority === "un-1267");
    expect(un).toHaveLength(1);
    expect(un[0]?.sources.length).toBeGreaterThanOrEqual(1);
    expect(ttp.designations.map((designation) => designation.authority)).toEqual(
      expect.arrayContaining(["un-1267", "us-fto", "us-sdgt", "pk-ata-first-schedule"]),
    );
    expect(matches.some((match) => match.by === "reference" && match.into === "ttp")).toBe(true);
    // BLA and the Majeed Brigade share OFAC entry 26953 in one list: they stay two groups.
    expect(merged.get("majeed-brigade").parentId).toBe("bla");
    // The original registry is unchanged.
    expect(registry.has("new-group")).toBe(false);
  });

  it("diffs this registry against a later list, or two lists", () => {
    const registry = createRegistry(knownGroups);
    const { registry: merged } = registry.merge(unImport);
    const changes = registry.diff(merged);
    expect(JSON.stringify(changes)).toContain("new-group");
    expect(registry.diff(merged, registry)).toEqual(merged.diff(registry));
  });
});
