import { type ReplyUpdate, readReplyFiles, type SentReferral } from "../../../adapters/email/inbound.js";
import { toRequestEvents } from "../../adapter/v1/to-request-events.js";
import type { RequestStore } from "../../dispatch/store/port.js";
import { ReferralKitError } from "../../domain/errors.js";
import { canTransition, requestState } from "../../domain/lifecycle.js";
import type { RequestEvent } from "../../domain/schemas/request.js";
import { ExitCode } from "../command.js";
import { defineCommand } from "../define-command.js";
import { fileProblem } from "../input/files.js";
import {
  actorId,
  actorOption,
  chosenFormat,
  formatOption,
  JSON_OPTION,
  messageOf,
  pathIn,
  plural,
  required,
  STORE_OPTION,
} from "../options.js";
import { openCliStore } from "../store.js";

const FORMATS = ["text", "json"] as const;

/** What happened to one matched reply. */
interface Outcome {
  requestId: string;
  source: string;
  outcome: ReplyUpdate["update"]["outcome"];
  /** `appended` (or `would-append` without --apply) or `skipped`. */
  result: "appended" | "would-append" | "skipped" | "failed";
  events: RequestEvent["type"][];
  reason?: string;
}

/**
 * `referral-kit replies`: reads email replies into status updates and, with `--apply`, appends them.
 *
 * @example
 * ```sh
 * referral-kit replies inbox/*.eml archive.mbox --store ./referrals.store
 * referral-kit replies archive.mbox --store ./referrals.store --apply --actor analyst-1
 * ```
 */
export const repliesCommand = defineCommand({
  name: "replies",
  summary: "Read platforms' email replies (.eml, mbox) into status updates; --apply records them",
  synopsis: "<file...> --store <path|url> [options]",
  description: `Reads platforms' email replies (.eml files or mbox files) to referrals sent by email, matches them to
requests by the reference token in the subject (or the Message-ID they answer), and shows the status
updates they carry and the mail that needs a person (unmatched, unclear, bounced, or naming targets
the request does not hold). A reply that names targets (by link, handle or the key the email listed)
gives each its own outcome; targets it does not name get none. With --apply, appends
the resulting events to the requests' histories: only legal transitions, never the same reply twice,
never an event dated before the history's last one. Everything skipped is listed with the reason.

A reply to a disclose-data request is read as its answer: its attachments are the production, recorded as
produced (or partially-produced when it names a data category as withheld) with a receipt of each file's
SHA-256 and size, received by --actor through email; a reply saying the platform holds no data is no-data,
and a refusal (a demand for a court order among them) is rejected with its reason code. Ambiguous wording is
listed for a person.

A reply's text is never recorded: an event keeps the classification, a reason code and the reply's
Message-ID (where to find the message in the mailbox), because replies can carry personal data. Attached
files are named by their place in the message (attachment-1.csv), not by the platform's file names.`,
  options: {
    store: STORE_OPTION,
    apply: { type: "boolean", help: "append the events (default: only show what would be appended)" },
    actor: actorOption("who is recorded as appending them (else email-replies)"),
    format: formatOption(FORMATS, "text"),
    json: JSON_OPTION,
  },
  positionals: { min: 1, max: Number.POSITIVE_INFINITY, missing: "give the .eml or mbox files to read" },
  renamed: { by: "actor" },
  exitCodes: {
    0: "read (and applied)",
    1: "an append failed",
    3: "a file or the store could not be read",
  },
  examples: [
    "referral-kit replies inbox/*.eml archive.mbox --store ./referrals.store",
    "referral-kit replies archive.mbox --store ./referrals.store --apply --actor analyst-1",
  ],
  async run({ values, positionals }, io) {
    const location = required(values.store, io.env, "REFERRAL_KIT_STORE", "--store", "the request store");
    const by = actorId(values.actor, io.env, "email-replies");
    const json = chosenFormat(values, FORMATS, "text") === "json";
    const apply = values.apply ?? false;
    const files = positionals.map((file) => pathIn(io.cwd, file));
    const store = await openCliStore(location, io.cwd);
    try {
      let report: Awaited<ReturnType<typeof readReplyFiles>>;
      try {
        report = await readReplyFiles(files, {
          sent: await sentReferrals(store),
          kindOf: async (requestId) => (await store.getRequest(requestId))?.kind,
        });
      } catch (error) {
        const path = (error as { path?: unknown }).path;
        throw fileProblem(error, typeof path === "string" ? path : "replies");
      }
      const outcomes: Outcome[] = [];
      // Without --apply, what would be appended is kept here, so later replies are judged as --apply would.
      const planned = new Map<string, RequestEvent[]>();
      for (const reply of report.updates) outcomes.push(await handle(store, reply, { apply, by, planned }));
      const failed = outcomes.some((o) => o.result === "failed");
      if (json) {
        io.stdout.write(`${JSON.stringify({ applied: apply, updates: outcomes, review: report.review })}\n`);
      } else {
        const lines = [
          `${plural(report.updates.length, "status update")} in the replies${apply ? "" : " (not applied: pass --apply)"}`,
          ...outcomes.map(
            (o) =>
              `  ${o.requestId}  ${o.outcome}  ${o.result}${o.events.length > 0 ? ` ${o.events.join(", ")}` : ""}` +
              `${o.reason ? ` (${o.reason})` : ""}  [${o.source}]`,
          ),
          `${plural(report.review.length, "message")} for a person to look at`,
          ...report.review.map(
            (m) =>
              `  ${m.why}  ${m.date ?? "(no date)"}  ${m.from}  ${JSON.stringify(m.subject)}` +
              `${m.reference ? `  ${m.reference}` : ""}` +
              `${m.targets ? `  names targets not in the request: ${m.targets.join(", ")}` : ""}  [${m.source}]`,
          ),
        ];
        io.stdout.write(`${lines.join("\n")}\n`);
      }
      return failed ? ExitCode.failure : ExitCode.ok;
    } finally {
      await store.close();
    }
  },
});

