/**
 * The referral-kit demo: the main job end to end on clearly fictional data.
 *
 * 1. resolve the five built-in groups from the spellings people actually use;
 * 2. parse a dozen pasted links across the six platforms into canonical targets (one bad input shows its error);
 * 3. draft, approve and submit one request per platform, with legal basis, designation, evidence and approver;
 * 4. print every request's state, folded from its event history.
 *
 * Every account name below is invented for this demo.
 */
import { createHash } from "node:crypto";
import {
  computeDeadline,
  createRegistry,
  knownGroups,
  type ReferralRequest,
  type RequestEvent,
  type RequestKind,
  RequestSchema,
  requestState,
  safeParseTarget,
  type Target,
  targetKey,
  targetPlatform,
} from "referral-kit";
import { printTable } from "./print.js";

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

// 3. One request per platform: drafted by an analyst, approved by a supervisor, submitted.
const analyst = { id: "analyst-07", name: "Analyst (fictional)" };
const supervisor = { id: "supervisor-02", name: "Supervisor (fictional)" };
const authority = { name: "Fictional Counter-Terrorism Unit", country: "PK" };
const legalBasis = {
  instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
  section: "s. 37",
  jurisdiction: "PK",
};
const draftedAt = Date.parse("2025-06-02T08:00:00Z");
const at = (minutes: number) => new Date(draftedAt + minutes * 60_000).toISOString();

function evidenceFor(key: string) {
  return {
    url: `https://evidence.example.org/captures/${encodeURIComponent(key)}`,
    capturedAt: at(-60),
    // The demo hashes the key; a real tool hashes the captured file.
    contentHash: `sha256:${createHash("sha256").update(key).digest("hex")}`,
    note: "capture held in the unit's evidence store",
  };
}

// Accounts are asked to be suspended, content to be removed: one request per platform and kind.
const batches = new Map<
  string,
  { platform: string; kind: RequestKind; entries: { target: Target; group: string }[] }
>();
for (const entry of parsed) {
  const platform = targetPlatform(entry.target);
  const kind: RequestKind = entry.target.type === "content" ? "remove-content" : "suspend";
  const batch = batches.get(`${platform}/${kind}`) ?? { platform, kind, entries: [] };
  batch.entries.push(entry);
  batches.set(`${platform}/${kind}`, batch);
}

const requests: ReferralRequest[] = [...batches.values()].map(({ platform, kind, entries }, index) => {
  const priority = index === 0 ? "emergency" : "standard";
  const groups = [...new Set(entries.map((entry) => entry.group))];
  const events: RequestEvent[] = [
    { type: "drafted", at: at(0), by: analyst },
    { type: "approved", at: at(20), by: supervisor },
    { type: "submitted", at: at(30), channel: platform },
  ];
  return RequestSchema.parse({
    id: `demo-${platform}-${kind}`,
    kind,
    platform,
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
    deadline: computeDeadline({ kind, priority }, at(30)),
    events,
  });
});

printTable(
  "Requests (folded from their event histories)",
  ["request", "platform", "kind", "priority", "targets", "relies on", "approved by", "state", "deadline"],
  requests.map((request) => {
    const state = requestState(request);
    return [
      request.id,
      request.platform,
      request.kind,
      request.priority,
      String(request.targets.length),
      request.designations.map((ref) => `${ref.groupId}/${ref.authority}`).join(" "),
      state.approvers.map((approver) => approver.id).join(", "),
      state.status,
      request.deadline,
    ];
  }),
);
console.log(
  `\n${requests.length} requests submitted. Adapters to the six platform mocks plug in here (referral-kit/adapter).`,
);
