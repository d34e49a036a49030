import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { COMPLIANCE_CSV_COLUMNS } from "../../compliance/readers/csv.js";
import { complianceRecordFromRequest } from "../../compliance/record.js";
import { UNIT_SCOPE_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem } from "../input/files.js";
import {
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  OUT_OPTION,
  PLATFORM_OPTION,
  pathIn,
  platformList,
  plural,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["jsonl", "csv"] as const;

/**
 * `referral-kit export`: the store's requests with their histories as JSON Lines (what `compliance` and
 * `transparency` read, and what an archive keeps), or as the flat compliance CSV.
 *
 * @example
 * ```sh
 * referral-kit export --store ./referrals.store --out requests.jsonl
 * referral-kit export --store ./referrals.store --format csv --as-of 2026-01-01 > requests.csv
 * ```
 */
export const exportCommand = defineCommand({
  name: "export",
  summary: "Write the store's requests and their histories as JSON Lines (or the flat compliance CSV)",
  synopsis: "--store <path|url> [options]",
  description: `Writes every request of the store with its event history, one JSON object per line: the file
compliance and transparency read, and what an archive or another tool keeps. With --format csv, one row per
submitted request in the flat compliance CSV (request_id,platform,group,kind,priority,submitted_at,outcome,
outcome_at,due_at) as of --as-of. Histories hold what the agency decided and what platforms answered (a
state, a reason code), never personal data from replies.`,
  options: {
    store: STORE_OPTION,
    platform: PLATFORM_OPTION,
    unit: UNIT_SCOPE_OPTION,
    "as-of": {
      type: "string",
      value: "<time>",
      help: "csv: the outcome as it stood then: a day, or ISO 8601 with a zone (default: now)",
    },
    format: formatOption(FORMATS, "jsonl"),
    json: { type: "boolean", help: "the same as --format jsonl" },
    out: OUT_OPTION,
    clock: CLOCK_OPTION,
  },
  exitCodes: { 0: "written", 3: "the store could not be read, or the file could not be written" },
  examples: [
    "referral-kit export --store ./referrals.store --out requests.jsonl",
    "referral-kit export --store ./referrals.store --format csv > requests.csv",
  ],
  async run({ values }, io) {
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    if (values.json && values.format !== undefined && values.format !== "jsonl") {
      throw new UsageError(`--json and --format ${values.format} disagree; give one`);
    }
    const format = chosenFormat({ format: values.format }, FORMATS, "jsonl");
    const platforms = platformList(values.platform);
    const asOf =
      values["as-of"] === undefined
        ? (await cliClock(values.clock, io.env)).now()
        : timeOption("--as-of", values["as-of"]).ms;
    const store = await openCliStore(location, io.cwd);
    let out: Writable = io.stdout;
    if (values.out !== undefined) {
      const file = createWriteStream(pathIn(io.cwd, values.out));
      await new Promise<void>((resolve, reject) => {
        file.once("open", () => resolve());
        file.once("error", reject);
      }).catch(async (error: unknown) => {
        await store.close();
        throw fileProblem(error, values.out!);
      });
      out = file;
    }
    let written = 0;
    let skipped = 0;
    try {
      if (format === "csv") await write(out, `${COMPLIANCE_CSV_COLUMNS.join(",")}\n`);
      for await (const request of store.listRequests({
        ...(platforms?.length === 1 ? { platform: platforms[0]! } : {}),
        ...(values.unit === undefined ? {} : { unit: values.unit }),
      })) {
        if (platforms && !platforms.includes(request.platform)) continue;
        if (format === "jsonl") {
          await write(out, `${JSON.stringify(request)}\n`);
          written += 1;
          continue;
        }
        const record = complianceRecordFromRequest(request, asOf);
        if (record === null || "reason" in record) {
          skipped += 1;
          continue;
        }
        const iso = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString());
        const cells = [
          record.id,
          record.platform,
          record.groups.join(";"),
          record.kind,
          record.priority,
          iso(record.submittedAt),
          record.outcome,
          iso(record.outcomeAt),
          iso(record.deadline),
        ];
        await write(out, `${cells.map(csvCell).join(",")}\n`);
        written += 1;
      }
    } finally {
      await store.close();
      if (out !== io.stdout) await new Promise<void>((resolve) => out.end(resolve));
    }
    if (values.out !== undefined || format === "csv") {
      io.stderr.write(
        `exported ${plural(written, "request")}${values.out === undefined ? "" : ` to ${values.out}`}` +
          (skipped > 0
            ? ` (${skipped} not submitted by --as-of or with an inconsistent history, left out of the CSV)`
            : "") +
          "\n",
      );
    }
    return ExitCode.ok;
  },
});

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes, waiting for the stream to drain when it asks to (an export may be large). */
async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once("drain", resolve));
}