/**
 * Decides (and with `apply`, appends) the events of one reply against the request's current history.
 * The Message-ID goes into the event's note: reading the same mailbox again finds it and appends nothing,
 * even where the lifecycle would allow the event again (an `actioned` after a dismissed appeal).
 */
async function handle(
  store: RequestStore,
  reply: ReplyUpdate,
  options: { apply: boolean; by: string; planned: Map<string, RequestEvent[]> },
): Promise<Outcome> {
  const base = {
    requestId: reply.requestId,
    source: reply.source,
    outcome: reply.update.outcome,
    events: [],
  };
  const skip = (reason: string): Outcome => ({ ...base, result: "skipped", reason });
  for (let round = 0; round < 3; round++) {
    const stored = await store.getRequest(reply.requestId);
    if (!stored) return skip(`no request ${reply.requestId} in the store`);
    const request = { ...stored, events: [...stored.events, ...(options.planned.get(stored.id) ?? [])] };
    const messageId = messageIdOf(reply);
    if (messageId && request.events.some((event) => event.note?.includes(messageId))) {
      return skip("this reply is already recorded");
    }
    const status = requestState(request).status;
    let events: RequestEvent[];
    try {
      events = toRequestEvents(reply.update, {
        current: status,
        by: { id: options.by },
        kind: request.kind,
        channel: "email",
      });
    } catch (error) {
      return skip(messageOf(error));
    }
    if (events.length === 0) {
      return skip(reply.update.outcome === "pending" ? "nothing to record" : `already ${status}`);
    }
    const illegal = events.find((event) => !canTransition(status, event.type, request.kind));
    if (illegal) return skip(`not a legal transition: ${status} -> ${illegal.type}`);
    const last = request.events.at(-1);
    if (last && Date.parse(events[0]!.at) < Date.parse(last.at)) {
      return skip(`dated ${events[0]!.at}, before the history's last event (${last.type} at ${last.at})`);
    }
    const noted = events.map((event) => withMessageId(event, messageId));
    const types = noted.map((event) => event.type);
    if (!options.apply) {
      options.planned.set(request.id, [...(options.planned.get(request.id) ?? []), ...noted]);
      return { ...base, result: "would-append", events: types };
    }
    try {
      await store.appendEvents(request.id, noted, { expectedCount: request.events.length });
      return { ...base, result: "appended", events: types };
    } catch (error) {
      // Someone appended meanwhile: decide again on the fresh history.
      if (ReferralKitError.isInstance(error) && error.code === "store_conflict") continue;
      return { ...base, result: "failed", events: types, reason: messageOf(error) };
    }
  }
  return { ...base, result: "failed", reason: "the history kept changing; run again" };
}

function messageIdOf(reply: ReplyUpdate): string | undefined {
  const raw = reply.update.raw as { messageId?: unknown } | undefined;
  return typeof raw?.messageId === "string" && raw.messageId.length > 0 ? raw.messageId : undefined;
}

function withMessageId(event: RequestEvent, messageId: string | undefined): RequestEvent {
  if (!messageId) return event;
  const note = `${event.note ? `${event.note}; ` : ""}email reply ${messageId}`;
  return { ...event, note: note.length <= 5000 ? note : note.slice(0, 5000) };
}

/** The referrals the email adapter sent, from the store's receipts, to match replies that lost the token. */
async function sentReferrals(store: RequestStore): Promise<SentReferral[]> {
  const sent: SentReferral[] = [];
  for (const job of await store.listJobs({ state: "submitted" })) {
    const messageId = (job.receipt?.raw as { messageId?: unknown } | undefined)?.messageId;
    if (job.receipt && typeof messageId === "string")
      sent.push({ messageId, reference: job.receipt.platformRef, targets: job.targetKeys });
  }
  return sent;
}
