import { createReadStream, readFileSync } from "node:fs";
import { ProscribedGroup } from "referral-kit";
// Not yet re-exported from "referral-kit": the lead wires src/registry/importers into src/index.ts.
import {
  collectImport,
  DesignatedIndividual,
  type ImportResult,
  importOfacCsv,
  importOfacXml,
  ListFormatError,
} from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { listFixture, sharedFixture, skipSharedFixtures } from "../../support/shared-fixtures.js";

async function failure(promise: Promise<unknown>): Promise<ListFormatError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ListFormatError.isInstance(error)) throw new Error(`expected a ListFormatError, got ${String(error)}`);
  return error;
}

const byReference = (result: ImportResult, reference: string) =>
  result.groups.find((group) => group.designations[0]?.reference === reference);
const authorities = (result: ImportResult, reference: string) =>
  byReference(result, reference)?.designations.map((designation) => designation.authority);

describe.skipIf(skipSharedFixtures)("importOfacCsv on the real SDN CSV excerpt", () => {
  const read = () =>
    collectImport(
      importOfacCsv({
        sdn: createReadStream(sharedFixture("ofac-sdn-excerpt.csv")),
        alt: createReadStream(sharedFixture("ofac-alt-excerpt.csv")),
        add: createReadStream(sharedFixture("ofac-add-excerpt.csv")),
      }),
    );

  it("keeps FTO and SDGT as separate designations: TTP is both, BLA is SDGT only", async () => {
    const result = await read();
    expect(authorities(result, "12206")).toEqual(["us-fto", "us-sdgt"]);
    expect(authorities(result, "26953")).toEqual(["us-sdgt"]);
    expect(authorities(result, "18647")).toEqual(["us-fto", "us-sdgt"]);
    const ttp = byReference(result, "12206");
    expect(ttp).toMatchObject({
      id: "tehrik-e-taliban-pakistan-ttp",
      name: "TEHRIK-E TALIBAN PAKISTAN (TTP)",
    });
    expect(ttp?.aliases).toContain("TEHREEK-E-TALIBAN");
    expect(ttp?.designations[0]?.listedOn).toBeNull();
    expect(ttp?.designations[0]?.sources[0]?.url).toBe("https://www.treasury.gov/ofac/downloads/sdn.csv");
    for (const group of result.groups) expect(ProscribedGroup.safeParse(group).success).toBe(true);
  });

  it("reads weak aliases from the remarks and strong ones from alt.csv; -0- is empty", async () => {
    const result = await read();
    expect(byReference(result, "26953")?.aliases).toEqual(["BALOCH LIBERATION ARMY", "BLA"]);
    expect(byReference(result, "20360")?.aliases).toEqual(
      expect.arrayContaining(["JUA", "TTP-JA", "TTP-JUA"]),
    );
    // ISIL KHORASAN has no ISIS-K alias in this OFAC file (the UN list has it).
    expect(byReference(result, "18647")?.aliases).not.toContain("ISIS-K");
    expect(result.groups.every((group) => group.aliases.every((alias) => !alias.includes("-0-")))).toBe(true);
  });

  it("turns SDGT individuals into DesignatedIndividuals with Linked To resolved", async () => {
    const result = await read();
    expect(result.individuals.map((person) => person.designations[0]?.reference).sort()).toEqual(
      ["10743", "17668", "17765", "2674", "27127", "27313", "27969"].sort(),
    );
    for (const person of result.individuals)
      expect(DesignatedIndividual.safeParse(person).success).toBe(true);
    const fazlullah = result.individuals.find((person) => person.designations[0]?.reference === "17668");
    expect(fazlullah).toMatchObject({
      name: "FAZLULLAH, Maulana",
      aliases: ["HAYAT, Fazal", "Mullah Fazlullah", "Mullah Radio"],
    });
    const ameen = result.individuals.find((person) => person.designations[0]?.reference === "27127");
    expect(ameen?.linkedGroups).toEqual([
      { name: "ISIL KHORASAN", statedIn: "Remarks", groupId: "isil-khorasan" },
    ]);
  });

  it("reports other programmes, vessels and aircraft, with their line", async () => {
    const result = await read();
    const entries = result.unmapped.filter((entry) => entry.scope === "entry");
    expect(entries.map((entry) => entry.reference)).toEqual([
      "36",
      "306",
      "4238",
      "4243",
      "7169",
      "15431",
      "16938",
      "25308",
      "26137",
      "31651",
    ]);
    expect(entries.find((entry) => entry.reference === "15431")).toMatchObject({
      field: "sdnType",
      value: "aircraft",
      line: 16,
    });
    expect(result.unmapped).toContainEqual(
      expect.objectContaining({ scope: "field", reference: "4697", field: "program", value: "SYRIA" }),
    );
  });

  it("fails with the line of a truncated sdn.csv", async () => {
    const text = readFileSync(sharedFixture("ofac-sdn-excerpt.csv"), "latin1");
    const cut = text.slice(0, text.indexOf("BALOCHISTAN") + 5);
    const error = await failure(collectImport(importOfacCsv({ sdn: cut })));
    expect(error.file).toBe("sdn.csv");
    expect(error.line).toBe(26);
  });
});

