import { readFileSync } from "node:fs";
import { ProscribedGroup, ReferralKitError } from "referral-kit";
import {
  collectImport,
  createRegistry,
  DesignatedIndividual,
  type ImportItem,
  importUnList,
  ListFormatError,
} from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { listFixture, readSharedFixture, skipSharedFixtures } from "../../support/shared-fixtures.js";

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

async function failure(promise: Promise<unknown>): Promise<ListFormatError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ListFormatError.isInstance(error)) throw new Error(`expected a ListFormatError, got ${String(error)}`);
  return error;
}

describe.skipIf(skipSharedFixtures)("importUnList on the real consolidated list excerpt", () => {
  const bytes = (): Buffer => readSharedFixture("un-consolidated-excerpt.xml");

  it("maps the 1267 and 1988 entities to groups, each under its own authority, and reports the other regimes", async () => {
    const result = await collectImport(importUnList(bytes()));
    expect(result.groups.map((group) => group.designations[0]?.reference).sort()).toEqual([
      "QDe.004",
      "QDe.115",
      "QDe.118",
      "QDe.130",
      "QDe.131",
      "QDe.132",
      "QDe.152",
      "QDe.160",
      "QDe.161",
      "TAe.012",
    ]);
    for (const group of result.groups) {
      expect(ProscribedGroup.safeParse(group).success).toBe(true);
      const reference = group.designations[0]?.reference ?? "";
      expect(group.designations.map((designation) => designation.authority)).toEqual([
        reference.startsWith("TA") ? "un-1988" : "un-1267",
      ]);
    }
    const unmapped = result.unmapped.filter((entry) => entry.scope === "entry");
    expect(unmapped.map((entry) => entry.reference).sort()).toEqual(["KPe.023", "SOe.001"]);
    expect(unmapped.every((entry) => entry.line > 0 && entry.reason.includes("not mapped"))).toBe(true);
  });

  it("brings in the 1988 (Taliban) regime: the Haqqani Network and the individuals linked to 1988 entities", async () => {
    const result = await collectImport(importUnList(bytes()));
    const haqqani = result.groups.find((group) => group.designations[0]?.reference === "TAe.012");
    expect(haqqani).toMatchObject({ id: "haqqani-network-hqn", name: "HAQQANI NETWORK (HQN)" });
    expect(haqqani?.aliases).toContain("شبکه حقانی");
    expect(haqqani?.designations).toEqual([
      expect.objectContaining({
        authority: "un-1988",
        reference: "TAe.012",
        listedOn: "2012-11-05",
        status: "listed",
        notes: ["source record: UN DATAID 3000441"],
      }),
    ]);
    const noorzai = result.individuals.find((person) => person.designations[0]?.reference === "TAi.173");
    expect(noorzai?.name).toBe("ABDUL BASIR NOORZAI");
    expect(noorzai?.designations[0]).toMatchObject({ authority: "un-1988", listedOn: "2015-03-27" });
    // TAe.014 (his hawala) is cited in COMMENTS1 but not in the excerpt: the link stays, unresolved.
    expect(noorzai?.linkedGroups).toEqual([{ reference: "TAe.014", statedIn: "COMMENTS1" }]);
    // A 1988 listing is never merged into a 1267 one: both authorities stay apart in a registry.
    const registry = createRegistry(result.groups);
    expect(registry.designations("haqqani-network-hqn", { authority: "un-1267" })).toEqual([]);
    expect(registry.designations("haqqani-network-hqn", { authority: "un-1988" })).toHaveLength(1);
  });

  it("keeps TTP's Urdu-script name and ISIL-K's ISIS-K alias, with listing dates and source", async () => {
    const { groups } = await collectImport(importUnList(bytes()));
    const ttp = groups.find((group) => group.designations[0]?.reference === "QDe.132");
    expect(ttp?.name).toBe("TEHRIK-E TALIBAN PAKISTAN (TTP)");
    expect(ttp?.id).toBe("tehrik-e-taliban-pakistan-ttp");
    expect(ttp?.aliases).toContain("تحریک طالبان پاکستان");
    expect(ttp?.aliases).toContain("Tehreek-e-Taliban");
    expect(ttp?.designations[0]).toMatchObject({
      listedOn: "2011-07-29",
      status: "listed",
      sources: [
        {
          url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
          title: "UN Security Council Consolidated List, generated 2025-11-20",
        },
      ],
    });
    expect(ttp?.designations[0]?.notes).toContain("source record: UN DATAID 2971894");
    const isilK = groups.find((group) => group.designations[0]?.reference === "QDe.161");
    expect(isilK?.aliases).toEqual(expect.arrayContaining(["ISIS-K", "ISIL KHORASAN", "IS-Khorasan"]));
    expect(isilK?.designations[0]?.listedOn).toBe("2019-05-14");
  });

  it("reads the published quirks: zone offsets, trailing spaces, wrapped original script", async () => {
    const result = await collectImport(importUnList(bytes()));
    const fazlullah = result.individuals.find((person) => person.designations[0]?.reference === "QDi.352");
    expect(fazlullah?.name).toBe("MAULANA FAZLULLAH");
    expect(fazlullah?.designations[0]?.listedOn).toBe("2015-04-07");
    expect(fazlullah?.aliases).toEqual(["Mullah Fazlullah", "Fazal Hayat", "Mullah Radio"]);
    expect(result.unmapped.find((entry) => entry.importKey === "un:dataid:6908499")?.reference).toBe(
      "KPe.023",
    );
    const salbi = result.individuals.find((person) => person.designations[0]?.reference === "QDi.426");
    expect(salbi?.name).toBe("Amir Muhammad Sa’id Abdal-Rahman al-Salbi");
    expect(salbi?.originalScriptNames).toEqual(["أمیر محمد سعید عبد الرحمن السلبي"]);
    const alQaida = result.groups.find((group) => group.designations[0]?.reference === "QDe.004");
    expect(alQaida?.aliases).toContain("Al Qa’ida/Islamic Army");
    expect(result.groups.find((group) => group.id === "tariq-gidar-group-tgg")).toBeDefined();
  });

  it("turns listed individuals into DesignatedIndividuals linked to the groups their comments cite", async () => {
    const { individuals } = await collectImport(importUnList(bytes()));
    expect(individuals).toHaveLength(8);
    for (const person of individuals) expect(DesignatedIndividual.safeParse(person).success).toBe(true);
    const mehsud = individuals.find((person) => person.designations[0]?.reference === "QDi.427");
    expect(mehsud?.linkedGroups).toEqual([
      { reference: "QDe.132", statedIn: "COMMENTS1", groupId: "tehrik-e-taliban-pakistan-ttp" },
    ]);
    const ghafari = individuals.find((person) => person.designations[0]?.reference === "QDi.431");
    expect(ghafari?.originalScriptNames).toEqual(["ثناء اللہ غفاری"]);
    expect(ghafari?.linkedGroups[0]?.groupId).toBe("islamic-state-in-iraq-and-the-levant-khorasan-isil-k");
    // QDe.019 (Jaish-i-Mohammed) is cited but not in the excerpt: the link stays, unresolved.
    const azhar = individuals.find((person) => person.designations[0]?.reference === "QDi.422");
    expect(azhar?.linkedGroups.find((link) => link.reference === "QDe.019")?.groupId).toBeUndefined();
  });

  it("gives the same result whatever the chunk boundaries (multi-byte characters split)", async () => {
    const whole = await collectImport(importUnList(bytes()));
    for (const size of [1, 7, 4096]) {
      expect(await collectImport(importUnList(chunked(bytes(), size)))).toEqual(whole);
    }
  });

  it("fails with the line of a truncated file", async () => {
    const text = bytes().toString("utf8");
    const cut = text.slice(0, text.indexOf("<REFERENCE_NUMBER>QDe.132"));
    const error = await failure(collectImport(importUnList(cut)));
    expect(error.code).toBe("list_format_error");
    expect(ReferralKitError.isInstance(error)).toBe(true);
    expect(error.line).toBe(cut.split("\n").length);
    expect(error.reason).toMatch(/<ENTITY> opened at line 985 is not closed/);
  });
});

