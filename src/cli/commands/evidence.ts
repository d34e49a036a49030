import { stat } from "node:fs/promises";
import { type CaptureVerification, verifyCaptures } from "../../custody/verify-captures.js";
import type { WarcRecordInfo } from "../../custody/warc.js";
import { MissingDependencyError, ValidationError } from "../../domain/errors.js";
import { Evidence } from "../../domain/schemas/evidence.js";
import { excerpt } from "../../text/decode.js";
import { CliInputError, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem } from "../input/files.js";
import { readJsonLines } from "../input/json-lines.js";
import { chosenFormat, formatOption, JSON_OPTION, pathIn, plural, STORE_OPTION } from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit evidence verify <dir-or-file>`: re-hashes stored captures as streams and reports any
 * whose bytes no longer match the manifest or the evidence records; WARC files are read record by record
 * and each record's block digest re-checked.
 *
 * @example
 * ```sh
 * referral-kit evidence verify ./captures --store ./referrals.store
 * referral-kit evidence verify ./captures/2025-03-01-post.warc.gz --list
 * ```
 */
export const evidenceCommand = defineCommand({
  name: "evidence",
  summary: "Re-hash stored captures and WARC records; report any whose bytes changed (exit 1 when any)",
  synopsis: "verify <dir-or-file> [options]",
  description: `Re-hashes every file under the directory (or the one file), streaming, and compares each with what was
recorded: the SHA256SUMS manifest in the directory (sha256sum output) or --manifest, the evidence
records of --evidence (JSON Lines of evidence, by archive.name), or the evidence of every request in
--store. WARC files (.warc, .warc.gz) are also read record by record: every record's block digest is
re-computed, and --list prints each captured URL with its payload digest. Reading WARC needs the
optional warcio package.`,
  options: {
    manifest: {
      type: "string",
      value: "<file>",
      help: "a SHA256SUMS manifest (default: SHA256SUMS in the directory)",
    },
    evidence: {
      type: "string",
      value: "<file>",
      help: "JSON Lines of evidence records whose archive.name and archive.sha256 say what each file should be",
    },
    store: { ...STORE_OPTION, help: "take the expected hashes from the evidence of the store's requests" },
    list: { type: "boolean", help: "print every WARC record read: type, captured URL and payload digest" },
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  positionals: {
    min: 2,
    max: 2,
    missing: "give the action and the directory or file: evidence verify <dir-or-file>",
  },
  exitCodes: {
    0: "every file matched (or had nothing to match) and every WARC read cleanly",
    1: "a file changed or is missing, a WARC record's bytes changed, or a WARC is truncated or not WARC",
    3: "the directory, the manifest, the evidence or the store could not be read, or warcio is missing",
  },
  examples: [
    "referral-kit evidence verify ./captures --store ./referrals.store",
    "referral-kit evidence verify ./captures/post.warc.gz --list --json",
  ],
  async run({ values, positionals }, io) {
    const [action, target] = positionals as [string, string];
    if (action !== "verify") throw new UsageError(`unknown action "${action}"; the action is verify`);
    const path = pathIn(io.cwd, target);
    try {
      await stat(path);
    } catch (error) {
      throw fileProblem(error, target);
    }
    const evidence: Evidence[] = [];
    if (values.evidence !== undefined) evidence.push(...(await readEvidence(values.evidence, io.cwd)));
    if (values.store !== undefined) evidence.push(...(await storeEvidence(values.store, io.cwd)));
    const json = chosenFormat(values, FORMATS, "text") === "json";
    const records: { file: string; record: WarcRecordInfo }[] = [];
    let result: CaptureVerification;
    try {
      result = await verifyCaptures(path, {
        ...(values.manifest === undefined ? {} : { manifest: pathIn(io.cwd, values.manifest) }),
        evidence,
        ...(values.list
          ? { onRecord: (file: string, record: WarcRecordInfo) => records.push({ file, record }) }
          : {}),
      });
    } catch (error) {
      if (ValidationError.isInstance(error)) {
        const line = error.issues[0]?.path[0];
        throw new CliInputError(
          error.issues[0]?.message ?? error.message,
          `${error.subject}${line ? `:${line}` : ""}`,
        );
      }
      if (MissingDependencyError.isInstance(error)) throw new CliInputError(error.message);
      throw fileProblem(error, values.manifest ?? target);
    }
    io.stdout.write(
      json
        ? `${JSON.stringify({ ...result, ...(values.list ? { records } : {}) })}\n`
        : text(result, records),
    );
    return result.ok ? ExitCode.ok : ExitCode.failure;
  },
});

function text(result: CaptureVerification, records: { file: string; record: WarcRecordInfo }[]): string {
  const count = (hash: string) => result.checked.filter((file) => file.hash === hash).length;
  const warcs = result.checked.filter((file) => file.warc !== undefined);
  const changedRecords = warcs.reduce((sum, file) => sum + file.warc!.blockDigests.mismatched, 0);
  const lines = [
    `checked ${plural(result.checked.length, "file")}: ${count("matched")} matched, ${count("mismatched")} changed, ` +
      `${count("unlisted")} with nothing to match; ${result.missing.length} missing; ` +
      `${plural(warcs.length, "WARC file")}, ${plural(
        warcs.reduce((sum, file) => sum + file.warc!.records, 0),
        "record",
      )}, ` +
      `${changedRecords} changed`,
  ];
  for (const { file, record } of records) {
    lines.push(`  ${file}  ${record.type}  ${record.targetUri ?? "-"}  ${record.payloadDigest ?? "-"}`);
  }
  for (const file of result.checked) {
    if (file.hash === "mismatched") {
      lines.push(
        `CHANGED  ${file.name}  sha256 ${file.sha256} (${file.size} bytes), the ${file.expected!.from} says ${file.expected!.sha256}${file.expected!.size === undefined ? "" : ` (${file.expected!.size} bytes)`}`,
      );
    }
    if (file.warc?.error) lines.push(`INVALID  ${file.name}  ${file.warc.error.message}`);
    for (const record of file.warc?.mismatchedRecords ?? []) {
      lines.push(
        `CHANGED  ${file.name}  record at byte ${record.offset} (${record.targetUri ?? record.type}): its bytes do not match its block digest`,
      );
    }
  }
  for (const missing of result.missing)
    lines.push(`MISSING  ${missing.name}  (the ${missing.expected.from} lists it)`);
  return `${lines.join("\n")}\n`;
}

async function readEvidence(name: string, cwd: string): Promise<Evidence[]> {
  const lines = await readJsonLines(pathIn(cwd, name), name);
  return lines.map(({ line, value }) => {
    const parsed = Evidence.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CliInputError(
        `not an evidence record (${issue.path.join(".")}: ${excerpt(issue.message, 120)})`,
        `${name}:${line}`,
      );
    }
    return parsed.data;
  });
}

async function storeEvidence(location: string, cwd: string): Promise<Evidence[]> {
  const store = await openCliStore(location, cwd);
  try {
    const evidence: Evidence[] = [];
    for await (const request of store.listRequests()) {
      for (const target of request.targets) evidence.push(...target.evidence);
    }
    return evidence;
  } finally {
    await store.close();
  }
}
