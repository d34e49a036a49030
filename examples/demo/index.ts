/**
 * The referral-kit demo: the main job end to end on clearly fictional data, against the six platform mocks.
 *
 * 1. resolve the five built-in groups from the spellings people actually use;
 * 2. parse a dozen pasted links across the six platforms into canonical targets (one bad input shows its error);
 * 3. draft and approve requests (legal basis, designation, evidence, approver), plus a batch of fictional accounts;
 * 4. dispatch them (crash-safe store, rate limits, retries) through five reference adapters to the sandbox
 *    (the modelled platform APIs over real HTTP on 127.0.0.1) and, for WhatsApp, by email to a local SMTP server;
 * 5. let simulated days pass: poll the platforms, read WhatsApp's email replies, print states and receipts;
 *    then follow up on X: a decline with its reason, a question answered (the clock stops and restarts),
 *    an escalation to X's country representative and a re-referral with added evidence, with X's answers;
 * 6. check the public pages ourselves (verification), independent of what the platforms said;
 * 7. one emergency disclosure and one preservation through Facebook's modelled API: the production's
 *    hashes verified on disk before it is recorded, and the alarm before the preservation ends;
 * 8. what each platform did, target by target (terminated or suspended, worldwide or in Pakistan only, why it
 *    declined), then, last, the compliance table: the reported action rate beside the verified rate.
 *
 * Every account name below is invented for this demo; the mocks' response rates are illustrative.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  canonicalUrl,
  computeDeadline,
  parseTarget,
  ReferralRequest,
  type RequestKind,
  requestState,
  safeParseTarget,
  type Target,
  targetKey,
  targetPlatform,
} from "referral-kit";
import { toRequestEvents } from "referral-kit/adapter";
import { readReplies } from "referral-kit/adapters/email";
import { computeCompliance, formatComplianceTable } from "referral-kit/compliance";
import { createDispatcher, openStore } from "referral-kit/dispatch";
import { createRegistry, knownGroups } from "referral-kit/registry";
import { createHttpProbe, verifyTargets } from "referral-kit/verify";
import { disclosureWalkthrough } from "../disclosure/walkthrough.js";
import { followUpWalkthrough } from "./follow-up.js";
import { printOutcomeBreakdown } from "./outcomes.js";
import { startReferencePlatforms } from "./platforms.js";
import { printTable, step } from "./print.js";

const registry = createRegistry(knownGroups);

// 1. Groups, found by the spellings and acronyms analysts paste.
const spellings = [
  "Tehreek-e-Taliban Pakistan",
  "BLA",
  "Majid Brigade",
  "Baluchistan Liberation Front",
  "ISIS-K",
];
printTable(
  "Proscribed groups (built-in registry)",
  ["searched for", "group", "part of", "designated by"],
  spellings.map((spelling) => {
    const group = registry.find(spelling);
    if (!group) return [spelling, "(not found)", "", ""];
    const authorities = registry.designations(group.id).map((designation) => designation.authority);
    return [
      spelling,
      `${group.name} (${group.id})`,
      group.parentId ?? "",
      authorities.join(", ") || "(none sourced)",
    ];
  }),
);

// 2. Pasted links, as they arrive from analysts' notes.
const pasted: { input: string; platform?: string; group: string }[] = [
  { input: "https://www.facebook.com/fictional.ttp.voice/", group: "ttp" },
  { input: "m.facebook.com/profile.php?id=100000000000001", group: "bla" },
  { input: "https://www.instagram.com/fictional_bla_media/?hl=en", group: "bla" },
  { input: "instagram.com/p/Cfict10nal1/", group: "iskp" },
  { input: "https://wa.me/923000000001", group: "blf" },
  { input: "https://whatsapp.com/channel/0029FictionalChannel01", group: "ttp" },
  { input: "https://www.tiktok.com/@fictional.majeed.clips", group: "majeed-brigade" },
  { input: "tiktok.com/@fictional.majeed.clips/video/7300000000000000001", group: "majeed-brigade" },
  { input: "https://twitter.com/Fict_ISKP_EN/status/1800000000000000001?s=20", group: "iskp" },
  { input: "@fict_blf_news", platform: "x", group: "blf" },
  { input: "https://t.me/s/fictional_ttp_channel", group: "ttp" },
  { input: "https://t.me/+FictInviteCode01", group: "iskp" },
  { input: "https://x.com/home", group: "ttp" },
];

const parsed: { target: Target; group: string }[] = [];
const parseRows = pasted.map(({ input, platform, group }) => {
  const result = safeParseTarget(input, platform ? { platform } : undefined);
  if (!result.success) return [input, "rejected", result.error.reason];
  parsed.push({ target: result.data, group });
  return [input, result.data.type, targetKey(result.data)];
});
printTable("Pasted links -> canonical targets", ["pasted", "type", "key or reason"], parseRows);

// 3. Requests: drafted by an analyst, approved by a supervisor. Accounts are asked to be suspended, content
// removed: one request per platform and kind for the pasted links, and one per account for a batch of
// fictional accounts an analyst has already reviewed.
const START = "2025-06-02T08:00:00.000Z";
const analyst = { id: "analyst-07", name: "Analyst (fictional)" };
const supervisor = { id: "supervisor-02", name: "Supervisor (fictional)" };
const authority = { name: "Fictional Counter-Terrorism Unit", country: "PK" };
const legalBasis = {
  instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
  section: "s. 37",
  jurisdiction: "PK",
};
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

function evidenceFor(key: string) {
  return {
    url: `https://evidence.example.org/captures/${encodeURIComponent(key)}`,
    capturedAt: at(-120),
    // The demo hashes the key; a real tool hashes the captured file.
    contentHash: `sha256:${createHash("sha256").update(key).digest("hex")}`,
    note: "capture held in the unit's evidence store",
  };
}

function draftRequest(
  id: string,
  kind: RequestKind,
  entries: { target: Target; group: string }[],
  priority: "emergency" | "standard",
) {
  const groups = [...new Set(entries.map((entry) => entry.group))];
  return ReferralRequest.parse({
    id,
    kind,
    platform: targetPlatform(entries[0]!.target),
    priority,
    targets: entries.map((entry) => ({
      target: entry.target,
      evidence: [evidenceFor(targetKey(entry.target))],
    })),
    legalBasis,
    designations: groups.map((groupId) => {
      const [first] = registry.designations(groupId);
      return {
        groupId,
        authority: first?.authority ?? "pk-ata-first-schedule",
        reference: first?.reference ?? undefined,
      };
    }),
    issuingAuthority: authority,
    // The deadline runs from the planned dispatch time.
    deadline: computeDeadline({ kind, priority }, START),
    events: [
      { type: "drafted", at: at(-60), by: analyst },
      { type: "approved", at: at(-30), by: supervisor },
    ],
  });
}

const batches = new Map<string, { kind: RequestKind; entries: { target: Target; group: string }[] }>();
for (const entry of parsed) {
  const kind: RequestKind = entry.target.type === "content" ? "remove-content" : "suspend";
  const key = `${targetPlatform(entry.target)}-${kind}`;
  const batch = batches.get(key) ?? { kind, entries: [] };
  batch.entries.push(entry);
  batches.set(key, batch);
}
const pastedRequests = [...batches.entries()].map(([key, batch], index) =>
  draftRequest(`demo-${key}`, batch.kind, batch.entries, index === 0 ? "emergency" : "standard"),
);

const groupIds = ["ttp", "bla", "majeed-brigade", "blf", "iskp"];
const batchRequests = (["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"] as const).flatMap(
  (platform) =>
    Array.from({ length: 40 }, (_, n) => {
      const handle = `fk${["ttp", "bla", "mjb", "blf", "isk"][n % 5]}${platform.slice(0, 2)}${n}`;
      const input = platform === "whatsapp" ? `https://wa.me/9230000${String(10_000 + n)}` : `@${handle}`;
      const target = parseTarget(input, { platform });
      return draftRequest(
        `batch-${platform}-${n}`,
        "suspend",
        [{ target, group: groupIds[n % 5]! }],
        "standard",
      );
    }),
);

// 4. Dispatch with the embedded (file-backed) store: five platforms over their APIs, WhatsApp by email.
const starting = step("Starting the sandbox and the SMTP sink");
const platforms = await startReferencePlatforms(START);
starting.done();
const opening = step("Creating the embedded store (PGlite)");
const storeDir = mkdtempSync(join(tmpdir(), "referral-kit-demo-"));
const store = await openStore(storeDir);
opening.done();
let sendingTick = () => {};
try {
  const dispatcher = createDispatcher({
    adapters: platforms.adapters,
    store,
    clock: platforms.clock,
    limits: platforms.demoLimits,
    actor: { id: "dispatcher", name: "referral-kit demo" },
    onProgress: (event) => {
      if (event.type === "submitted" || event.type === "failed") sendingTick();
    },
  });
  const enqueued = await dispatcher.enqueue([...pastedRequests, ...batchRequests]);
  const sending = step("Dispatching");
  sendingTick = sending.tick;
  console.log(
    `\nQueued ${enqueued.enqueued.length} approved requests (${enqueued.refused.length} refused by the safeguards).`,
  );
  const run = await dispatcher.run();
  sending.done();
  printTable(
    `Dispatch (sandbox at ${platforms.sandbox.url}, SMTP at ${platforms.sink.host}:${platforms.sink.port})`,
    ["platform", "channel", "submitted", "failed"],
    Object.entries(run.platforms).map(([platform, figures]) => [
      platform,
      platform === "whatsapp" ? "email" : "API",
      String(figures.submitted),
      String(figures.failed),
    ]),
  );
  console.log(
    `The SMTP server accepted ${platforms.sink.messages.length} emails; each receipt holds its answer and Message-ID.`,
  );

  // 5. Three simulated days: the platforms decide and the dispatcher polls; WhatsApp answers some emails.
  platforms.advance(3 * 24 * 3_600_000);
  const polling = step("Polling the platforms");
  const firstSync = await dispatcher.sync();
  polling.done();
  console.log(`\nAfter 3 days: polled ${firstSync.polled}, recorded ${firstSync.appended} new events.`);
  // The emails' receipts and target keys: a reply to an email that named one target says what was done to it.
  const sent = (await store.listJobs({ platform: "whatsapp", state: "submitted" })).flatMap((job) => {
    const messageId = (job.receipt?.raw as { messageId?: unknown } | undefined)?.messageId;
    return job.receipt && typeof messageId === "string"
      ? [{ messageId, reference: job.receipt.platformRef, targets: job.targetKeys }]
      : [];
  });
  const replies = await readReplies(await whatsappReplies(store, platforms.clock.now()), { sent });
  let appended = 0;
  for (const { requestId, update } of replies.updates) {
    const request = await store.getRequest(requestId);
    if (!request) continue;
    const events = toRequestEvents(update, {
      current: requestState(request).status,
      by: { id: "email:whatsapp" },
    });
    if (events.length > 0) {
      await store.appendEvents(requestId, events);
      appended += events.length;
    }
  }
  console.log(
    `Read ${replies.updates.length} email replies from WhatsApp (${appended} events recorded, ${replies.review.length} left for a person).`,
  );
  // WhatsApp's public pages know nothing of emailed requests: the demo plays the platform and suspends
  // three in four of the numbers it said it actioned. Verification below finds the fourth still up.
  let emailed = 0;
  for await (const request of store.listRequests({ platform: "whatsapp" })) {
    if (requestState(request).outcome !== "actioned") continue;
    for (const { target } of request.targets) {
      const url = canonicalUrl(target);
      if (url && emailed++ % 4 !== 3) platforms.sandbox.setPage("whatsapp", url, "suspended");
    }
  }
  platforms.advance(11 * 24 * 3_600_000);
  const secondSync = await dispatcher.sync();
  console.log(`After 11 more days: polled ${secondSync.polled}, recorded ${secondSync.appended} new events.`);

  // 5b. The agency follows up on X: answers a question, escalates a decline, re-refers another.
  await followUpWalkthrough({ store, dispatcher, platforms });

  const stored = new Map<string, ReferralRequest>();
  for await (const request of store.listRequests()) stored.set(request.id, request);
  printTable(
    "Pasted-link requests (state folded from the stored event history)",
    ["request", "kind", "targets", "relies on", "approved by", "receipt", "state"],
    pastedRequests.map(({ id }) => {
      const request = stored.get(id)!;
      const state = requestState(request);
      const submitted = request.events.find((event) => event.type === "submitted");
      return [
        id,
        request.kind,
        String(request.targets.length),
        request.designations.map((ref) => `${ref.groupId}/${ref.authority}`).join(" "),
        state.approvers.map((approver) => approver.id).join(", "),
        (submitted?.type === "submitted" ? submitted.platformRef : undefined) ?? "-",
        state.status === "approved" ? "approved (not sent: see below)" : state.status,
      ];
    }),
  );
  for (const job of await store.listJobs({ state: "failed" })) {
    console.log(
      `  not sent: ${job.requestId}: ${job.lastError?.code ?? "error"}: ${job.lastError?.message ?? ""}`,
    );
  }

  // 6. Verification: we look at the public pages ourselves; nothing is collected but availability.
  // The default pace (one page a second per host) is for real platforms; the sandbox is on this machine.
  const probe = createHttpProbe({
    baseUrls: platforms.publicUrls,
    now: platforms.clock.now,
    rateLimit: { requests: 200, perMs: 1_000 },
  });
  const checking = step("Checking public pages");
  const verifications = await verifyTargets(stored.values(), {
    probe,
    now: platforms.clock.now,
    onRecord: () => checking.tick(),
  });
  checking.done();
  const observed = new Map<string, number>();
  for (const record of verifications) observed.set(record.type, (observed.get(record.type) ?? 0) + 1);
  console.log(
    `\nChecked ${verifications.length} targets of actioned requests: ${[...observed].map(([status, n]) => `${n} ${status}`).join(", ")}.`,
  );

  // The figures are computed now, from the events recorded so far, so the disclosure walkthrough's
  // simulated weeks do not move their "as of".
  const asOf = platforms.clock.now();
  const result = computeCompliance(stored.values(), { by: ["platform"], asOf, verifications });

  // 7. Data disclosure and preservation, end to end (docs/disclosure.md).
  const facebook = platforms.adapters.find((adapter) => adapter.platform === "facebook");
  if (!facebook) throw new Error("the demo has no Facebook adapter");
  const facebookMock = platforms.sandbox.platforms.facebook.mock;
  console.log("\nData disclosure and preservation (Facebook's modelled API)");
  const walkthrough = await disclosureWalkthrough({
    adapter: facebook,
    mock: facebookMock,
    now: () => facebookMock.now(),
    directory: join(storeDir, "productions"),
  });
  for (const line of walkthrough) console.log(line);

  // 8. What each platform did, then the compliance table (computed from the recorded events, never
  // stored), with the verified rate beside it: the demo ends on it.
  printOutcomeBreakdown(
    "What each platform did, target by target (from the platforms' per-target outcomes)",
    result.rows,
    result.total,
  );
  console.log(`\n${formatComplianceTable(result, { source: "the demo's store", definitions: false })}`);
  console.log(
    "Response rates come from the sandbox's illustrative scenarios and invented replies, not from real platforms.",
  );
} finally {
  await store.close();
  await platforms.close();
  rmSync(storeDir, { recursive: true, force: true });
}

/**
 * WhatsApp's answers to the emails, as its trust-and-safety team would write them: invented for the demo
 * (about a third actioned, a third declined, the rest unanswered), each citing the reference token and
 * saying in words what was done (banned, or suspended until a date) or why not (end-to-end encryption,
 * no violation, legal process required), which the reply reader turns into per-target outcomes.
 */
