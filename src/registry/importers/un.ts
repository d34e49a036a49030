import type { Source } from "../../domain/schemas/designation.js";
import { clip, groupItem, individualItem, type RecordContext, resolveSource, unmapped } from "./build.js";
import { textChunks } from "./input.js";
import { cleanText, parseIsoDate, recordId, uniqueNames } from "./text.js";
import type { ImportItem, ImportOptions, ListInput } from "./types.js";
import { children, childText, parseXmlRecord, splitXmlRecords, type XmlNode } from "./xml-records.js";

/**
 * Where the UN publishes the consolidated list: the source designations cite unless told otherwise.
 *
 * @example
 * ```ts
 * UN_LIST_SOURCE.url; // "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
 * ```
 */
export const UN_LIST_SOURCE: Source = {
  url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
  title: "UN Security Council Consolidated List",
  publisher: "United Nations Security Council",
};

/**
 * The UN regimes mapped to an authority, by reference prefix: the ISIL (Da'esh) and Al-Qaida list
 * (`QDe.` entities, `QDi.` individuals) and the 1988 Taliban list (`TAe.`, `TAi.`). Each keeps its own
 * authority: a 1988 listing is not a 1267 one.
 */
const UN_REGIMES = [
  { prefix: "QD", authority: "un-1267" },
  { prefix: "TA", authority: "un-1988" },
] as const;
const MAPPED_REFERENCE = /^(QD|TA)[ei]\.\d+$/u;
const GROUP_REFERENCE = /\b(?:QDe|TAe)\.\d+\b/gu;
const REPEATED = new Set(["INDIVIDUAL_ALIAS", "ENTITY_ALIAS", "VALUE"]);

/**
 * Reads the UN Security Council Consolidated List XML (`CONSOLIDATED_LIST`) as a stream. Entities on the
 * ISIL (Da'esh) and Al-Qaida list (references `QDe.`) become groups designated by `un-1267`, entities on
 * the 1988 Taliban list (`TAe.`, e.g. the Haqqani Network) groups designated by `un-1988`; individuals
 * (`QDi.`, `TAi.`) become {@link DesignatedIndividual}s linked to the groups their `COMMENTS1` cites.
 * Records of other UN regimes (DPRK `KP`, Somalia `SO`...) are reported as unmapped, not dropped.
 *
 * @param input - The XML as a stream, bytes or a string.
 * @throws {@link ListFormatError} when the file is not a consolidated list, is malformed or cut short.
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * import { collectImport, importUnList } from "referral-kit/registry";
 *
 * const { groups, individuals, unmapped } = await collectImport(importUnList(createReadStream("consolidated.xml")));
 * groups.find((group) => group.designations[0]?.reference === "QDe.132")?.name; // "TEHRIK-E TALIBAN PAKISTAN (TTP)"
 * ```
 */
export async function* importUnList(
  input: ListInput,
  options: ImportOptions & {
    /** Longest record accepted, in characters (default 8 MiB). */
    maxRecordLength?: number;
  } = {},
): AsyncGenerator<ImportItem> {
  let source = resolveSource(UN_LIST_SOURCE, options.source);
  const events = splitXmlRecords(textChunks(input, "un"), {
    format: "un",
    roots: ["CONSOLIDATED_LIST"],
    records: ["INDIVIDUAL", "ENTITY"],
    ...(options.maxRecordLength === undefined ? {} : { maxRecordLength: options.maxRecordLength }),
  });
  for await (const event of events) {
    if (event.kind === "root") {
      const generated = parseIsoDate(event.attributes.dateGenerated ?? "");
      if (generated && options.source?.title === undefined) {
        source = { ...source, title: `${UN_LIST_SOURCE.title}, generated ${generated}` };
      }
      continue;
    }
    const record = parseXmlRecord(event, "un", REPEATED);
    yield* mapRecord(record, event.name === "ENTITY", event.line, source);
  }
}

function* mapRecord(
  record: Record<string, XmlNode>,
  isEntity: boolean,
  line: number,
  source: Source,
): Generator<ImportItem> {
  const dataId = cleanText(childText(record, "DATAID"));
  const name = isEntity
    ? cleanText(childText(record, "FIRST_NAME"))
    : ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
        .map((field) => cleanText(childText(record, field)))
        .filter((part) => part !== "")
        .join(" ");
  const reference = cleanText(childText(record, "REFERENCE_NUMBER"));
  const context: RecordContext = {
    format: "un",
    importKey: dataId ? `un:dataid:${dataId}` : `un:line:${line}`,
    line,
    ...(name ? { name } : {}),
    ...(reference ? { reference } : {}),
  };
  if (!name) {
    yield unmapped(context, "entry", "the record has no name", { field: "FIRST_NAME" });
    return;
  }
  const listType = cleanText(childText(record, "UN_LIST_TYPE"));
  const prefix = MAPPED_REFERENCE.exec(reference)?.[1];
  const regime = UN_REGIMES.find((candidate) => candidate.prefix === prefix);
  if (regime === undefined) {
    yield unmapped(
      context,
      "entry",
      `UN regime "${listType || "unknown"}" (${reference || "no reference"}) is not mapped: only the ISIL (Da'esh) and Al-Qaida list (QDe./QDi.) becomes un-1267 and the 1988 Taliban list (TAe./TAi.) un-1988`,
      { field: "REFERENCE_NUMBER", value: reference },
    );
    return;
  }

  const listedOnText = cleanText(childText(record, "LISTED_ON"));
  const listedOn = parseIsoDate(listedOnText);
  if (listedOnText && !listedOn) {
    yield unmapped(context, "field", "LISTED_ON is not a date", { field: "LISTED_ON", value: listedOnText });
  }
  const notes = [`source record: UN DATAID ${dataId || "(none)"}`];
  if (!listedOnText) notes.push("the list gives no LISTED_ON date");
  const designation = {
    authority: regime.authority,
    listedName: name,
    reference,
    listedOn,
    status: "listed" as const,
    sources: [source],
    notes,
  };
  const aliases = children(record, isEntity ? "ENTITY_ALIAS" : "INDIVIDUAL_ALIAS").map((alias) =>
    cleanText(childText(alias, "ALIAS_NAME")),
  );
  const script = cleanText(childText(record, "NAME_ORIGINAL_SCRIPT"));
  const comments = cleanText(childText(record, "COMMENTS1"));
  const id = recordId(name, context.importKey);

  if (isEntity) {
    yield groupItem(context, {
      id,
      name,
      aliases: uniqueNames([...aliases, script], [name]),
      ...(comments ? { description: clip(comments, 5000) } : {}),
      designations: [designation],
    });
    return;
  }
  const linked = [...new Set(comments.match(GROUP_REFERENCE) ?? [])];
  yield individualItem(context, {
    id,
    name,
    aliases: uniqueNames(aliases, [name]),
    originalScriptNames: uniqueNames([script]),
    designations: [designation],
    linkedGroups: linked.map((groupReference) => ({ reference: groupReference, statedIn: "COMMENTS1" })),
  });
}
