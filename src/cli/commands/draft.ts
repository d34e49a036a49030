import { writeFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { computeDeadline } from "../../domain/deadline.js";
import { ReferralKitError } from "../../domain/errors.js";
import { PRESERVATION_PRESET_IDS, type PreservationPresetId } from "../../domain/preservation-presets.js";
import { checkPermissions } from "../../domain/roles.js";
import { REQUEST_KINDS, ReferralRequest, type RequestKind } from "../../domain/schemas/request.js";
import { safeParseTarget } from "../../domain/targets/parse-target.js";
import { type Target, targetPlatform } from "../../domain/targets/target.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { knownGroups } from "../../registry/known-groups.js";
import { createRegistry } from "../../registry/registry.js";
import { excerpt } from "../../text/decode.js";
import { cliRoles, ROLES_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { CliInputError, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem, readTextFile } from "../input/files.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  ENCODING_OPTION,
  messageOf,
  OUT_OPTION,
  pathIn,
  plural,
  required,
} from "../options.js";

const COLUMNS = ["link", "group", "evidence_url", "content_hash", "captured_at"] as const;

/** One pasted link with its evidence, as read from the file. */
interface Row {
  line: number;
  target: Target;
  group: string;
  evidence: { url: string; contentHash: string; capturedAt: string; note?: string };
}

/**
 * `referral-kit draft`: turns pasted links with their evidence into drafted requests (JSON Lines), one per
 * platform and kind, each with its legal basis and the designations of its groups. A draft is not sent:
 * `referral-kit approve` records a second person's approval first.
 *
 * @example
 * ```sh
 * referral-kit draft links.csv --actor analyst-07 --basis "Prevention of Electronic Crimes Act 2016 (Pakistan)" \
 *   --section "s. 37" --authority "Counter-Terrorism Unit" --out drafts.jsonl
 * ```
 */
export const draftCommand = defineCommand({
  name: "draft",
  summary: "Draft requests from pasted links and their evidence (a CSV), for approval",
  synopsis: "<links.csv> --actor <id> --basis <instrument> --section <section> --authority <name> [options]",
  description: `Reads pasted links with their evidence, a CSV with the columns
  link,group,evidence_url,content_hash,captured_at  (and optionally platform, note)
where link is anything an analyst pastes (x.com/..., t.me/..., @handle with a platform column), group the
proscribed group's id in the registry (ttp, bla, iskp...), and the evidence the capture held in the unit's
evidence store (content_hash as sha256:<hex>). Each link is parsed into its canonical target; every link
that cannot be, and every row without its evidence, is listed with its line (exit 3, nothing written).

Writes drafted requests, one JSON object per line: one per platform and kind (accounts are asked to be
suspended, content removed), relying on the designations the registry holds for their groups, with the
legal basis given and a deadline from now. Approve them with referral-kit approve.`,
  options: {
    actor: actorOption("who drafts them"),
    basis: { type: "string", value: "<instrument>", help: "the legal instrument the requests rely on" },
    section: { type: "string", value: "<section>", help: "the section of the instrument that empowers them" },
    jurisdiction: { type: "string", value: "<cc>", help: "the instrument's jurisdiction, e.g. PK" },
    authority: { type: "string", value: "<name>", help: "the issuing authority's name" },
    country: { type: "string", value: "<cc>", help: "the issuing authority's country, e.g. PK" },
    roles: ROLES_OPTION,
    unit: {
      type: "string",
      value: "<unit>",
      help: "the issuing unit (deconfliction: holds and duplicates name it; export --unit scopes to it)",
    },
    kind: {
      type: "string",
      value: "<kind>",
      help: `one kind for every request (${REQUEST_KINDS.join(", ")}); default suspend for accounts, remove-content for content`,
    },
    "preservation-rule": {
      type: "string",
      value: "<rule>",
      help: `with --kind preserve: the preservation rule the requests are made under (${PRESERVATION_PRESET_IDS.join(", ")})`,
    },
    priority: { type: "string", value: "<priority>", help: "standard (default) or emergency" },
    "id-prefix": {
      type: "string",
      value: "<prefix>",
      help: "request ids start with it (default req-<date>)",
    },
    encoding: ENCODING_OPTION,
    out: OUT_OPTION,
    clock: CLOCK_OPTION,
  },
  positionals: { min: 1, max: 1, missing: "give the CSV of pasted links and their evidence" },
  exitCodes: {
    0: "drafted",
    1: "the role policy (--roles) does not let --actor draft; nothing written",
    3: "the file could not be read, or a row cannot become a target with evidence",
  },
  examples: [
    'referral-kit draft links.csv --actor analyst-07 --basis "Prevention of Electronic Crimes Act 2016 (Pakistan)" --section "s. 37" --authority "Counter-Terrorism Unit" --out drafts.jsonl',
  ],
  async run({ values, positionals }, io) {
    const file = positionals[0]!;
    const actor = actorId(values.actor, io.env);
    const basis = required(values.basis, io.env, undefined, "--basis", "the legal instrument");
    const section = required(values.section, io.env, undefined, "--section", "the section that empowers it");
    const authority = required(values.authority, io.env, undefined, "--authority", "the issuing authority");
    const kind = values.kind as RequestKind | undefined;
    if (kind !== undefined && !(REQUEST_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`--kind: "${kind}" is not one of ${REQUEST_KINDS.join(", ")}`);
    }
    const preservation = preservationOf(kind, values["preservation-rule"]);
    const priority = values.priority ?? "standard";
    if (priority !== "standard" && priority !== "emergency") {
      throw new UsageError(`--priority: "${priority}" is not standard or emergency`);
    }
    const now = new Date((await cliClock(values.clock, io.env)).now()).toISOString();
    const prefix = values["id-prefix"] ?? `req-${now.slice(0, 10).replace(/-/g, "")}`;
    const rows = readRows(await readTextFile(pathIn(io.cwd, file), file, values.encoding), file);

    const registry = createRegistry(knownGroups);
    const batches = new Map<string, { kind: RequestKind; platform: string; rows: Row[] }>();
    for (const row of rows) {
      if (!registry.has(row.group)) {
        throw new CliInputError(
          `group "${excerpt(row.group, 40)}" is not in the registry (ids such as ttp, bla, iskp)`,
          `${file}:${row.line}`,
        );
      }
      if (registry.designations(row.group, { includeInherited: true }).length === 0) {
        throw new CliInputError(
          `group "${row.group}" has no sourced designation for a request to rely on`,
          `${file}:${row.line}`,
        );
      }
      const rowKind = kind ?? (row.target.type === "content" ? "remove-content" : "suspend");
      const platform = targetPlatform(row.target);
      const key = `${platform}-${rowKind}`;
      const batch = batches.get(key) ?? { kind: rowKind, platform, rows: [] };
      batch.rows.push(row);
      batches.set(key, batch);
    }
    const requests: ReferralRequest[] = [];
    for (const [key, batch] of batches) {
      const groups = [...new Set(batch.rows.map((row) => row.group))];
      const parsed = ReferralRequest.safeParse({
        id: `${prefix}-${key}`,
        kind: batch.kind,
        platform: batch.platform,
        priority,
        targets: batch.rows.map((row) => ({ target: row.target, evidence: [row.evidence] })),
        legalBasis: {
          instrument: basis,
          section,
          ...(values.jurisdiction ? { jurisdiction: values.jurisdiction } : {}),
        },
        // The designation names the group the authority designated: a sub-group listed only through its
        // parent relies on the parent's designation, under the parent's id.
        designations: uniqueBy(
          groups.map((groupId) => {
            const first = registry.designations(groupId, { includeInherited: true })[0]!;
            return {
              groupId: first.groupId,
              authority: first.authority,
              ...(first.reference ? { reference: first.reference } : {}),
            };
          }),
          (ref) => `${ref.groupId}\u0000${ref.authority}\u0000${ref.reference ?? ""}`,
        ),
        issuingAuthority: {
          name: authority,
          ...(values.country ? { country: values.country } : {}),
          ...(values.unit ? { unit: values.unit } : {}),
        },
        ...(preservation ? { preservation } : {}),
        deadline: computeDeadline({ kind: batch.kind, priority }, now),
        events: [{ type: "drafted", at: now, by: { id: actor } }],
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliInputError(
          `cannot draft ${prefix}-${key}: ${issue.path.join(".")}: ${excerpt(issue.message, 200)}`,
          file,
        );
      }
      requests.push(parsed.data);
    }
    const roles = await cliRoles(values.roles, io.env, io.cwd);
    if (roles) {
      try {
        for (const request of requests) checkPermissions(request, roles);
      } catch (error) {
        if (!ReferralKitError.isInstance(error)) throw error;
        io.stderr.write(`referral-kit draft: ${error.message}; nothing written\n`);
        return ExitCode.failure;
      }
    }
    const text = requests.map((request) => `${JSON.stringify(request)}\n`).join("");
    if (values.out !== undefined) {
      try {
        await writeFile(pathIn(io.cwd, values.out), text);
      } catch (error) {
        throw fileProblem(error, values.out);
      }
    } else io.stdout.write(text);
    io.stderr.write(
      `drafted ${plural(requests.length, "request")} for ${plural(rows.length, "target")}` +
        `${values.out === undefined ? "" : ` into ${values.out}`}; approve them with referral-kit approve\n`,
    );
    return ExitCode.ok;
  },
});

/** The rows of the links CSV, each link parsed into a target; the first bad row is an error with its line. */
function readRows(text: string, file: string): Row[] {
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new CliInputError(`not CSV: ${excerpt(messageOf(error), 160)}`, line ? `${file}:${line}` : file);
  }
  const [header, ...body] = records;
  if (!header) throw new CliInputError("the file is empty: no header row", file);
  const names = header.map((name) => name.toLowerCase());
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new CliInputError(
      `the header lacks ${missing.join(", ")}; expected ${COLUMNS.join(",")}`,
      `${file}:1`,
    );
  }
  const at = (record: string[], column: string) => record[names.indexOf(column)] ?? "";
  return body.map((record, index) => {
    const line = index + 2;
    const where = `${file}:${line}`;
    const platform = at(record, "platform");
    const link = at(record, "link");
    const result = safeParseTarget(link, platform ? { platform } : undefined);
    if (!result.success) throw new CliInputError(`${excerpt(link)}: ${result.error.reason}`, where);
    const contentHash = at(record, "content_hash");
    const capturedAt = at(record, "captured_at");
    const url = at(record, "evidence_url");
    if (!url || !contentHash || !capturedAt) {
      throw new CliInputError(
        `${targetKey(result.data)} has no evidence: evidence_url, content_hash and captured_at are required`,
        where,
      );
    }
    const note = names.includes("note") ? at(record, "note") : "";
    return {
      line,
      target: result.data,
      group: at(record, "group"),
      evidence: { url, contentHash, capturedAt, ...(note ? { note } : {}) },
    };
  });
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const value = key(item);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

/**
 * The preservation details `--kind preserve` drafts carry: the rule named by `--preservation-rule`. The
 * details of a disclosure (instrument, data categories, accounts, reasons) are more than a CSV of links
 * gives, so such requests are built with the library instead.
 */
function preservationOf(
  kind: RequestKind | undefined,
  rule: string | undefined,
): { rule: PreservationPresetId } | undefined {
  if (kind === "disclose-data") {
    throw new UsageError(
      "disclose-data requests need an instrument, data categories, the accounts and a statement of reasons, which a CSV of links does not give: build them with the library (docs/disclosure.md)",
    );
  }
  if (kind !== "preserve") {
    if (rule !== undefined) throw new UsageError("--preservation-rule goes with --kind preserve");
    return undefined;
  }
  if (rule === undefined) {
    throw new UsageError(
      `--kind preserve needs --preservation-rule <rule>: one of ${PRESERVATION_PRESET_IDS.join(", ")}`,
    );
  }
  if (!(PRESERVATION_PRESET_IDS as readonly string[]).includes(rule)) {
    throw new UsageError(
      `--preservation-rule: "${rule}" is not one of ${PRESERVATION_PRESET_IDS.join(", ")}`,
    );
  }
  return { rule: rule as PreservationPresetId };
}
