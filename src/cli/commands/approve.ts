import { writeFile } from "node:fs/promises";
import { notBefore } from "../../dispatch/context.js";
import { approveRequest } from "../../domain/append-events.js";
import { SafeguardError } from "../../domain/errors.js";
import { ReferralRequest } from "../../domain/schemas/request.js";
import { excerpt } from "../../text/decode.js";
import { cliRegistry, cliRoles, REGISTRY_OPTION, ROLES_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { CliInputError, ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem } from "../input/files.js";
import { readJsonLines } from "../input/json-lines.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  ENCODING_OPTION,
  messageOf,
  OUT_OPTION,
  pathIn,
  plural,
} from "../options.js";

/**
 * `referral-kit approve`: records the approver's approval on drafted requests and writes them, ready for
 * `referral-kit dispatch`. The domain's safeguards decide: a request without its legal basis, designation
 * or evidence, relying on a designation the registry does not hold on the day, approved by someone whose
 * role may not approve (`--roles`) or by its own drafter, is refused with the reason.
 *
 * @example
 * ```sh
 * referral-kit approve drafts.jsonl --actor supervisor-02 --out requests.jsonl
 * ```
 */
export const approveCommand = defineCommand({
  name: "approve",
  summary: "Approve drafted requests (the safeguards decide), ready for dispatch",
  synopsis: "<drafts.jsonl> --actor <id> [options]",
  description: `Appends an "approved" event by --actor to each drafted request of a JSON Lines file (what
referral-kit draft writes) and writes the approved requests, one per line, for referral-kit dispatch. The
request lifecycle checks the safeguards on the way: legal basis, designation and evidence for every target,
and two distinct approvers when a target is sensitive or tier 4 (run approve again as the second approver).
Every designation is resolved on the day against the built-in groups and the --registry files: unknown,
wrongly attributed, delisted or not yet listed refuses the request, and the approval records the registry's
version. With a role policy (--roles), the approver needs a role that may approve, and nobody approves their
own draft. A request refused is listed with the reason and left out. The approval is dated now, or at the
request's last event if that is later (the drafting machine's clock was ahead, or --clock reads a sandbox's
clock that has not moved since the draft).`,
  options: {
    actor: actorOption("who approves them"),
    registry: REGISTRY_OPTION,
    roles: ROLES_OPTION,
    request: { type: "string", value: "<id>", multiple: true, help: "only this request (default every one)" },
    encoding: ENCODING_OPTION,
    out: OUT_OPTION,
    clock: CLOCK_OPTION,
  },
  positionals: { min: 1, max: 1, missing: "give the drafted requests (JSON Lines)" },
  exitCodes: {
    0: "every request approved",
    1: "some request refused by the safeguards or the role policy (listed with the reason)",
    3: "the file could not be read, or a line is not a request",
  },
  examples: ["referral-kit approve drafts.jsonl --actor supervisor-02 --out requests.jsonl"],
  async run({ values, positionals }, io) {
    const file = positionals[0]!;
    const actor = actorId(values.actor, io.env);
    const only = values.request ? new Set(values.request) : undefined;
    const now = (await cliClock(values.clock, io.env)).now();
    const registry = await cliRegistry(values.registry, io.cwd, values.encoding);
    const roles = await cliRoles(values.roles, io.env, io.cwd);
    const out: ReferralRequest[] = [];
    let refused = 0;
    let approvedCount = 0;
    for (const { line, value } of await readJsonLines(pathIn(io.cwd, file), file, values.encoding)) {
      const parsed = ReferralRequest.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new CliInputError(
          `not a request (${issue.path.join(".") || "line"}: ${excerpt(issue.message, 160)})`,
          `${file}:${line}`,
        );
      }
      const request = parsed.data;
      if (only && !only.has(request.id)) {
        out.push(request);
        continue;
      }
      try {
        // Never before the draft, as the dispatcher records its sends: the drafting machine's clock may be
        // ahead, and against a sandbox each command starts again from the same virtual time.
        const at = notBefore(request, now);
        out.push(approveRequest(request, { by: { id: actor }, at, registry, ...(roles ? { roles } : {}) }));
        approvedCount += 1;
      } catch (error) {
        refused += 1;
        const reasons = SafeguardError.isInstance(error)
          ? error.violations.map((violation) => `${violation.message} [${violation.rule}]`).join("; ")
          : messageOf(error);
        io.stderr.write(`refused ${request.id} (${file}:${line}): ${excerpt(reasons, 300)}\n`);
        out.push(request);
      }
    }
    const text = out.map((request) => `${JSON.stringify(request)}\n`).join("");
    if (values.out !== undefined) {
      try {
        await writeFile(pathIn(io.cwd, values.out), text);
      } catch (error) {
        throw fileProblem(error, values.out);
      }
    } else io.stdout.write(text);
    io.stderr.write(
      `approved ${plural(approvedCount, "request")}${refused > 0 ? `, ${refused} refused (left as they were)` : ""}` +
        `${values.out === undefined ? "" : ` into ${values.out}`}\n`,
    );
    return refused > 0 ? ExitCode.failure : ExitCode.ok;
  },
});
