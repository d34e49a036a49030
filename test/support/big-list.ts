/** Large generated lists on disk, for the flat-memory test and the importers benchmark. */

import { once } from "node:events";
import { createWriteStream } from "node:fs";

function unRecord(n: number): string {
  const entity = n % 3 !== 0;
  const tag = entity ? "ENTITY" : "INDIVIDUAL";
  return `    <${tag}>
      <DATAID>${1_000_000 + n}</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>GENERATED ${entity ? "GROUP" : "PERSON"} NUMBER ${n}</FIRST_NAME>
      <UN_LIST_TYPE>${n % 10 === 0 ? "Taliban" : "Al-Qaida"}</UN_LIST_TYPE>
      <REFERENCE_NUMBER>${n % 10 === 0 ? "TA" : "QD"}${entity ? "e" : "i"}.${n}</REFERENCE_NUMBER>
      <LISTED_ON>2015-04-07-04:00</LISTED_ON>
      <NAME_ORIGINAL_SCRIPT>تحریک طالبان ${n}</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1>Generated record ${n} for the flat-memory benchmark &amp; test. Linked to (QDe.${n + 1}).
        Its text wraps over lines, as the real list's does.</COMMENTS1>
      <${tag}_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>Generated Alias ${n}</ALIAS_NAME>
      </${tag}_ALIAS>
      <${tag}_ALIAS>
        <QUALITY>a.k.a.</QUALITY>
        <ALIAS_NAME>GEN-${n}</ALIAS_NAME>
      </${tag}_ALIAS>
    </${tag}>
`;
}

/**
 * Writes a UN consolidated list of about `bytes` bytes to `path` (all records in one ENTITIES wrapper:
 * the splitter does not care) and returns the number of records.
 */
export async function writeUnList(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let count = 0;
  const write = async (text: string) => {
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2025-01-01T00:00:00Z">\n  <ENTITIES>\n',
  );
  while (written < bytes) {
    let batch = "";
    for (let n = 0; n < 100; n += 1) batch += unRecord(count++);
    await write(batch);
  }
  await write("  </ENTITIES>\n</CONSOLIDATED_LIST>\n");
  out.end();
  await once(out, "finish");
  return count;
}
