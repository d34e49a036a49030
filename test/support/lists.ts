/**
 * Generated sanctions lists and small serialisers that write them in each official format, for the
 * importers' round-trip properties: generate a list, write it as the UN/OFAC/UK/national file would be,
 * import it, and compare.
 */
import fc from "fast-check";

export interface GeneratedRecord {
  kind: "group" | "individual";
  /** Unique within a list; becomes QDe.<ref>, the OFAC uid, CTI<ref>... */
  ref: number;
  name: string;
  /** Distinct (case-insensitively) from each other and from the name. */
  aliases: string[];
  /** A name in Arabic script. */
  script: string;
  listedOn: string;
  /** OFAC programmes, in order. */
  programs: ("FTO" | "SDGT")[];
}

const LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉüÜ0123456789".split("");
// Characters each format must quote or escape: XML's & < > " and CSV's " and ,; also ’ and '.
const PUNCTUATION = "-'’&()\"/.,<>".split("");
const ARABIC = "ابتثجحخدرسشصطعغفقكلمنهويیکہ".split("");

const word = fc
  .array(fc.constantFrom(...LATIN, ...LATIN, ...LATIN, ...PUNCTUATION), { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(""));
/** A name: words separated by single spaces, with at least one letter. */
export const nameArb = fc
  .array(word, { minLength: 1, maxLength: 4 })
  .map((words) => words.join(" "))
  .filter((name) => /[a-z]/i.test(name));
const scriptArb = fc
  .array(fc.array(fc.constantFrom(...ARABIC), { minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 3 })
  .map((words) => words.map((letters) => letters.join("")).join(" "));
const dateArb = fc
  .date({ min: new Date("1999-01-01T00:00:00Z"), max: new Date("2025-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const recordArb = (ref: number): fc.Arbitrary<GeneratedRecord> =>
  fc
    .record({
      kind: fc.constantFrom("group" as const, "individual" as const),
      name: nameArb,
      aliases: fc.uniqueArray(nameArb, { maxLength: 4, selector: (alias) => alias.toLowerCase() }),
      script: scriptArb,
      listedOn: dateArb,
      programs: fc.constantFrom<("FTO" | "SDGT")[]>(["SDGT"], ["FTO"], ["FTO", "SDGT"]),
    })
    .map((record) => ({
      ...record,
      ref,
      aliases: record.aliases.filter((alias) => alias.toLowerCase() !== record.name.toLowerCase()),
    }));

/** A list of 0-8 records with distinct references, plus how many records of other regimes to add. */
export const listArb = fc
  .integer({ min: 0, max: 8 })
  .chain((size) => fc.tuple(...Array.from({ length: size }, (_, n) => recordArb(100 + n))))
  .chain((records) =>
    fc.record({ records: fc.constant(records as GeneratedRecord[]), others: fc.integer({ min: 0, max: 2 }) }),
  );

/** Chunk sizes to cut a serialised file into. */
export const chunkSizeArb = fc.integer({ min: 1, max: 97 });

/** Feeds bytes in chunks of `size`, splitting multi-byte characters and tags. */
export async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, "utf8");
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

const xml = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** UN Security Council Consolidated List XML: individuals first, then entities, as the UN publishes. */
export function toUnXml(records: readonly GeneratedRecord[], others: number): string {
  const record = (r: GeneratedRecord): string => {
    const tag = r.kind === "group" ? "ENTITY" : "INDIVIDUAL";
    const words = r.name.split(" ");
    const names =
      r.kind === "group"
        ? `<FIRST_NAME>${xml(r.name)}</FIRST_NAME>`
        : `<FIRST_NAME>${xml(words[0] ?? "")}</FIRST_NAME>${words.length > 1 ? `\n      <SECOND_NAME>${xml(words.slice(1).join(" "))}</SECOND_NAME>` : ""}`;
    const aliases = (r.aliases.length > 0 ? r.aliases : [""]).map(
      (alias) =>
        `      <${tag}_ALIAS>\n        <QUALITY>a.k.a.</QUALITY>\n        ${alias ? `<ALIAS_NAME>${xml(alias)}</ALIAS_NAME>` : "<ALIAS_NAME/>"}\n      </${tag}_ALIAS>`,
    );
    return [
      `    <${tag}>`,
      `      <DATAID>${r.ref}</DATAID>`,
      `      ${names}`,
      "      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>",
      `      <REFERENCE_NUMBER>QD${r.kind === "group" ? "e" : "i"}.${r.ref}</REFERENCE_NUMBER>`,
      `      <LISTED_ON>${r.listedOn}</LISTED_ON>`,
      `      <NAME_ORIGINAL_SCRIPT>${r.script}</NAME_ORIGINAL_SCRIPT>`,
      ...aliases,
      `    </${tag}>`,
    ].join("\n");
  };
  const other = (n: number): string =>
    `    <ENTITY>\n      <DATAID>${9000 + n}</DATAID>\n      <FIRST_NAME>OTHER ${n}</FIRST_NAME>\n      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>\n      <REFERENCE_NUMBER>KPe.${n}</REFERENCE_NUMBER>\n    </ENTITY>`;
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<CONSOLIDATED_LIST dateGenerated="2025-01-01T00:00:00.000Z">',
    "  <INDIVIDUALS>",
    ...records.filter((r) => r.kind === "individual").map(record),
    "  </INDIVIDUALS>",
    "  <ENTITIES>",
    ...records.filter((r) => r.kind === "group").map(record),
    ...Array.from({ length: others }, (_, n) => other(n)),
    "  </ENTITIES>",
    "</CONSOLIDATED_LIST>",
  ].join("\n");
}

/** OFAC sdnList XML with the default namespace and CRLF, as OFAC publishes it. */
export function toOfacXml(records: readonly GeneratedRecord[], others: number): string {
  const entry = (r: GeneratedRecord | null, n: number): string => {
    const uid = r ? r.ref : 9000 + n;
    const programs = r ? r.programs : ["SDNTK"];
    const akas = (r?.aliases ?? []).map(
      (alias, index) =>
        `      <aka>\r\n        <uid>${uid * 10 + index}</uid>\r\n        <type>a.k.a.</type>\r\n        <category>strong</category>\r\n        <lastName>${xml(alias)}</lastName>\r\n      </aka>`,
    );
    return [
      "  <sdnEntry>",
      `    <uid>${uid}</uid>`,
      `    <lastName>${xml(r ? r.name : `OTHER ${n}`)}</lastName>`,
      `    <sdnType>${r?.kind === "individual" ? "Individual" : "Entity"}</sdnType>`,
      "    <programList>",
      ...programs.map((program) => `      <program>${program}</program>`),
      "    </programList>",
      ...(akas.length > 0 ? ["    <akaList>", ...akas, "    </akaList>"] : []),
      "  </sdnEntry>",
    ].join("\r\n");
  };
  return [
    '<?xml version="1.0" standalone="yes"?>',
    '<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">',
    "  <publshInformation>",
    "    <Publish_Date>01/01/2025</Publish_Date>",
    "    <Record_Count>99999</Record_Count>",
    "  </publshInformation>",
    ...records.map((r, n) => entry(r, n)),
    ...Array.from({ length: others }, (_, n) => entry(null, n)),
    "</sdnList>",
  ].join("\r\n");
}

const quoted = (text: string): string => `"${text.replace(/"/g, '""')}"`;
const NULL = "-0- ";

/** OFAC's legacy CSV set: no header, CRLF, `-0- ` for empty, a trailing 0x1A byte. */
export function toOfacCsv(records: readonly GeneratedRecord[], others: number): { sdn: string; alt: string } {
  const end = (rows: string[]): string => `${rows.map((row) => `${row}\r\n`).join("")}\u001a`;
  const sdn: string[] = [];
  const alt: string[] = [];
  records.forEach((r) => {
    // A weak alias goes in the remarks, as OFAC writes it, when it can be quoted there.
    const [first, ...rest] = r.aliases;
    const weak = first !== undefined && !/['";]/.test(first) ? first : undefined;
    const remarks = weak ? quoted(`a.k.a. '${weak}'.`) : NULL;
    const type = r.kind === "individual" ? quoted("individual") : NULL;
    sdn.push(
      [r.ref, quoted(r.name), type, quoted(r.programs.join("] [")), ...Array(7).fill(NULL), remarks].join(
        ",",
      ),
    );
    (weak ? rest : r.aliases).forEach((alias, index) => {
      alt.push([r.ref, r.ref * 10 + index, quoted("aka"), quoted(alias), NULL].join(","));
    });
  });
  for (let n = 0; n < others; n += 1) {
    sdn.push([9000 + n, quoted(`OTHER ${n}`), NULL, quoted("SDNTK"), ...Array(8).fill(NULL)].join(","));
  }
  return { sdn: end(sdn), alt: end(alt) };
}

const UK_HEADER = [
  "Last Updated",
  "Unique ID",
  "OFSI Group ID",
  "UN Reference Number",
  "Name 6",
  "Name 1",
  "Name 2",
  "Name 3",
  "Name 4",
  "Name 5",
  "Name type",
  "Alias strength",
  "Title",
  "Name non-latin script",
  "Non-latin script type",
  "Non-latin script language",
  "Regime Name",
  "Designation Type",
  "Designation source",
  "Sanctions Imposed",
  "Other Information",
  "Date Designated",
];

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? quoted(text) : text);
const dmy = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** The FCDO UK Sanctions List CSV: a banner, the header, one row per name. */
export function toUkCsv(records: readonly GeneratedRecord[], others: number): string {
  const row = (values: Record<string, string>): string =>
    UK_HEADER.map((column) => csvField(values[column] ?? "")).join(",");
  const rows: string[] = [];
  for (const r of records) {
    const base = {
      "Unique ID": `CTI${r.ref}`,
      "Regime Name": "Counter-Terrorism (International)",
      "Designation Type": r.kind === "group" ? "Entity" : "Individual",
      "Date Designated": dmy(r.listedOn),
    };
    rows.push(
      row({ ...base, "Name 6": r.name, "Name type": "Primary Name", "Name non-latin script": r.script }),
    );
    for (const alias of r.aliases) rows.push(row({ ...base, "Name 6": alias, "Name type": "Alias" }));
  }
  for (let n = 0; n < others; n += 1) {
    rows.push(
      row({
        "Unique ID": `RUS${n}`,
        "Name 6": `OTHER ${n}`,
        "Name type": "Primary Name",
        "Regime Name": "Russia",
        "Designation Type": "Entity",
      }),
    );
  }
  return ["Report Date: 01-Jan-2025", UK_HEADER.join(","), ...rows].join("\r\n");
}

/** referral-kit's plain national CSV. */
export function toNationalCsv(records: readonly GeneratedRecord[], others: number): string {
  const rows = records.map((r) =>
    [
      r.name,
      r.aliases.join("|"),
      r.script,
      String(r.ref),
      r.listedOn,
      "https://example.gov.pk/schedule",
      r.kind,
    ]
      .map(csvField)
      .join(","),
  );
  for (let n = 0; n < others; n += 1)
    rows.push(`,,,${9000 + n},2020-01-01,https://example.gov.pk/schedule,group`);
  return ["name,aliases,original_script,reference,listed_on,source_url,type", ...rows].join("\n");
}
