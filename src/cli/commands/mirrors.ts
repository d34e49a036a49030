import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";
import {
  createMirrorIndex,
  DEFAULT_CANDIDATE_OPTIONS,
  type KnownAccount,
  type MirrorCandidate,
  MirrorInputError,
  readMirrorCsv,
} from "../../mirrors/index.js";
import { type CliCommand, type CliIo, ExitCode, UsageError } from "../command.js";

const USAGE = `Usage: referral-kit mirrors --known <file> --new <file> [options]

Ranks new accounts that may be mirrors of accounts already actioned (reappearing under a slightly
changed name), with the reasons for each score. A list for human review: a candidate becomes a request
only through the normal draft, evidence and approval path.

Both files are CSV with a header row and the columns
  platform,handle,display_name,links,phone,avatar_hash,created_at,group
(links separated by spaces; empty cells allowed; an optional actioned_at column in the known file
enables the "created soon after" reason).

Options:
  --known <file>        accounts already actioned
  --new <file>          new accounts to rank
  --limit <k>           candidates per new account, best first (default ${DEFAULT_CANDIDATE_OPTIONS.limit})
  --min-score <s>       lowest score listed, 0 to 1 (default ${DEFAULT_CANDIDATE_OPTIONS.minScore})
  --format <csv|json>   output format (default csv)
  -h, --help            show this help`;

interface MirrorsCliOptions {
  known: string;
  fresh: string;
  limit: number;
  minScore: number;
  format: "csv" | "json";
}

function parseOptions(args: string[]): MirrorsCliOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        known: { type: "string" },
        new: { type: "string" },
        limit: { type: "string" },
        "min-score": { type: "string" },
        format: { type: "string" },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.known) throw new UsageError("give the accounts already actioned with --known <file>");
  if (!values.new) throw new UsageError("give the new accounts with --new <file>");
  const limit = values.limit === undefined ? DEFAULT_CANDIDATE_OPTIONS.limit : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(`--limit must be a whole number of at least 1, got "${values.limit}"`);
  }
  const minScore =
    values["min-score"] === undefined ? DEFAULT_CANDIDATE_OPTIONS.minScore : Number(values["min-score"]);
  if (!(minScore >= 0 && minScore <= 1)) {
    throw new UsageError(`--min-score must be a number from 0 to 1, got "${values["min-score"]}"`);
  }
  const format = values.format ?? "csv";
  if (format !== "csv" && format !== "json") {
    throw new UsageError(`--format must be csv or json, got "${format}"`);
  }
  return { known: values.known, fresh: values.new, limit, minScore, format };
}

/** The JSON shape of one candidate: the issue's four fields, plus the known account's group and cautions. */
function toJson(candidate: MirrorCandidate) {
  return {
    new: candidate.new,
    known: candidate.known,
    score: candidate.score,
    reasons: candidate.reasons,
    cautions: candidate.cautions,
    group: candidate.group ?? null,
  };
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(candidates: readonly MirrorCandidate[]): string {
  const lines = ["new,known,group,score,reasons,cautions"];
  for (const candidate of candidates) {
    lines.push(
      [
        candidate.new,
        candidate.known,
        candidate.group ?? "",
        candidate.score.toFixed(3),
        candidate.reasons.map((reason) => `${reason.kind}: ${reason.detail} (+${reason.weight})`).join(" | "),
        candidate.cautions.map((caution) => `${caution.detail} (x${caution.factor})`).join(" | "),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

async function readAccounts(file: string, io: CliIo): Promise<KnownAccount[]> {
  const path = isAbsolute(file) ? file : join(io.cwd, file);
  const text = await readFile(path, "utf8");
  return readMirrorCsv(text, { source: file });
}

/**
 * `referral-kit mirrors`: ranks the accounts of `--new` as possible mirrors of the accounts of
 * `--known`, as CSV or JSON on standard output (best first per new account, with reasons). Every bad
 * input row is reported with its line number (exit code 3); nothing is dropped silently.
 *
 * @example
 * ```sh
 * referral-kit mirrors --known actioned.csv --new fresh.csv --limit 3 --format json > review.json
 * ```
 */
export const mirrorsCommand: CliCommand = {
  name: "mirrors",
  summary: "Rank new accounts that may be mirrors of actioned ones, with reasons, for review",
  usage: USAGE,
  async run(args, io) {
    const options = parseOptions(args);
    let known: KnownAccount[];
    let fresh: KnownAccount[];
    try {
      known = await readAccounts(options.known, io);
      fresh = await readAccounts(options.fresh, io);
    } catch (error) {
      if (MirrorInputError.isInstance(error)) {
        for (const issue of error.issues) {
          io.stderr.write(`referral-kit mirrors: ${error.source}:${issue.line}: ${issue.message}\n`);
        }
        return ExitCode.input;
      }
      const code = (error as { code?: unknown }).code;
      if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
        const path = (error as { path?: string }).path;
        io.stderr.write(`referral-kit mirrors: cannot read ${path ?? "input"}: ${String(code)}\n`);
        return ExitCode.input;
      }
      throw error;
    }
    const candidates = createMirrorIndex(known).candidates(fresh, {
      limit: options.limit,
      minScore: options.minScore,
    });
    io.stdout.write(
      options.format === "json" ? `${JSON.stringify(candidates.map(toJson), null, 2)}\n` : toCsv(candidates),
    );
    const accounts = new Set(candidates.map((candidate) => candidate.new)).size;
    io.stderr.write(
      `${candidates.length} candidate${candidates.length === 1 ? "" : "s"} for ${accounts} of ${fresh.length} new accounts (against ${known.length} known); each is a lead for review, not a finding\n`,
    );
    return ExitCode.ok;
  },
};