describe.skipIf(skipSharedFixtures)("importOfacXml on the real consolidated (non-SDN) XML excerpt", () => {
  it("accepts the default namespace and ignores a Record_Count that does not match", async () => {
    const result = await collectImport(
      importOfacXml(createReadStream(sharedFixture("ofac-cons-excerpt.xml"))),
    );
    expect(result.groups).toEqual([]);
    expect(
      result.individuals.map((person) => [person.name, person.designations.map((d) => d.authority)]),
    ).toEqual([
      ["ZAHHAR, Mahmoud Khaled", ["us-sdgt"]],
      ["HAMMAD, Fathi Ahmad Mohammad", ["us-sdgt"]],
    ]);
    const zahhar = result.individuals[0];
    expect(zahhar?.aliases).toEqual(["AL ZAHAR, Mahmoud Khaled", "ZAHAR, Mahmoud", "AL-ZAHAR, Mahmoud"]);
    expect(zahhar?.linkedGroups).toEqual([{ name: "HAMAS", statedIn: "Remarks" }]);
    expect(zahhar?.designations[0]?.sources[0]?.title).toMatch(/published 2024-05-06$/);
    expect(result.unmapped.filter((entry) => entry.scope === "entry")).toHaveLength(10);
    expect(result.unmapped.find((entry) => entry.reference === "9643")).toMatchObject({
      value: "NS-PLC",
      line: 46,
    });
  });
});

describe("the OFAC importers on the repository's own fixtures", () => {
  const csv = () =>
    collectImport(
      importOfacCsv({
        sdn: readFileSync(listFixture("ofac-sdn.csv")),
        alt: readFileSync(listFixture("ofac-alt.csv")),
        add: readFileSync(listFixture("ofac-add.csv")),
      }),
    );
  const xml = () => collectImport(importOfacXml(readFileSync(listFixture("ofac-sdn.xml"))));

  it("give the same groups and individuals from the XML and the CSV form (bar the source)", async () => {
    const [fromCsv, fromXml] = await Promise.all([csv(), xml()]);
    const withoutSources = (result: ImportResult) =>
      [...result.groups, ...result.individuals].map((record) => ({
        ...record,
        designations: record.designations.map(({ sources: _sources, ...designation }) => designation),
      }));
    expect(withoutSources(fromXml)).toEqual(withoutSources(fromCsv));
    expect(fromCsv.groups.map((group) => group.id)).toEqual([
      "example-front",
      "second-example-brigade",
      "example-bank",
    ]);
    expect(fromCsv.groups[0]).toMatchObject({
      aliases: ["FRONT OF THE EXAMPLE", "OLD EXAMPLE FRONT", "EF", "EXAMPLE FRONT KHORASAN"],
    });
    expect(fromCsv.groups[0]?.designations[0]?.notes).toContain(
      "address countries (OFAC): Pakistan; Afghanistan",
    );
    expect(fromCsv.individuals[0]).toMatchObject({
      id: "person-example",
      name: "PERSON, Example",
      aliases: ["PERSONNE, Exemple", "The Example"],
      linkedGroups: [{ name: "EXAMPLE FRONT", statedIn: "Remarks", groupId: "example-front" }],
    });
  });

  it("reports alt.csv rows for an ent_num that sdn.csv does not list", async () => {
    const result = await csv();
    expect(result.unmapped).toContainEqual(
      expect.objectContaining({ file: "alt.csv", reference: "900199", scope: "field", line: 4 }),
    );
  });

  it("maps other programmes when asked", async () => {
    const result = await collectImport(
      importOfacXml(readFileSync(listFixture("ofac-sdn.xml")), { programs: { SDNTK: "national:us:sdntk" } }),
    );
    expect(result.groups.map((group) => group.id)).toEqual(["example-trading-llc"]);
  });

  it.each([
    [
      "a header row",
      "ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,Vess_type,Tonnage,GRT,Vess_flag,Vess_owner,Remarks\r\n",
      1,
      /not a number/,
    ],
    [
      "alt.csv given as sdn.csv",
      readFileSync(listFixture("ofac-alt.csv"), "latin1"),
      1,
      /expected 12 fields, found 5/,
    ],
    [
      "a quote left open at the end",
      '900101,"EXAMPLE FRONT",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'EF\'\r\n',
      2,
      /Quote Not Closed/,
    ],
  ])("rejects %s", async (_label, sdn, line, reason) => {
    const error = await failure(collectImport(importOfacCsv({ sdn })));
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
  });

  it("rejects a truncated XML file with its last line", async () => {
    const text = readFileSync(listFixture("ofac-sdn.xml"), "utf8");
    const cut = text.slice(0, text.indexOf("<uid>900104"));
    const error = await failure(collectImport(importOfacXml(cut)));
    expect(error.line).toBe(cut.split("\n").length);
    expect(error.reason).toMatch(/<sdnEntry> opened at line 57 is not closed/);
  });
});
