import { existsSync } from "node:fs";
import { createManualChannel } from "../../../adapters/manual/channel.js";
import { ManualConfirmationError, PreparedFileError } from "../../../adapters/manual/errors.js";
import { openPreparedFile } from "../../../adapters/manual/store.js";
import type { RequestStore } from "../../dispatch/store/port.js";
import { appendEvents } from "../../domain/append-events.js";
import { canonicalJson } from "../../domain/canonical-json.js";
import { ReferralKitError } from "../../domain/errors.js";
import { requestState } from "../../domain/lifecycle.js";
import type { RolePolicy } from "../../domain/roles.js";
import type { Actor } from "../../domain/schemas/common.js";
import type { PlatformOutcome } from "../../domain/schemas/outcome.js";
import type { ReferralRequest, RequestEvent, RequestEventOf } from "../../domain/schemas/request.js";
import { targetKey } from "../../domain/targets/target-key.js";
import { cliRoles, ROLES_OPTION } from "../accountability.js";
import { cliClock } from "../clock.js";
import { CliInputError, type CliIo, ExitCode, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import {
  actorId,
  actorOption,
  CLOCK_OPTION,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  pathIn,
  required,
  STORE_OPTION,
  timeOption,
} from "../options.js";
import { openCliStore } from "../store.js";
import {
  DECISIONS,
  type DecisionEvent,
  decisionEvent,
  describeOutcome,
  outcomesFor,
  parseOutcomeSpec,
  UnknownTargetError,
} from "./confirm-decision.js";
import { alreadyFollowedUp, FOLLOW_UPS, type FollowUpEvent, followUpEvent } from "./confirm-follow-up.js";

const FORMATS = ["text", "json"] as const;

/**
 * `referral-kit confirm`: records a portal confirmation number as the request's `submitted` event, with
 * `--outcome`/`--decision` the platform's answer through the portal as its decision, target by target, and
 * with `--follow-up` what happened in between (acknowledged, a question, the answer, an escalation).
 *
 * @example
 * ```sh
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 --prepared ./portal-submissions.jsonl
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 \
 *   --outcome "account-suspended scope=PK ground=local-law until=2025-06-01"
 * referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 \
 *   --follow-up escalated --level regulator --to "PTA" --why "no answer after 48 hours"
 * ```
 */
export const confirmCommand = defineCommand({
  name: "confirm",
  summary: "Record a web portal's confirmation number as a request's submission",
  synopsis: "<request> <confirmation-number> --store <path|url> --actor <id> [options]",
  description: `Records the confirmation number a platform's web portal gave for a request submitted by hand (the
manual portal channel). The number becomes the request's "submitted" event (channel "portal",
platformRef = the number). Until it is recorded the request is not submitted, and compliance does not
count it. Safe to repeat with the same number; a different number for a confirmed request is refused.

When the portal also gave the platform's answer, record it with the same command: each --outcome says
what the platform did to one target ("<target> <measure> [scope=global|PK,IN] [ground=terms-of-service|
local-law] [until=<time>] [reason=<decline reason>] [code=<platform code>]"); an --outcome without a
target covers every target no other --outcome names. The decision (actioned, partially-actioned or
rejected) follows from the outcomes unless --decision says it. It is appended after the submission
(in the same write when the submission is new), checked by the lifecycle like any event.

--follow-up records what happened between submission and decision, by hand: "acknowledged" (the platform
confirmed it is reviewing), "information-requested" (the platform asked a question: its clock stops;
--question is the agency's own summary of what it asks, never the platform's message when that names a
person: text with an email address or a phone number is refused, and without --question the history says
only that the platform asked), "information-supplied" (the agency answered: the clock restarts and the
deadline is recomputed from --follow-up-at), or "escalated" (--level, --to an office or role, --why). With
an --outcome as well, the decision is recorded after the follow-up: the outcome of an escalation. The
same follow-up again, with nothing after it, is recorded once.`,
  options: {
    store: STORE_OPTION,
    actor: actorOption("who records the number"),
    roles: ROLES_OPTION,
    at: {
      type: "string",
      value: "<time>",
      help: "when the portal accepted it: ISO 8601 with a zone, or a day (default: now)",
    },
    prepared: {
      type: "string",
      value: "<file>",
      help: "the manual channel's file of prepared packets: the packet must be there, and is marked confirmed (default: $REFERRAL_KIT_PREPARED, or none)",
    },
    outcome: {
      type: "string",
      multiple: true,
      value: "<outcome>",
      help: 'what the platform did to a target: "[<target>] <measure> [scope=global|PK,IN] [ground=<ground>] [until=<time>] [reason=<code>] [code=<platform code>]"; repeatable; without a target, every target not named',
    },
    decision: {
      type: "string",
      value: "<decision>",
      help: `the platform's decision: ${DECISIONS.join(", ")} (default: what the outcomes imply)`,
    },
    "decided-at": {
      type: "string",
      value: "<time>",
      help: "when the platform decided: ISO 8601 with a zone, or a day (default: now)",
    },
    "platform-text": {
      type: "string",
      value: "<text>",
      help: "the platform's own words for its decision (a rejection's reason); no personal data",
    },
    "follow-up": {
      type: "string",
      value: "<event>",
      help: `a follow-up to record: ${FOLLOW_UPS.join(", ")}`,
    },
    "follow-up-at": {
      type: "string",
      value: "<time>",
      help: "when the follow-up happened: ISO 8601 with a zone, or a day (default: now)",
    },
    question: {
      type: "string",
      value: "<summary>",
      help: "what the platform asks (information-requested), in the agency's own words; no personal data",
    },
    level: {
      type: "string",
      value: "<level>",
      help: "how high an escalation goes: platform-policy-team, country-representative, regulator, ministerial, court, network-block",
    },
    to: {
      type: "string",
      value: "<office>",
      help: "who an escalation went to: an office or role, no contact details",
    },
    why: { type: "string", value: "<reason>", help: "why the request was escalated" },
    clock: CLOCK_OPTION,
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  positionals: { min: 2, max: 2, missing: "give the request id and the confirmation number" },
  renamed: { by: "actor" },
  exitCodes: {
    0: "recorded (or already recorded)",
    1: "refused (not in the store, already confirmed with another number, no prepared packet, a target the request does not have, a decision or follow-up the lifecycle does not allow, or the role policy)",
    3: "the store or the prepared file could not be read",
  },
  examples: [
    "referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1",
    'referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 --outcome "x:abc account-terminated scope=global" --outcome "x:def no-action reason=not-violating"',
    'referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 --follow-up information-requested --question "which designation covers x:def"',
    'referral-kit confirm req-42 TG-2025-0042 --store ./referrals.store --actor analyst-1 --follow-up escalated --level regulator --to "PTA" --why "declined without a reason" --outcome "account-terminated scope=global"',
  ],
  async run({ values, positionals }, io) {
    const [requestId, number] = positionals as [string, string];
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const by = actorId(values.actor, io.env);
    const json = chosenFormat(values, FORMATS, "text") === "json";
    const clock = await cliClock(values.clock, io.env);
    const at =
      values.at === undefined ? new Date(clock.now()).toISOString() : timeOption("--at", values.at).iso;
    const preparedPath = values.prepared ?? io.env.REFERRAL_KIT_PREPARED;
    // The answer's command line is checked before any store is opened: a typo never half-records.
    const specs = (values.outcome ?? []).map(parseOutcomeSpec);
    const decision = decisionOption(values.decision);
    const wantsDecision = specs.length > 0 || decision !== undefined;
    if (!wantsDecision && (values["decided-at"] !== undefined || values["platform-text"] !== undefined)) {
      throw new UsageError(
        "--decided-at and --platform-text describe a decision: give --outcome or --decision",
      );
    }
    const decidedAt =
      values["decided-at"] === undefined
        ? new Date(clock.now()).toISOString()
        : timeOption("--decided-at", values["decided-at"]).iso;
    if (number.trim().length === 0 || number.trim().length > 200) {
      throw new UsageError("a confirmation number is 1 to 200 characters");
    }
    const followUp = followUpEvent(values, {
      now: new Date(clock.now()).toISOString(),
      by: { id: by },
      platformRef: number.trim(),
    });

    const preparedFile = preparedPath === undefined ? undefined : pathIn(io.cwd, preparedPath);
    // A mistyped path must not read as "no packet was prepared".
    if (preparedFile !== undefined && !existsSync(preparedFile)) {
      throw new CliInputError("no such file (the manual channel's file of prepared packets)", preparedPath);
    }
    const confirmation: Confirmation = {
      requestId,
      number,
      ref: number.trim(),
      actor: { id: by },
      at,
      json,
      prepared: preparedFile === undefined ? undefined : { file: preparedFile, path: preparedPath! },
      answer: wantsDecision
        ? { specs, decision, decidedAt, platformText: values["platform-text"] }
        : undefined,
      followUp,
      roles: await cliRoles(values.roles, io.env, io.cwd),
    };
    const store = await openCliStore(location, io.cwd);
    try {
      return await recordConfirmation(store, confirmation, io);
    } catch (error) {
      if (error instanceof UsageError || error instanceof CliInputError) throw error;
      if (ManualConfirmationError.isInstance(error) || ReferralKitError.isInstance(error)) {
        io.stderr.write(`referral-kit confirm: ${error.message}\n`);
        return ExitCode.failure;
      }
      throw error;
    } finally {
      await store.close();
    }
  },
});

/** What the command line asks to record, checked before the store is opened. */
interface Confirmation {
  readonly requestId: string;
  /** The confirmation number as given. */
  readonly number: string;
  /** The number trimmed: the `platformRef` of the `submitted` event. */
  readonly ref: string;
  readonly actor: Actor;
  /** When the portal accepted the submission. */
  readonly at: string;
  readonly json: boolean;
  /** The manual channel's file of prepared packets, resolved and as given. */
  readonly prepared: { readonly file: string; readonly path: string } | undefined;
  /** The platform's decision, when `--outcome` or `--decision` was given. */
  readonly answer:
    | {
        readonly specs: readonly ReturnType<typeof parseOutcomeSpec>[];
        readonly decision: (typeof DECISIONS)[number] | undefined;
        readonly decidedAt: string;
        readonly platformText: string | undefined;
      }
    | undefined;
  readonly followUp: FollowUpEvent | undefined;
  readonly roles: RolePolicy | undefined;
}

/**
 * Records the confirmation in the store: the `submitted` event unless the request already has it (with
 * the same number), then the follow-up and the decision not recorded yet, all checked by the lifecycle
 * before anything is written. Returns the exit code.
 */
async function recordConfirmation(store: RequestStore, c: Confirmation, io: CliIo): Promise<number> {
  const { requestId, ref } = c;
  const request = await store.getRequest(requestId);
  if (!request) {
    io.stderr.write(`referral-kit confirm: no request ${requestId} in the store\n`);
    return ExitCode.failure;
  }
  let decided: DecisionEvent | undefined;
  try {
    decided = c.answer && decide(request, c.answer, c.actor);
  } catch (error) {
    if (!(error instanceof UnknownTargetError)) throw error;
    io.stderr.write(`referral-kit confirm: ${requestId}: ${error.message}\n`);
    return ExitCode.failure;
  }
  const earlier = request.events.find((e): e is RequestEventOf<"submitted"> => e.type === "submitted");
  if (earlier && earlier.platformRef !== ref) {
    io.stderr.write(
      `referral-kit confirm: ${requestId} is already submitted (${earlier.channel ?? "unknown channel"}${earlier.platformRef ? `, ${earlier.platformRef}` : ""}); not recording ${ref}\n`,
    );
    return ExitCode.failure;
  }
  // A follow-up already recorded is not recorded again; a decision after a new follow-up always is
  // (the same answer after an escalation is the escalation's outcome).
  const { followUp } = c;
  const newFollowUp = followUp && !alreadyFollowedUp(request.events, followUp) ? followUp : undefined;
  const newDecision =
    decided && (newFollowUp || !alreadyDecided(request.events, decided)) ? decided : undefined;
  const extra: RequestEvent[] = [
    ...(newFollowUp ? [newFollowUp] : []),
    ...(newDecision ? [newDecision] : []),
  ];
  if (earlier && extra.length === 0) {
    const what = [`submitted with ${ref}`, followUp?.type, decided?.type].filter(Boolean).join(" and ");
    report(
      io,
      earlier,
      { followUp, decision: decided },
      c.json,
      `${requestId} was already recorded as ${what}`,
    );
    return ExitCode.ok;
  }
  const fresh: RequestEvent[] = earlier
    ? []
    : [{ type: "submitted", at: c.at, by: c.actor, channel: "portal" }];
  // Everything to be written is checked (lifecycle, outcomes against the targets, roles) first.
  try {
    appendEvents(request, [...fresh, ...extra], c.roles ? { roles: c.roles } : {});
  } catch (error) {
    if (!ReferralKitError.isInstance(error)) throw error;
    io.stderr.write(`referral-kit confirm: ${error.message}\n`);
    return ExitCode.failure;
  }
  const append = async (events: RequestEvent[]) => {
    await store.appendEvents(requestId, [...events, ...extra], { expectedCount: request.events.length });
  };
  const event = earlier ?? (await writeSubmitted(request, c, append));
  if (earlier) await append([]);
  const after = await store.getRequest(requestId);
  const status = after ? requestState(after).status : "submitted";
  const submittedText = earlier
    ? `${requestId}: submitted through the portal, confirmation ${event.platformRef}`
    : `${requestId}: recorded as submitted through the portal, confirmation ${event.platformRef}`;
  const followUpText = newFollowUp ? `; recorded ${describeFollowUp(newFollowUp)}` : "";
  const decisionText = newDecision
    ? `; recorded ${newDecision.type}${newDecision.outcomes ? `: ${newDecision.outcomes.map(describeOutcome).join("; ")}` : ""}`
    : "";
  report(
    io,
    event,
    { followUp: newFollowUp, decision: newDecision },
    c.json,
    `${submittedText}${followUpText}${decisionText} (now ${status})`,
  );
  return ExitCode.ok;
}

/**
 * The decision event the `--outcome`s and `--decision` describe for `request`'s targets.
 *
 * @throws {UnknownTargetError} an `--outcome` names a target the request does not have.
 */
function decide(
  request: ReferralRequest,
  answer: NonNullable<Confirmation["answer"]>,
  actor: Actor,
): DecisionEvent {
  const keys = request.targets.map((t) => targetKey(t.target));
  const outcomes: PlatformOutcome[] = outcomesFor(answer.specs, keys, request.platform);
  return decisionEvent({
    decision: answer.decision,
    outcomes,
    keys,
    at: answer.decidedAt,
    by: actor,
    platformText: answer.platformText,
  });
}

/**
 * Writes the `submitted` event of a request not yet submitted (with `append`, which adds the follow-up and
 * decision to the same write): through the manual channel when a prepared file is given (the packet must
 * be there, and is marked confirmed), else as a portal submission.
 */
async function writeSubmitted(
  request: ReferralRequest,
  c: Confirmation,
  append: (events: RequestEvent[]) => Promise<void>,
): Promise<RequestEventOf<"submitted">> {
  if (c.prepared === undefined) {
    const event: RequestEventOf<"submitted"> = {
      type: "submitted",
      at: c.at,
      by: c.actor,
      channel: "portal",
      platformRef: c.ref,
      note: `portal confirmation number recorded by ${c.actor.id}`,
    };
    await append([event]);
    return event;
  }
  const channel = createManualChannel({
    platform: request.platform,
    portal: { name: "(from the prepared file)", url: "about:blank" },
    store: openPreparedFile(c.prepared.file),
  });
  try {
    return await channel.confirm(c.requestId, c.number, {
      at: c.at,
      by: c.actor,
      commit: (submitted) => append([submitted]),
    });
  } catch (error) {
    if (PreparedFileError.isInstance(error)) {
      throw new CliInputError(
        error.reason,
        error.line > 0 ? `${c.prepared.path}:${error.line}` : c.prepared.path,
      );
    }
    throw error;
  }
}

/**
 * `--json` prints the submitted event, or `{ submitted, followUp, decision }` when a follow-up or a
 * decision was given.
 */
function report(
  io: { stdout: NodeJS.WritableStream },
  event: RequestEventOf<"submitted">,
  answer: { followUp: FollowUpEvent | undefined; decision: DecisionEvent | undefined },
  json: boolean | undefined,
  text: string,
): void {
  const { followUp, decision } = answer;
  const value =
    followUp || decision
      ? { submitted: event, ...(followUp ? { followUp } : {}), ...(decision ? { decision } : {}) }
      : event;
  io.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

function decisionOption(value: string | undefined): (typeof DECISIONS)[number] | undefined {
  if (value === undefined) return undefined;
  const known = DECISIONS.find((d) => d === value);
  if (!known) throw new UsageError(`--decision: "${value}" is not one of ${DECISIONS.join(", ")}`);
  return known;
}

/** The same decision is already the history's last: recording it again would be a second answer. */
function alreadyDecided(events: readonly RequestEvent[], decided: DecisionEvent): boolean {
  const last = events.findLast(
    (e) => e.type === "actioned" || e.type === "partially-actioned" || e.type === "rejected",
  );
  if (!last || last.type !== decided.type) return false;
  // Canonical JSON: a store may give the fields back in another order.
  const key = (outcomes: readonly PlatformOutcome[] | undefined) =>
    canonicalJson([...(outcomes ?? [])].sort((a, b) => a.target.localeCompare(b.target)));
  return key(last.outcomes) === key(decided.outcomes);
}

/** A follow-up in a few words: `escalated to PTA (regulator)`. */
function describeFollowUp(event: FollowUpEvent): string {
  return event.type === "escalated" ? `escalated to ${event.to} (${event.level})` : event.type;
}