describe("importUnList on the repository's own fixture", () => {
  const text = readFileSync(listFixture("un-consolidated.xml"), "utf8");

  it("handles CDATA, character references, empty aliases and a bad date", async () => {
    const result = await collectImport(importUnList(text));
    expect(result.groups).toHaveLength(2);
    const front = result.groups[0];
    expect(front).toMatchObject({
      id: "example-front-ef",
      name: "EXAMPLE FRONT (EF)",
      aliases: ["Example Front", "Front of the Example’s Army", "EF-K", "محاذ المثال"],
      description: "Formed in 2007 & led by Example Person One (QDi.901).",
    });
    expect(front?.designations[0]?.reference).toBe("QDe.901");
    const brigade = result.groups[1];
    expect(brigade?.aliases).toEqual([]);
    expect(brigade?.designations[0]?.listedOn).toBeNull();
    expect(result.unmapped).toContainEqual(
      expect.objectContaining({
        scope: "field",
        field: "LISTED_ON",
        value: "29 July 2011",
        reference: "QDe.902",
      }),
    );
    const [person] = result.individuals;
    expect(person).toMatchObject({
      id: "example-person-one",
      originalScriptNames: ["مثال شخص"],
      linkedGroups: [{ reference: "QDe.901", groupId: "example-front-ef", statedIn: "COMMENTS1" }],
    });
    expect(person?.designations[0]?.listedOn).toBe("2016-02-03");
    // TAi.901 is on the 1988 Taliban list (un-1988); KPe.901 (DPRK) is the one regime left unmapped.
    expect(result.individuals.find((individual) => individual.id === "second-example")?.designations).toEqual(
      [expect.objectContaining({ authority: "un-1988", reference: "TAi.901", listedOn: "2001-01-25" })],
    );
    expect(result.unmapped.filter((entry) => entry.scope === "entry").map((entry) => entry.line)).toEqual([
      71,
    ]);
  });

  it("streams: the first item arrives before the input is read to the end", async () => {
    const lines = text.split(/(?<=\n)/);
    let pulled = 0;
    async function* slow(): AsyncGenerator<string> {
      for (const line of lines) {
        pulled += 1;
        yield line;
      }
    }
    const iterator = importUnList(slow())[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect((first.value as ImportItem).kind).toBe("individual");
    expect(pulled).toBeLessThan(lines.length / 2);
    await iterator.return?.(undefined);
  });

  it.each([
    [
      "a mismatched closing tag",
      text.replace("</SECOND_NAME>", "</SECOND>"),
      9,
      /does not match <SECOND_NAME>/,
    ],
    [
      "another list's root",
      '<?xml version="1.0"?>\n<sdnList>\n</sdnList>',
      2,
      /expected the root element <CONSOLIDATED_LIST>/,
    ],
    ["an empty file", "", 1, /no XML root element/],
    ["text after the root", `${text}\ngarbage`, 98, /text outside the root element/],
    ["a DOCTYPE", `<!DOCTYPE x [<!ENTITY a "b">]>\n${text}`, 1, /DOCTYPE/],
    [
      "a bad attribute inside a record",
      text.replace("<DATAID>900001", '<DATAID a="1" a="2">900001'),
      6,
      /Attribute 'a' is repeated/,
    ],
  ])("rejects %s with its line", async (_label, input, line, reason) => {
    const error = await failure(collectImport(importUnList(input)));
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(`line ${line}`);
  });

  it("rejects bytes that are not UTF-8, with the line", async () => {
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, text.indexOf("EXAMPLE FRONT"))),
      Buffer.from([0xff, 0xfe]),
    ]);
    const error = await failure(collectImport(importUnList(chunked(bytes, 64))));
    expect(error.reason).toMatch(/not valid UTF-8/);
    expect(error.line).toBe(52);
  });

  it("refuses a record longer than the limit instead of buffering it", async () => {
    const error = await failure(collectImport(importUnList(text, { maxRecordLength: 200 })));
    expect(error.reason).toMatch(/longer than 200 characters/);
    expect(error.line).toBe(5);
  });
});
