import fc from "fast-check";
import { ProscribedGroup } from "referral-kit";
// Not yet re-exported from "referral-kit": the lead wires src/registry/importers into src/index.ts.
import {
  collectImport,
  DesignatedIndividual,
  type ImportResult,
  importNationalCsv,
  importOfacCsv,
  importOfacXml,
  importUkList,
  importUnList,
} from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { diffGroups } from "../../../src/registry/diff.js";
import { mergeGroups } from "../../../src/registry/merge.js";
import {
  chunkSizeArb,
  chunks,
  type GeneratedRecord,
  listArb,
  toNationalCsv,
  toOfacCsv,
  toOfacXml,
  toUkCsv,
  toUnXml,
} from "../../support/lists.js";

/** What a round trip must preserve, in a form both sides can be reduced to. */
interface Shape {
  kind: "group" | "individual";
  name: string;
  aliases: string[];
  scriptNames: string[];
  designations: string[];
}

const sorted = (values: readonly string[]) => [...values].sort();

function actualShapes(result: ImportResult): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  const add = (kind: Shape["kind"], record: ProscribedGroup | DesignatedIndividual) => {
    const reference = record.designations[0]?.reference ?? "";
    shapes.set(reference, {
      kind,
      name: record.name,
      aliases: sorted(record.aliases),
      scriptNames: "originalScriptNames" in record ? sorted(record.originalScriptNames) : [],
      designations: record.designations.map((d) => `${d.authority} ${d.reference} ${d.listedOn}`),
    });
  };
  for (const group of result.groups) {
    expect(ProscribedGroup.safeParse(group).success).toBe(true);
    add("group", group);
  }
  for (const person of result.individuals) {
    expect(DesignatedIndividual.safeParse(person).success).toBe(true);
    add("individual", person);
  }
  return shapes;
}

/** The expected shape: where the original script goes, and the designations each format gives. */
function expectedShape(record: GeneratedRecord, withScript: boolean, designations: string[]): Shape {
  const scriptAsAlias = withScript && record.kind === "group";
  return {
    kind: record.kind,
    name: record.name,
    aliases: sorted(scriptAsAlias ? [...record.aliases, record.script] : record.aliases),
    scriptNames: withScript && record.kind === "individual" ? [record.script] : [],
    designations,
  };
}

function check(
  result: ImportResult,
  records: readonly GeneratedRecord[],
  others: number,
  reference: (record: GeneratedRecord) => string,
  shape: (record: GeneratedRecord) => Shape,
): void {
  const actual = actualShapes(result);
  expect(actual.size).toBe(records.length);
  for (const record of records) expect(actual.get(reference(record))).toEqual(shape(record));
  expect(result.unmapped.filter((entry) => entry.scope === "entry")).toHaveLength(others);
}

const RUNS = { numRuns: 60 };

describe("round trip of generated lists through each official format", () => {
  it("UN consolidated XML", async () => {
    await fc.assert(
      fc.asyncProperty(listArb, chunkSizeArb, async ({ records, others }, size) => {
        const result = await collectImport(importUnList(chunks(toUnXml(records, others), size)));
        const reference = (r: GeneratedRecord) => `QD${r.kind === "group" ? "e" : "i"}.${r.ref}`;
        check(result, records, others, reference, (r) =>
          expectedShape(r, true, [`un-1267 ${reference(r)} ${r.listedOn}`]),
        );
      }),
      RUNS,
    );
  });

  const ofacDesignations = (r: GeneratedRecord) =>
    r.programs.map((program) => `${program === "FTO" ? "us-fto" : "us-sdgt"} ${r.ref} null`);

  it("OFAC sdnList XML", async () => {
    await fc.assert(
      fc.asyncProperty(listArb, chunkSizeArb, async ({ records, others }, size) => {
        const result = await collectImport(importOfacXml(chunks(toOfacXml(records, others), size)));
        check(
          result,
          records,
          others,
          (r) => String(r.ref),
          (r) => expectedShape(r, false, ofacDesignations(r)),
        );
      }),
      RUNS,
    );
  });

  it("OFAC CSV set", async () => {
    await fc.assert(
      fc.asyncProperty(listArb, chunkSizeArb, async ({ records, others }, size) => {
        const { sdn, alt } = toOfacCsv(records, others);
        const result = await collectImport(importOfacCsv({ sdn: chunks(sdn, size), alt: chunks(alt, size) }));
        check(
          result,
          records,
          others,
          (r) => String(r.ref),
          (r) => expectedShape(r, false, ofacDesignations(r)),
        );
      }),
      RUNS,
    );
  });

  it("UK Sanctions List CSV", async () => {
    await fc.assert(
      fc.asyncProperty(listArb, chunkSizeArb, async ({ records, others }, size) => {
        const result = await collectImport(importUkList(chunks(toUkCsv(records, others), size)));
        check(
          result,
          records,
          others,
          (r) => `CTI${r.ref}`,
          (r) => expectedShape(r, true, [`national:gb:ct-international-sanctions CTI${r.ref} ${r.listedOn}`]),
        );
      }),
      RUNS,
    );
  });

  it("national schedule CSV", async () => {
    await fc.assert(
      fc.asyncProperty(listArb, chunkSizeArb, async ({ records, others }, size) => {
        const input = chunks(toNationalCsv(records, others), size);
        const result = await collectImport(importNationalCsv(input, { authority: "pk-ata-first-schedule" }));
        check(
          result,
          records,
          others,
          (r) => String(r.ref),
          (r) => expectedShape(r, true, [`pk-ata-first-schedule ${r.ref} ${r.listedOn}`]),
        );
      }),
      RUNS,
    );
  });
});

describe("properties of merge and diff over imported lists", () => {
  const groupsOf = async (records: readonly GeneratedRecord[]) =>
    (await collectImport(importUnList(toUnXml(records, 0)))).groups;

  it("diff finds exactly the listings dropped from a list, and nothing between equal lists", async () => {
    await fc.assert(
      fc.asyncProperty(
        listArb,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        async ({ records }, keep) => {
          const all = await groupsOf(records);
          const kept = all.filter((_, index) => keep[index]);
          expect(diffGroups(all, all)).toEqual({ added: [], removed: [], changed: [], names: [] });
          const diff = diffGroups(all, kept);
          expect(sorted(diff.removed.map((listing) => listing.reference ?? ""))).toEqual(
            sorted(
              all.filter((_, index) => !keep[index]).map((group) => group.designations[0]?.reference ?? ""),
            ),
          );
          expect(diff.added).toEqual([]);
          expect(diffGroups(kept, all).added).toHaveLength(all.length - kept.length);
        },
      ),
      RUNS,
    );
  });

  it("merging a list with itself changes nothing, and never drops a designation", async () => {
    await fc.assert(
      fc.asyncProperty(listArb, async ({ records }) => {
        const groups = await groupsOf(records);
        const merged = mergeGroups([groups, groups], { matchNames: false });
        expect(merged.groups).toEqual(groups);
        const designations = (list: readonly ProscribedGroup[]) =>
          sorted(list.flatMap((group) => group.designations.map((d) => `${d.authority} ${d.reference}`)));
        expect(designations(mergeGroups([groups, groups]).groups)).toEqual(designations(groups));
      }),
      RUNS,
    );
  });
});
