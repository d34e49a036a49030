import { readFileSync } from "node:fs";
import { ProscribedGroup } from "referral-kit";
// Not yet re-exported from "referral-kit": the lead wires src/registry/importers into src/index.ts.
import { collectImport, importNationalCsv, importUkList, ListFormatError } from "referral-kit/registry";
import { describe, expect, it } from "vitest";
import { listFixture } from "../../support/shared-fixtures.js";

async function failure(promise: Promise<unknown>): Promise<ListFormatError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ListFormatError.isInstance(error)) throw new Error(`expected a ListFormatError, got ${String(error)}`);
  return error;
}

describe("importUkList", () => {
  const fcdo = readFileSync(listFixture("uk-sanctions-list.csv"), "utf8");
  const ofsi = readFileSync(listFixture("uk-ofsi-conlist.csv"), "utf8");

  it("joins the FCDO list's rows per Unique ID: primary name, aliases, non-Latin script", async () => {
    const result = await collectImport(importUkList(fcdo));
    expect(result.groups).toHaveLength(2);
    const [front, brigade] = result.groups;
    expect(front).toMatchObject({
      id: "example-front",
      name: "EXAMPLE FRONT",
      aliases: ["EF", "EXAMPLE FRONT KHORASAN", "محاذ المثال"],
    });
    expect(front?.designations[0]).toMatchObject({
      authority: "national:gb:ct-international-sanctions",
      reference: "CTI0901",
      listedOn: "2011-07-29",
      sources: [
        {
          url: "https://www.gov.uk/government/publications/the-uk-sanctions-list",
          title: "UK Sanctions List",
        },
      ],
    });
    expect(brigade?.designations[0]).toMatchObject({
      authority: "national:gb:ct-domestic-sanctions",
      listedOn: null,
    });
    for (const group of result.groups) expect(ProscribedGroup.safeParse(group).success).toBe(true);
    const [person] = result.individuals;
    expect(person).toMatchObject({
      name: "EXAMPLE PERSON ONE",
      aliases: ["Example P. ONE"],
      originalScriptNames: ["مثال شخص"],
    });
    expect(person?.designations[0]?.authority).toBe("national:gb:isil-aq-sanctions");
    expect(person?.designations[0]?.notes).toContain(
      "UN reference QDi.901: a UK implementation of a UN listing",
    );
  });

  it("reports other regimes, ships and bad dates", async () => {
    const { unmapped } = await collectImport(importUkList(fcdo));
    expect(unmapped.map((entry) => [entry.scope, entry.reference, entry.field, entry.line])).toEqual([
      ["entry", "RUS0901", "regime", 9],
      ["entry", "CTI0902", "type", 10],
      ["field", "CTD0901", "listedOn", 11],
    ]);
  });

  it("reads OFSI's ConList.csv to the same groups, keyed by the UK Sanctions List Ref", async () => {
    const [fromFcdo, fromOfsi] = await Promise.all([
      collectImport(importUkList(fcdo)),
      collectImport(importUkList(ofsi)),
    ]);
    const front = fromOfsi.groups[0];
    expect(front?.name).toBe(fromFcdo.groups[0]?.name);
    expect(front?.aliases).toEqual(fromFcdo.groups[0]?.aliases);
    expect(front?.designations[0]).toMatchObject({
      reference: "CTI0901",
      listedOn: "2011-07-29",
      sources: [{ publisher: "HM Treasury, Office of Financial Sanctions Implementation" }],
    });
    const person = fromOfsi.individuals[0];
    expect(person?.designations[0]?.listedOn).toBe("2020-12-31");
    expect(person?.designations[0]?.notes).toEqual(
      expect.arrayContaining([
        "UN reference QDi.901: a UK implementation of a UN listing",
        'OFSI "Listed On" 2016-02-03: first listed before the UK\'s own designation',
      ]),
    );
    expect(fromOfsi.unmapped.map((entry) => entry.name)).toEqual(["EXAMPLE SHIPPING LLC"]);
  });

  it("accepts the regime spelled differently and maps regimes on request", async () => {
    const respelled = fcdo.replaceAll(
      "Counter-Terrorism (International)",
      "Counter Terrorism (International)",
    );
    expect((await collectImport(importUkList(respelled))).groups[0]?.designations[0]?.authority).toBe(
      "national:gb:ct-international-sanctions",
    );
    const custom = await collectImport(
      importUkList(fcdo, { regimes: { russia: "national:gb:russia-sanctions" } }),
    );
    expect(custom.groups.map((group) => group.name)).toEqual(["EXAMPLE SHIPPING LLC"]);
  });

  it.each([
    ["another CSV", "a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n", 5, /no header row with "Name 6"/],
    [
      "a truncated row",
      fcdo.slice(0, fcdo.indexOf("Asset freeze") + 5),
      3,
      /expected 52 fields as in the header, found 20/,
    ],
    ["an empty file", "", 1, /no header row/],
  ])("rejects %s with its line", async (_label, input, line, reason) => {
    const error = await failure(collectImport(importUkList(input)));
    expect(error.line).toBe(line);
    expect(error.reason).toMatch(reason);
  });
});

