/**
 * What the agency does when X asks or declines, on the sandbox: answers a question (the clock stops, then
 * restarts), escalates a decline to X's country representative, and re-refers another decline with added
 * evidence (`supersedes`). Each step is an event checked by the lifecycle (`appendEvents`) before the store
 * keeps it; the sandbox's X then decides (forced, so the demo always shows a result) and the dispatcher's
 * `sync` records what it says.
 */
import { createHash } from "node:crypto";
import {
  appendEvents,
  computeDeadline,
  ReferralRequest,
  type RequestEvent,
  referralChains,
  requestState,
} from "referral-kit";
import type { Dispatcher, RequestStore } from "referral-kit/dispatch";
import type { startReferencePlatforms } from "./platforms.js";
import { printTable } from "./print.js";

type Platforms = Awaited<ReturnType<typeof startReferencePlatforms>>;

const HOUR = 3_600_000;
const analyst = { id: "analyst-07", name: "Analyst (fictional)" };
const supervisor = { id: "supervisor-02", name: "Supervisor (fictional)" };

/** Runs the follow-up on X's requests in `store` and prints what happened. */
export async function followUpWalkthrough(input: {
  store: RequestStore;
  dispatcher: Dispatcher;
  platforms: Platforms;
}): Promise<void> {
  const { store, dispatcher, platforms } = input;
  const { asked, toEscalate, toReRefer } = await chooseRequests(store, dispatcher, platforms);
  const now = () => new Date(platforms.clock.now()).toISOString();
  const rows: string[][] = [];

  // 1. X asked a question: the agency answers it, and X's clock restarts from the answer.
  const question = asked.events.findLast((e) => e.type === "information-requested");
  const stoppedAt = question?.at ?? "";
  const answeredAt = now();
  await append(store, asked.id, [{ type: "information-supplied", at: answeredAt, by: analyst }]);
  const answered = (await store.getRequest(asked.id))!;
  const restarted = requestState(answered).deadline;
  platforms.advance(6 * HOUR);
  force(platforms, answered, { measure: "removed", scope: "global", ground: "terms-of-service" });

  // 2. X declined for want of legal process: escalated to its country representative.
  await append(store, toEscalate.id, [
    {
      type: "escalated",
      at: now(),
      by: supervisor,
      level: "country-representative",
      to: "X's local grievance officer for Pakistan",
      reason: "the account is listed under the Anti-Terrorism Act; PECA s. 37 needs no court order",
    },
  ]);
  force(platforms, toEscalate, { measure: "content-disabled", scope: ["PK"], ground: "local-law" });

  // 3. Another decline, re-referred as a new request with an added capture: same targets, `supersedes`.
  const reReferral = ReferralRequest.parse({
    ...toReRefer,
    id: `${toReRefer.id}-r2`,
    supersedes: toReRefer.id,
    priority: "standard",
    targets: toReRefer.targets.map((entry) => ({
      ...entry,
      evidence: [...entry.evidence, capture(`${toReRefer.id}:second-capture`, now())],
    })),
    deadline: computeDeadline({ kind: toReRefer.kind, priority: "standard" }, now()),
    events: [
      { type: "drafted", at: now(), by: analyst, note: "re-referral with a second capture" },
      { type: "approved", at: now(), by: supervisor },
    ],
  });
  await dispatcher.enqueue([reReferral]);
  await dispatcher.run();
  const sentAgain = (await store.getRequest(reReferral.id))!;
  platforms.advance(HOUR);
  force(platforms, sentAgain, { measure: "removed", scope: "global", ground: "terms-of-service" });

  platforms.advance(24 * HOUR);
  await dispatcher.sync();

  const after = async (id: string) => requestState((await store.getRequest(id))!);
  const describe = (state: ReturnType<typeof requestState>) =>
    `${state.finalOutcome}: ${state.outcomes.map((o) => [o.measure, o.scope === "global" ? "worldwide" : Array.isArray(o.scope) ? `in ${o.scope.join(",")} only` : "", o.ground ?? ""].filter(Boolean).join(", ")).join("; ")}`;
  const first = requestState(toEscalate).outcomes[0];
  rows.push(["declined", toEscalate.id, `X: no action (${first?.reasonCode}): "${reasonOf(toEscalate)}"`]);
  rows.push([
    "question answered",
    asked.id,
    `X asked "${question?.type === "information-requested" ? question.question : ""}" (clock stopped ${stoppedAt.slice(0, 16)}); answered ${answeredAt.slice(0, 16)}, deadline restarts: ${restarted?.slice(0, 16)}; then ${describe(await after(asked.id))}`,
  ]);
  const escalated = await after(toEscalate.id);
  rows.push([
    "escalated",
    toEscalate.id,
    `to ${escalated.escalations[0]?.to} (${escalated.escalations[0]?.level}); then ${describe(escalated)}`,
  ]);
  const all: ReferralRequest[] = [];
  for await (const request of store.listRequests({ platform: "x" })) all.push(request);
  const chain = referralChains(all).find((c) => c.ids.includes(reReferral.id));
  rows.push([
    "re-referred",
    reReferral.id,
    `supersedes ${toReRefer.id} (${requestState(toReRefer).outcomes[0]?.reasonCode}), one more capture per target; chain ${chain?.ids.join(" -> ")}: ${describe(await after(reReferral.id))}`,
  ]);
  printTable(
    "Follow-up on X: a decline, a question answered, an escalation, a re-referral",
    ["step", "request", "what happened"],
    rows,
  );
}

