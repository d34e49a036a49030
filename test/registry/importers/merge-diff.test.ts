import { createReadStream } from "node:fs";
import { ProscribedGroup, type ProscribedGroupInput } from "referral-kit";
import { collectImport, importOfacCsv, importUnList } from "referral-kit/registry";
import { describe, expect, it } from "vitest";
// Not yet re-exported from "referral-kit": the lead hooks these onto the registry and src/index.ts.
import { diffGroups } from "../../../src/registry/diff.js";
import { mergeGroups } from "../../../src/registry/merge.js";
import { sharedFixture, skipSharedFixtures } from "../../support/shared-fixtures.js";

const group = (input: ProscribedGroupInput): ProscribedGroup => ProscribedGroup.parse(input);
const un = { url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml" };
const uk = { url: "https://www.gov.uk/government/publications/the-uk-sanctions-list" };

describe.skipIf(skipSharedFixtures)("mergeGroups on the real UN and OFAC excerpts", () => {
  it("puts UN and US designations on one group, each with its own source, never merged into one", async () => {
    const d = (name: string) => createReadStream(sharedFixture(name));
    const [fromUn, fromOfac] = await Promise.all([
      collectImport(importUnList(d("un-consolidated-excerpt.xml"))),
      collectImport(importOfacCsv({ sdn: d("ofac-sdn-excerpt.csv"), alt: d("ofac-alt-excerpt.csv") })),
    ]);
    const { groups, matches, conflicts } = mergeGroups([fromUn.groups, fromOfac.groups]);
    const ttp = groups.find((candidate) => candidate.id === "tehrik-e-taliban-pakistan-ttp");
    expect(
      ttp?.designations.map((designation) => `${designation.authority} ${designation.reference}`),
    ).toEqual(["un-1267 QDe.132", "us-fto 12206", "us-sdgt 12206"]);
    expect(ttp?.designations.map((designation) => designation.sources[0]?.url)).toEqual([
      "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
      "https://www.treasury.gov/ofac/downloads/sdn.csv",
      "https://www.treasury.gov/ofac/downloads/sdn.csv",
    ]);
    // OFAC's primary name "ISIL KHORASAN" is a UN alias of QDe.161: matched by name, and reported.
    const isilK = groups.find((candidate) => candidate.designations.some((d) => d.reference === "QDe.161"));
    expect(isilK?.designations.map((designation) => designation.authority)).toEqual([
      "un-1267",
      "us-fto",
      "us-sdgt",
    ]);
    expect(matches).toContainEqual({ into: isilK?.id, from: "isil-khorasan", list: 1, by: "name" });
    // BLA is designated by the US (SDGT) only, and stays so.
    const bla = groups.find((candidate) => candidate.id === "balochistan-liberation-army");
    expect(bla?.designations.map((designation) => designation.authority)).toEqual(["us-sdgt"]);
    expect(conflicts).toEqual([]);
    for (const merged of groups) expect(ProscribedGroup.safeParse(merged).success).toBe(true);
  });
});

describe("mergeGroups", () => {
  const front = group({
    id: "example-front",
    name: "EXAMPLE FRONT",
    aliases: ["EF"],
    designations: [{ authority: "un-1267", reference: "QDe.901", listedOn: "2011-07-29", sources: [un] }],
  });

  it("joins the same authority and reference from two sources, noting a date disagreement", () => {
    const again = group({
      id: "example-front",
      name: "EXAMPLE FRONT",
      aliases: ["Example Front Khorasan"],
      designations: [{ authority: "un-1267", reference: "QDe.901", listedOn: "2011-07-30", sources: [uk] }],
    });
    const { groups, matches } = mergeGroups([[front], [again]]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.aliases).toEqual(["EF", "Example Front Khorasan"]);
    expect(groups[0]?.designations).toHaveLength(1);
    expect(groups[0]?.designations[0]?.sources).toEqual([un, uk]);
    expect(groups[0]?.designations[0]?.listedOn).toBe("2011-07-29");
    expect(groups[0]?.designations[0]?.notes[0]).toMatch(
      /sources disagree on the listing date: 2011-07-29 .* 2011-07-30/,
    );
    expect(matches).toEqual([{ into: "example-front", from: "example-front", list: 1, by: "id" }]);
  });

  it("matches by reference across ids, and by name only when asked", () => {
    const renamed = group({
      id: "front-of-the-example",
      name: "FRONT OF THE EXAMPLE",
      designations: [{ authority: "un-1267", reference: "QDe.901", listedOn: null, sources: [uk] }],
    });
    expect(mergeGroups([[front], [renamed]]).matches[0]?.by).toBe("reference");
    const byName = group({
      id: "ef",
      name: "EF",
      designations: [{ authority: "us-sdgt", reference: "900101", listedOn: null, sources: [uk] }],
    });
    expect(mergeGroups([[front], [byName]]).groups).toHaveLength(1);
    expect(mergeGroups([[front], [byName]], { matchNames: false }).groups).toHaveLength(2);
  });

  it("keeps apart groups one authority lists under different references, and ambiguous names", () => {
    const other = group({
      id: "example-front",
      name: "EXAMPLE FRONT",
      designations: [{ authority: "un-1267", reference: "QDe.999", listedOn: null, sources: [un] }],
    });
    const result = mergeGroups([[front], [other]]);
    expect(result.groups.map((candidate) => candidate.id)).toEqual(["example-front", "example-front-2"]);
    expect(result.conflicts[0]?.reason).toMatch(/un-1267 lists them separately \(QDe.901 and QDe.999\)/);

    const khorasan = group({
      id: "example-front-khorasan",
      name: "EXAMPLE FRONT KHORASAN",
      designations: [],
    });
    const ambiguous = group({ id: "x", name: "EF", aliases: ["Example Front Khorasan"], designations: [] });
    const split = mergeGroups([[front, khorasan], [ambiguous]]);
    expect(split.groups).toHaveLength(3);
    expect(split.conflicts).toEqual([
      {
        from: "x",
        keptAs: "x",
        list: 1,
        candidates: ["example-front", "example-front-khorasan"],
        reason: "its names match several groups",
      },
    ]);
  });
});

describe("diffGroups", () => {
  const v1 = [
    group({
      id: "example-front",
      name: "EXAMPLE FRONT",
      aliases: ["EF", "Old Alias"],
      designations: [{ authority: "un-1267", reference: "QDe.901", listedOn: "2011-07-29", sources: [un] }],
    }),
    group({
      id: "second-brigade",
      name: "SECOND BRIGADE",
      designations: [{ authority: "un-1267", reference: "QDe.902", listedOn: "2012-01-01", sources: [un] }],
    }),
    group({
      id: "third-movement",
      name: "THIRD MOVEMENT",
      designations: [{ authority: "un-1267", reference: "QDe.903", listedOn: "2013-01-01", sources: [un] }],
    }),
  ];

  it("reports new listings, delistings, changed dates and alias changes", () => {
    const v2 = [
      group({
        id: "example-front-renamed",
        name: "EXAMPLE FRONT (EF)",
        aliases: ["EF", "New Alias"],
        designations: [{ authority: "un-1267", reference: "QDe.901", listedOn: "2011-07-30", sources: [un] }],
      }),
      group({
        id: "third-movement",
        name: "THIRD MOVEMENT",
        designations: [
          {
            authority: "un-1267",
            reference: "QDe.903",
            listedOn: "2013-01-01",
            status: "delisted",
            delistedOn: "2025-01-01",
            sources: [un],
          },
        ],
      }),
      group({
        id: "fourth-group",
        name: "FOURTH GROUP",
        designations: [{ authority: "un-1267", reference: "QDe.904", listedOn: "2025-05-05", sources: [un] }],
      }),
    ];
    const diff = diffGroups(v1, v2);
    expect(diff.added.map((listing) => listing.reference)).toEqual(["QDe.904"]);
    expect(diff.removed.map((listing) => [listing.reference, listing.reason])).toEqual([
      ["QDe.902", "absent"],
      ["QDe.903", "delisted"],
    ]);
    expect(diff.changed.find((listing) => listing.reference === "QDe.901")?.changes).toEqual([
      { field: "listedOn", before: "2011-07-29", after: "2011-07-30" },
    ]);
    expect(diff.names).toEqual([
      {
        groupId: "example-front-renamed",
        renamed: { before: "EXAMPLE FRONT", after: "EXAMPLE FRONT (EF)" },
        aliasesAdded: ["New Alias"],
        aliasesRemoved: ["Old Alias"],
      },
    ]);
  });

  it("pairs a changed reference through the group id, and finds nothing between equal lists", () => {
    const moved = v1.map((candidate) =>
      candidate.id === "second-brigade"
        ? { ...candidate, designations: candidate.designations.map((d) => ({ ...d, reference: "QDe.912" })) }
        : candidate,
    );
    const diff = diffGroups(v1, moved);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed[0]?.changes).toEqual([{ field: "reference", before: "QDe.902", after: "QDe.912" }]);
    expect(diffGroups(v1, v1)).toEqual({ added: [], removed: [], changed: [], names: [] });
  });
});
