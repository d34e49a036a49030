import { writeFile } from "node:fs/promises";
import {
  type AuditFile,
  AuditSignatureError,
  toAuditFile,
  verifyAuditFile,
} from "../../dispatch/store/audit-file.js";
import { type HistoryReport, verifyHistory } from "../../dispatch/store/verify-history.js";
import { CliInputError, ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem, readTextFile } from "../input/files.js";
import {
  chosenFormat,
  formatOption,
  JSON_OPTION,
  messageOf,
  OUT_OPTION,
  pathIn,
  plural,
  required,
  STORE_OPTION,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit audit`: verifies a store's tamper-evident history (every event linked to the one before
 * it, and the store's running hash) and reports the first broken link with the request and position;
 * optionally writes the audit as a file, signed with an Ed25519 key, and checks the store against an
 * earlier audit.
 *
 * @example
 * ```sh
 * referral-kit audit --store ./referrals.store --out audit-2026-01.json --sign audit.key
 * referral-kit audit --store ./referrals.store --since audit-2026-01.json --public-key audit.pub
 * ```
 */
export const auditCommand = defineCommand({
  name: "audit",
  summary: "Verify the store's tamper-evident history; write and check signed audit files",
  synopsis: "--store <path|url> [options]",
  description: `Recomputes every hash link of the store: each event's link to the one before it in its request
(the first to the request's content), and the store's running hash over every event in the order taken.
Reports the first broken link with the request and the event's position: an edited, deleted or reordered
event, edited content, a deleted request. Reads the store; changes nothing.

--out writes the audit (counts and the chain's head) as JSON, signed with --sign (an Ed25519 private key,
PEM). --since checks that the store still passes through the head of an earlier audit, so nothing before it
was changed since; when that file is signed its signature is checked, against --public-key when given.`,
  options: {
    store: STORE_OPTION,
    out: { ...OUT_OPTION, help: "write the audit file (JSON) here" },
    sign: {
      type: "string",
      value: "<key.pem>",
      help: "sign the audit file with this Ed25519 private key (PEM)",
    },
    since: {
      type: "string",
      value: "<audit.json>",
      help: "an earlier audit file: the store must still pass through its head",
    },
    "public-key": {
      type: "string",
      value: "<key.pem>",
      help: "the Ed25519 public key (PEM) that must have signed the --since file",
    },
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  exitCodes: {
    0: "every link holds (and the store passes through the --since head)",
    1: "a broken link, or the --since file's signature does not hold",
    3: "the store, a key or an audit file could not be read",
  },
  examples: [
    "referral-kit audit --store ./referrals.store",
    "referral-kit audit --store ./referrals.store --out audit-2026-01.json --sign audit.key",
    "referral-kit audit --store ./referrals.store --since audit-2026-01.json --public-key audit.pub",
  ],
  async run({ values }, io) {
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const format = chosenFormat(values, FORMATS, "text");
    const signingKey =
      values.sign === undefined ? undefined : await readTextFile(pathIn(io.cwd, values.sign), values.sign);
    const publicKey =
      values["public-key"] === undefined
        ? undefined
        : await readTextFile(pathIn(io.cwd, values["public-key"]), values["public-key"]);
    let since: AuditFile | undefined;
    if (values.since !== undefined) {
      since = readAuditFile(await readTextFile(pathIn(io.cwd, values.since), values.since), values.since);
      if (since.signature || publicKey !== undefined) {
        try {
          verifyAuditFile(since, publicKey === undefined ? {} : { publicKey });
        } catch (error) {
          if (!AuditSignatureError.isInstance(error)) throw error;
          io.stderr.write(`referral-kit audit: ${values.since}: ${error.message} (${error.reason})\n`);
          return ExitCode.failure;
        }
      }
    }
    const store = await openCliStore(location, io.cwd);
    let report: HistoryReport;
    try {
      report = await verifyHistory(store, since ? { since: since.head } : {});
    } finally {
      await store.close();
    }
    let file: AuditFile;
    try {
      file = toAuditFile(report, {
        store: store.kind,
        ...(signingKey === undefined ? {} : { privateKey: signingKey }),
      });
    } catch (error) {
      throw new CliInputError(messageOf(error), values.sign);
    }
    if (values.out !== undefined) {
      try {
        await writeFile(pathIn(io.cwd, values.out), `${JSON.stringify(file, null, 2)}\n`);
      } catch (error) {
        throw fileProblem(error, values.out);
      }
    }
    io.stdout.write(format === "json" ? `${JSON.stringify(file)}\n` : describe(report, since));
    return report.ok ? ExitCode.ok : ExitCode.failure;
  },
});

function readAuditFile(text: string, name: string): AuditFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`not JSON: ${messageOf(error)}`, name);
  }
  const head = (parsed as { head?: { position?: unknown; head?: unknown } } | null)?.head;
  if (
    (parsed as { format?: unknown } | null)?.format !== "referral-kit-audit/1" ||
    typeof head?.position !== "number" ||
    typeof head.head !== "string"
  ) {
    throw new CliInputError("not a referral-kit audit file (format referral-kit-audit/1 with a head)", name);
  }
  return parsed as AuditFile;
}

function describe(report: HistoryReport, since: AuditFile | undefined): string {
  const counted = `${plural(report.requests, "request")}, ${plural(report.events, "event")}`;
  const head = `head at position ${report.head.position}: ${report.head.head}`;
  if (report.ok) {
    const through = since
      ? `; passes through the head of ${since.generatedAt} (position ${since.head.position})`
      : "";
    return `history intact: ${counted}, ${head}${through}\n`;
  }
  const lines = [
    `history broken: ${counted}; ${plural(report.broken.length, "broken link")}`,
    ...report.broken.map((link) => `  ${link.reason}: ${link.message}`),
  ];
  return `${lines.join("\n")}\n`;
}
