import { parse } from "csv-parse/sync";
import { PlatformIdSchema } from "../domain/platforms.js";
import { excerpt } from "../text/decode.js";
import { type KnownAccount, mirrorAccountKey } from "./account.js";
import { MirrorInputError, type MirrorInputIssue } from "./errors.js";
import { normaliseAvatarHash, normaliseLink, normalisePhone } from "./normalise.js";

/**
 * The columns of a mirror CSV file. `platform` and `handle` are required; the others may be left out
 * of the header or left empty. `actioned_at` (when the platform actioned a known account) is an
 * optional addition to the issue's eight columns: without it, "created soon after" cannot be judged.
 *
 * @example
 * ```ts
 * MIRROR_CSV_COLUMNS.join(","); // "platform,handle,display_name,links,phone,avatar_hash,created_at,group,actioned_at"
 * ```
 */
export const MIRROR_CSV_COLUMNS = [
  "platform",
  "handle",
  "display_name",
  "links",
  "phone",
  "avatar_hash",
  "created_at",
  "group",
  "actioned_at",
] as const;

type Column = (typeof MIRROR_CSV_COLUMNS)[number];

function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(Date.parse(text));
}

function readHeader(header: readonly string[], source: string): Map<Column, number> {
  const columns = new Map<Column, number>();
  const issues: MirrorInputIssue[] = [];
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(MIRROR_CSV_COLUMNS as readonly string[]).includes(name)) {
      issues.push({
        line: 1,
        message: `unknown column "${excerpt(raw)}"; expected ${MIRROR_CSV_COLUMNS.join(", ")}`,
      });
    } else if (columns.has(name as Column)) {
      issues.push({ line: 1, message: `column "${excerpt(name)}" appears twice` });
    } else {
      columns.set(name as Column, index);
    }
  });
  for (const required of ["platform", "handle"] as const) {
    if (!columns.has(required)) issues.push({ line: 1, message: `the header has no "${required}" column` });
  }
  if (issues.length > 0) throw new MirrorInputError(source, issues);
  return columns;
}

function readRow(
  cells: readonly string[],
  columns: Map<Column, number>,
  line: number,
  issues: MirrorInputIssue[],
): KnownAccount | undefined {
  const cell = (column: Column) => {
    const index = columns.get(column);
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };
  const problems: string[] = [];
  const platform = cell("platform").toLowerCase();
  if (!PlatformIdSchema.safeParse(platform).success) {
    problems.push(
      platform === "" ? "platform is empty" : `platform "${excerpt(platform)}" is not a platform id`,
    );
  }
  const handle = cell("handle");
  if (handle.replace(/^@+/, "") === "") problems.push("handle is empty");
  const links = cell("links").split(/\s+/).filter(Boolean);
  for (const link of links)
    if (normaliseLink(link) === undefined) problems.push(`"${excerpt(link)}" is not a link`);
  const phones = cell("phone")
    .split(/[;,]/)
    .map((phone) => phone.trim())
    .filter(Boolean);
  for (const phone of phones) {
    if (normalisePhone(phone) === undefined)
      problems.push(`phone "${excerpt(phone)}" has fewer than 8 digits`);
  }
  const avatarHash = cell("avatar_hash");
  if (avatarHash !== "" && normaliseAvatarHash(avatarHash) === undefined) {
    problems.push(`avatar_hash "${excerpt(avatarHash)}" is not a hexadecimal hash`);
  }
  const createdAt = cell("created_at");
  const actionedAt = cell("actioned_at");
  for (const [name, value] of [
    ["created_at", createdAt],
    ["actioned_at", actionedAt],
  ] as const) {
    if (value !== "" && !isDate(value)) problems.push(`${name} "${excerpt(value)}" is not an ISO 8601 date`);
  }
  if (problems.length > 0) {
    for (const message of problems) issues.push({ line, message });
    return undefined;
  }
  const displayName = cell("display_name");
  const group = cell("group");
  return {
    platform,
    handle,
    ...(displayName ? { displayName } : {}),
    links,
    phones,
    ...(avatarHash ? { avatarHash } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(actionedAt ? { actionedAt } : {}),
    ...(group ? { group } : {}),
  };
}

/**
 * Reads accounts for mirror detection from CSV text with a header row (columns in
 * `MIRROR_CSV_COLUMNS`; links separated by spaces, several phones by `;`). Pure: the caller reads
 * the file. Every bad row is reported with its line number in one {@link MirrorInputError}; none is
 * dropped silently. A handle that appears twice on the same platform is an error too.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { createMirrorIndex, readMirrorCsv } from "referral-kit/mirrors";
 *
 * const known = readMirrorCsv(readFileSync("known.csv", "utf8"), { source: "known.csv" });
 * const index = createMirrorIndex(known);
 * ```
 */
export function readMirrorCsv(
  text: string,
  options: {
    /** Name of the file, for messages (default "input"). */
    source?: string;
  } = {},
): KnownAccount[] {
  const source = options.source ?? "input";
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    const message = error instanceof Error ? error.message : String(error);
    throw new MirrorInputError(source, [{ line: typeof line === "number" ? line : 0, message }]);
  }
  const [header, ...rows] = records;
  if (!header)
    throw new MirrorInputError(source, [{ line: 1, message: "the file is empty (no header row)" }]);
  const columns = readHeader(header.record, source);
  const issues: MirrorInputIssue[] = [];
  const accounts: KnownAccount[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== header.record.length) {
      issues.push({
        line,
        message: `expected ${header.record.length} cells like the header, found ${record.length}`,
      });
      continue;
    }
    const account = readRow(record, columns, line, issues);
    if (!account) continue;
    const key = mirrorAccountKey(account);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ line, message: `${excerpt(key)} appears twice (first on line ${first})` });
      continue;
    }
    seen.set(key, line);
    accounts.push(account);
  }
  if (issues.length > 0) throw new MirrorInputError(source, issues);
  return accounts;
}