describe("importNationalCsv", () => {
  const csv = readFileSync(listFixture("pk-first-schedule.csv"), "utf8");
  const read = () => collectImport(importNationalCsv(csv, { authority: "pk-ata-first-schedule" }));

  it("maps every named row onto the schedule's authority, with parent and delisting", async () => {
    const result = await read();
    expect(result.groups.map((group) => group.id)).toEqual([
      "example-front",
      "example-front-majeed-brigade",
      "old-example-movement",
      "unnamed-row-test",
    ]);
    expect(result.groups[0]).toMatchObject({
      aliases: ["EF", "Example Front Khorasan", "محاذ المثال"],
      designations: [
        {
          authority: "pk-ata-first-schedule",
          reference: "1",
          listedOn: "2008-08-25",
          sources: [{ url: "https://example.gov.pk/first-schedule" }],
        },
      ],
    });
    expect(result.groups[1]).toMatchObject({ parentId: "example-front" });
    expect(result.groups[1]?.designations[0]?.notes).toEqual(["Part of Example Front, per the notification"]);
    expect(result.groups[2]?.designations[0]).toMatchObject({ status: "delisted", delistedOn: "2009-05-01" });
    for (const group of result.groups) expect(ProscribedGroup.safeParse(group).success).toBe(true);
    expect(result.individuals[0]).toMatchObject({
      name: "Example Leader",
      originalScriptNames: ["مثال رہنما"],
    });
  });

  it("reports rows without a name and dates that are not ISO", async () => {
    const { unmapped } = await read();
    expect(unmapped.map((entry) => [entry.scope, entry.field, entry.line])).toEqual([
      ["field", "listed_on", 5],
      ["entry", "name", 6],
    ]);
  });

  it("uses the source in the options when rows have none, and reports rows with neither", async () => {
    const input = "Name,Aliases\nExample Front,EF\n";
    const withSource = await collectImport(
      importNationalCsv(input, {
        authority: "national:in:uapa",
        source: { url: "https://example.gov.in/uapa" },
      }),
    );
    expect(withSource.groups[0]?.designations[0]?.sources).toEqual([{ url: "https://example.gov.in/uapa" }]);
    const without = await collectImport(importNationalCsv(input, { authority: "national:in:uapa" }));
    expect(without.unmapped[0]?.reason).toMatch(/no source_url/);
  });

  it("reports unknown columns and rejects a file without a name column", async () => {
    const extra = await collectImport(
      importNationalCsv("name,gazette_page,source_url\nExample Front,12,https://example.gov.pk/x\n", {
        authority: "pk-ata-first-schedule",
      }),
    );
    expect(extra.unmapped).toEqual([
      expect.objectContaining({ field: "gazette_page", line: 1, importKey: null }),
    ]);
    const error = await failure(
      collectImport(importNationalCsv("title\nx\n", { authority: "pk-ata-first-schedule" })),
    );
    expect(error.reason).toMatch(/no "name" column/);
  });
});
