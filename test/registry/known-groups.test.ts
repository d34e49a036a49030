import { ProscribedGroup } from "referral-kit";
import { createRegistry, knownGroups } from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { KNOWN_AUTHORITIES } from "../../src/domain/schemas/designation.js";

// Hosts of the official publishers; a designation must cite at least one of them.
const OFFICIAL_HOSTS = [
  "un.org",
  "state.gov",
  "treasury.gov",
  "treas.gov",
  "federalregister.gov",
  "gov.uk",
  "legislation.gov.uk",
  "parliament.uk",
  "nacta.gov.pk",
];

function isOfficial(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return (
    protocol === "https:" && OFFICIAL_HOSTS.some((host) => hostname === host || hostname.endsWith(`.${host}`))
  );
}

const designations = knownGroups.flatMap((group) =>
  group.designations.map((designation) => ({ group: group.id, designation })),
);

describe("knownGroups", () => {
  it("contains the groups the SDK promises", () => {
    expect(knownGroups.map((group) => group.id)).toEqual(
      expect.arrayContaining(["ttp", "bla", "majeed-brigade", "blf", "iskp"]),
    );
  });

  it("is frozen", () => {
    expect(Object.isFrozen(knownGroups)).toBe(true);
    expect(Object.isFrozen(knownGroups[0]?.designations[0]?.sources)).toBe(true);
  });

  it.each(knownGroups.map((group) => [group.id, group] as const))(
    "%s validates with ProscribedGroup",
    (_, group) => {
      const result = ProscribedGroup.safeParse(group);
      expect(result.success ? [] : result.error.issues).toEqual([]);
      // Parsing must not need defaults: the data spells out status and notes.
      expect(result.data).toEqual(group);
    },
  );

  it("builds a registry (unique ids, parents exist, no cycles)", () => {
    expect(() => createRegistry(knownGroups)).not.toThrow();
  });

  it("has no alias that means two groups", () => {
    const registry = createRegistry(knownGroups);
    for (const group of knownGroups) {
      for (const alias of [group.name, ...group.aliases]) {
        expect(registry.find(alias)?.id, alias).toBe(group.id);
      }
    }
  });

  it.each(designations.map(({ group, designation }) => [group, designation.authority, designation] as const))(
    "%s %s has an official https source",
    (_, __, designation) => {
      expect(designation.sources.length).toBeGreaterThan(0);
      expect(designation.sources.some((source) => isOfficial(source.url))).toBe(true);
      for (const source of designation.sources) expect(source.url.startsWith("https://")).toBe(true);
    },
  );

  it("uses only the known authorities, at most once per group", () => {
    for (const group of knownGroups) {
      const authorities = group.designations.map((designation) => designation.authority);
      expect(new Set(authorities).size).toBe(authorities.length);
      for (const authority of authorities) expect(KNOWN_AUTHORITIES).toContain(authority);
    }
  });

  it("explains every missing date in a note", () => {
    for (const { designation } of designations) {
      if (designation.listedOn === null) expect(designation.notes.length).toBeGreaterThan(0);
    }
  });

  it("uses UN reference numbers for UN listings", () => {
    for (const { designation } of designations) {
      if (designation.authority === "un-1267") expect(designation.reference).toMatch(/^QDe\.\d{3}$/);
    }
  });

  it("records the UN and OFAC facts from the official list excerpts", () => {
    const find = (group: string, authority: string) =>
      knownGroups
        .find((entry) => entry.id === group)
        ?.designations.find((entry) => entry.authority === authority);
    expect(find("ttp", "un-1267")).toMatchObject({ reference: "QDe.132", listedOn: "2011-07-29" });
    expect(find("iskp", "un-1267")).toMatchObject({ reference: "QDe.161", listedOn: "2019-05-14" });
    expect(find("ttp", "us-fto")).toMatchObject({ reference: "12206", listedOn: "2010-09-01" });
    expect(find("ttp", "us-sdgt")).toMatchObject({ reference: "12206" });
    expect(find("iskp", "us-fto")).toMatchObject({ reference: "18647", listedOn: "2016-01-14" });
    expect(find("bla", "us-sdgt")).toMatchObject({ reference: "26953", listedOn: "2019-07-02" });
  });

  it("shows the BLF as proscribed by Pakistan only", () => {
    const blf = knownGroups.find((group) => group.id === "blf");
    expect(blf?.designations.map((designation) => designation.authority)).toEqual(["pk-ata-first-schedule"]);
    expect(blf?.designations[0]).toMatchObject({ listedOn: "2010-09-08", reference: null });
  });

  it("keeps the Majeed Brigade a child of the BLA, never merged into it", () => {
    const registry = createRegistry(knownGroups);
    expect(registry.parent("majeed-brigade")?.id).toBe("bla");
    expect(registry.find("Majeed Brigade")?.id).toBe("majeed-brigade");
    expect(registry.get("bla").aliases).not.toContain("Majeed Brigade");
  });

  it("includes Urdu or Arabic script aliases where sourced", () => {
    const scripted = (id: string) =>
      knownGroups.find((group) => group.id === id)?.aliases.some((alias) => /[\u0600-\u06FF]/.test(alias));
    expect(scripted("ttp")).toBe(true);
    expect(scripted("majeed-brigade")).toBe(true);
    expect(scripted("iskp")).toBe(true);
  });
});
