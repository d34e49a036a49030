import {
  createMirrorIndex,
  type KnownAccount,
  type MirrorCandidate,
  MirrorInputError,
  readMirrorCsv,
} from "../../mirrors/index.js";
import { DEFAULT_CANDIDATE_OPTIONS } from "../../mirrors/mirror-index.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { readTextFile } from "../input/files.js";
import { chosenFormat, ENCODING_OPTION, formatOption, JSON_OPTION, pathIn, required } from "../options.js";

const FORMATS = ["csv", "json"] as const;

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

async function readAccounts(file: string, io: CliIo, encoding: string | undefined): Promise<KnownAccount[]> {
  const text = await readTextFile(pathIn(io.cwd, file), file, encoding);
  try {
    return readMirrorCsv(text, { source: file });
  } catch (error) {
    if (!MirrorInputError.isInstance(error)) throw error;
    // Every bad row on its own line, then one line that ends the command (exit code 3).
    for (const issue of error.issues.slice(1)) {
      io.stderr.write(`referral-kit mirrors: ${file}:${issue.line}: ${issue.message}\n`);
    }
    const first = error.issues[0];
    throw new CliInputError(first?.message ?? "unreadable input", first ? `${file}:${first.line}` : file);
  }
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
export const mirrorsCommand = defineCommand({
  name: "mirrors",
  summary: "Rank new accounts that may be mirrors of actioned ones, with reasons, for review",
  synopsis: "--known <file> --new <file> [options]",
  description: `Ranks new accounts that may be mirrors of accounts already actioned (reappearing under a slightly
changed name), with the reasons for each score. A list for human review: a candidate becomes a request
only through the normal draft, evidence and approval path.

Both files are CSV with a header row and the columns
  platform,handle,display_name,links,phone,avatar_hash,created_at,group
(links separated by spaces; empty cells allowed; an optional actioned_at column in the known file
enables the "created soon after" reason).`,
  options: {
    known: { type: "string", value: "<file>", help: "accounts already actioned" },
    new: { type: "string", value: "<file>", help: "new accounts to rank" },
    limit: {
      type: "string",
      value: "<k>",
      help: `candidates per new account, best first (default ${DEFAULT_CANDIDATE_OPTIONS.limit})`,
    },
    "min-score": {
      type: "string",
      value: "<s>",
      help: `lowest score listed, 0 to 1 (default ${DEFAULT_CANDIDATE_OPTIONS.minScore})`,
    },
    encoding: ENCODING_OPTION,
    format: formatOption(FORMATS, "csv"),
    json: JSON_OPTION,
  },
  exitCodes: { 0: "ranked", 3: "a file could not be read (each bad row is listed with its line)" },
  examples: [
    "referral-kit mirrors --known actioned.csv --new fresh.csv --limit 3 --format json > review.json",
  ],
  async run({ values }, io) {
    const known = required(values.known, io.env, undefined, "--known", "the accounts already actioned");
    const freshFile = required(values.new, io.env, undefined, "--new", "the new accounts to rank");
    const limit = values.limit === undefined ? DEFAULT_CANDIDATE_OPTIONS.limit : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new UsageError(`--limit must be a whole number of at least 1, got "${values.limit}"`);
    }
    const minScore =
      values["min-score"] === undefined ? DEFAULT_CANDIDATE_OPTIONS.minScore : Number(values["min-score"]);
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new UsageError(`--min-score must be a number from 0 to 1, got "${values["min-score"]}"`);
    }
    const format = chosenFormat(values, FORMATS, "csv");
    const knownAccounts = await readAccounts(known, io, values.encoding);
    const fresh = await readAccounts(freshFile, io, values.encoding);
    const candidates = createMirrorIndex(knownAccounts).candidates(fresh, { limit, minScore });
    io.stdout.write(
      format === "json" ? `${JSON.stringify(candidates.map(toJson), null, 2)}\n` : toCsv(candidates),
    );
    const accounts = new Set(candidates.map((candidate) => candidate.new)).size;
    io.stderr.write(
      `${candidates.length} candidate${candidates.length === 1 ? "" : "s"} for ${accounts} of ${fresh.length} new accounts (against ${knownAccounts.length} known); each is a lead for review, not a finding\n`,
    );
    return ExitCode.ok;
  },
});