/**
 * The requests to follow up: one X asked about, one it declined for want of legal process, one it
 * declined for another reason. The sandbox's scenario usually gives all three; where its draws did not,
 * a request X has not decided yet is made to (forced), so the demo always shows each step.
 */
async function chooseRequests(store: RequestStore, dispatcher: Dispatcher, platforms: Platforms) {
  const read = async () => {
    const x: ReferralRequest[] = [];
    for await (const request of store.listRequests({ platform: "x" })) x.push(request);
    return x;
  };
  const status = (r: ReferralRequest) => requestState(r).status;
  const declinedFor = (r: ReferralRequest, lacking: boolean) =>
    status(r) === "rejected" &&
    requestState(r).outcomes.some((o) => (o.reasonCode === "legal-process-required") === lacking);
  const find = (x: ReferralRequest[]) => {
    const asked = x.find((r) => status(r) === "information-requested");
    const toEscalate = x.find((r) => declinedFor(r, true));
    const toReRefer = x.find((r) => declinedFor(r, false));
    return { asked, toEscalate, toReRefer };
  };
  let found = find(await read());
  if (!found.asked || !found.toEscalate || !found.toReRefer) {
    const mock = platforms.sandbox.platforms.x.mock;
    const open = (await read()).filter((r) => ["submitted", "acknowledged"].includes(status(r)));
    const decline = (
      request: ReferralRequest | undefined,
      reasonCode: "legal-process-required" | "insufficient-information",
    ) => {
      if (!request) return;
      const ref = refOf(request);
      const words =
        reasonCode === "legal-process-required"
          ? "a court order is required"
          : "not enough information to identify the account";
      mock.force(ref, "declined", {
        reason: words,
        targets: mock.submission(ref)!.targets.map((t) => ({
          key: t.key,
          outcome: "rejected" as const,
          reason: words,
          detail: { measure: "no-action" as const, reasonCode },
        })),
      });
    };
    if (!found.asked && open[0]) mock.force(refOf(open[0]), "info_requested");
    if (!found.toEscalate) decline(open[1], "legal-process-required");
    if (!found.toReRefer) decline(open[2], "insufficient-information");
    platforms.advance(HOUR);
    await dispatcher.sync();
    found = find(await read());
  }
  const { asked, toEscalate, toReRefer } = found;
  if (!asked || !toEscalate || !toReRefer)
    throw new Error("the sandbox's X has too few open requests to follow up");
  return { asked, toEscalate, toReRefer };
}

/** Checks the events against the lifecycle, then appends them. */
async function append(store: RequestStore, id: string, events: RequestEvent[]): Promise<void> {
  const request = (await store.getRequest(id))!;
  appendEvents(request, events);
  await store.appendEvents(id, events, { expectedCount: request.events.length });
}

function refOf(request: ReferralRequest): string {
  const submitted = request.events.find((e) => e.type === "submitted");
  if (submitted?.type !== "submitted" || !submitted.platformRef)
    throw new Error(`${request.id} was not sent`);
  return submitted.platformRef;
}

function reasonOf(request: ReferralRequest): string {
  const rejected = request.events.findLast((e) => e.type === "rejected");
  return rejected?.type === "rejected" ? rejected.reason : "";
}

/**
 * The sandbox's X acts on every target of the request's submission: `removed` is a termination for an
 * account, a removal for a post.
 */
function force(
  platforms: Platforms,
  request: ReferralRequest,
  detail: {
    measure: "removed" | "content-disabled";
    scope: "global" | string[];
    ground: "terms-of-service" | "local-law";
  },
): void {
  const mock = platforms.sandbox.platforms.x.mock;
  const ref = refOf(request);
  const submission = mock.submission(ref);
  if (!submission) throw new Error(`the sandbox's X has no submission ${ref}`);
  const account = request.targets.every((entry) => entry.target.type === "account");
  const measure =
    detail.measure === "removed" ? (account ? "account-terminated" : "content-removed") : detail.measure;
  mock.force(ref, "actioned", {
    targets: submission.targets.map((target) => ({
      key: target.key,
      outcome: "actioned" as const,
      detail: { ...detail, measure },
    })),
  });
}

function capture(key: string, at: string) {
  return {
    url: `https://evidence.example.org/captures/${encodeURIComponent(key)}`,
    capturedAt: at,
    contentHash: `sha256:${createHash("sha256").update(key).digest("hex")}`,
    note: "second capture held in the unit's evidence store",
  };
}