async function whatsappReplies(source: typeof store, now: number): Promise<string[]> {
  const replies: string[] = [];
  let n = 0;
  for await (const request of source.listRequests({ platform: "whatsapp" })) {
    const submitted = request.events.find((event) => event.type === "submitted");
    if (submitted?.type !== "submitted" || !submitted.platformRef) continue;
    n += 1;
    if (n % 3 === 2) continue;
    const until = new Date(now + 30 * 86_400_000).toISOString().slice(0, 10);
    const answers = [
      "RK-STATUS: actioned\r\n\r\nThe account has been permanently banned worldwide for violating our Terms of Service.",
      `RK-STATUS: actioned\r\n\r\nThe account has been temporarily suspended worldwide until ${until} under our Terms of Service.`,
      "RK-STATUS: rejected no violation of our terms found",
      "RK-STATUS: rejected\r\n\r\nWe cannot review these messages: they are end-to-end encrypted.",
      "RK-STATUS: rejected\r\n\r\nWe need valid legal process, such as a court order, to act on this request.",
    ];
    const status = n % 3 === 0 ? answers[(n / 3) % 2]! : answers[2 + (Math.floor(n / 3) % 3)]!;
    replies.push(
      [
        "From: WhatsApp Law Enforcement Response <government-requests@whatsapp.example>",
        "To: referrals@ctu.example",
        `Subject: Re: [${submitted.platformRef}] referral`,
        `Date: ${new Date(now - 3_600_000).toUTCString()}`,
        `Message-ID: <reply-${n}@whatsapp.example>`,
        "",
        `RK-STATUS: ${status}`,
        "",
      ].join("\r\n"),
    );
  }
  return replies;
}
