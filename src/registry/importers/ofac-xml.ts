import type { Source } from "../../domain/schemas/designation.js";
import { resolveSource } from "./build.js";
import { textChunks } from "./input.js";
import { mapOfacRecord, OFAC_TERRORISM_PROGRAMS, type OfacImportOptions } from "./ofac-common.js";
import { cleanText } from "./text.js";
import type { ImportItem, ListInput } from "./types.js";
import { children, childText, parseXmlRecord, splitXmlRecords, type XmlNode } from "./xml-records.js";

/**
 * Where OFAC publishes the SDN list as XML.
 *
 * @example
 * ```ts
 * OFAC_XML_SOURCE.url; // "https://www.treasury.gov/ofac/downloads/sdn.xml"
 * ```
 */
export const OFAC_XML_SOURCE: Source = {
  url: "https://www.treasury.gov/ofac/downloads/sdn.xml",
  title: "Specially Designated Nationals and Blocked Persons List (XML)",
  publisher: "US Department of the Treasury, Office of Foreign Assets Control",
};

const REPEATED = new Set(["program", "aka", "address", "id", "nationality", "citizenship"]);

/**
 * Reads OFAC's XML in the `sdnList`/`sdnEntry` schema (the SDN list `sdn.xml`, and the non-SDN
 * consolidated list, which uses the same schema), as a stream. The default namespace is accepted; the
 * `Record_Count` in `publshInformation` is not checked against the entries (excerpts and partial
 * downloads differ from it), and `Publish_Date` is added to the source's title. Mapping is the same as
 * {@link importOfacCsv}, so both forms of one list give the same groups.
 *
 * @throws {@link ListFormatError} when the file is not an sdnList, is malformed or cut short.
 *
 * @example
 * ```ts
 * import { createReadStream } from "node:fs";
 * import { collectImport, importOfacXml } from "referral-kit/registry";
 *
 * const { groups } = await collectImport(importOfacXml(createReadStream("sdn.xml")));
 * ```
 */
export async function* importOfacXml(
  input: ListInput,
  options: OfacImportOptions & {
    /** Longest record accepted, in characters (default 8 MiB). */
    maxRecordLength?: number;
  } = {},
): AsyncGenerator<ImportItem> {
  let source = resolveSource(OFAC_XML_SOURCE, options.source);
  const programs = options.programs ?? OFAC_TERRORISM_PROGRAMS;
  const events = splitXmlRecords(textChunks(input, "ofac-xml"), {
    format: "ofac-xml",
    roots: ["sdnList"],
    records: ["sdnEntry", "publshInformation"],
    ...(options.maxRecordLength === undefined ? {} : { maxRecordLength: options.maxRecordLength }),
  });
  for await (const event of events) {
    if (event.kind === "root") continue;
    const record = parseXmlRecord(event, "ofac-xml", REPEATED);
    if (event.name === "publshInformation") {
      const published = usDate(childText(record, "Publish_Date"));
      if (published && options.source?.title === undefined) {
        source = { ...source, title: `${OFAC_XML_SOURCE.title}, published ${published}` };
      }
      continue;
    }
    yield* mapOfacRecord(
      {
        uid: cleanText(childText(record, "uid")),
        name: personName(record),
        type: cleanText(childText(record, "sdnType")).toLowerCase(),
        programs: children(childNode(record, "programList"), "program").map((program) =>
          typeof program === "string" ? cleanText(program) : "",
        ),
        aliases: children(childNode(record, "akaList"), "aka").map((aka) => ({
          type: cleanText(childText(aka, "type")),
          name: personName(aka),
        })),
        remarks: cleanText(childText(record, "remarks")),
        countries: children(childNode(record, "addressList"), "address").map((address) =>
          cleanText(childText(address, "country")),
        ),
        line: event.line,
      },
      "ofac-xml",
      source,
      programs,
    );
  }
}

/** `LAST, First` as in the CSV form, or the last name alone (entities have only `lastName`). */
function personName(node: XmlNode): string {
  const last = cleanText(childText(node, "lastName"));
  const first = cleanText(childText(node, "firstName"));
  return last && first ? `${last}, ${first}` : last || first;
}

function childNode(node: XmlNode, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** OFAC's `MM/DD/YYYY` into an ISO date. */
function usDate(value: string): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  return match ? `${match[3]}-${match[1]}-${match[2]}` : null;
}
