/**
 * Transparency report example, on clearly fictional data:
 *
 * 1. build a small set of requests to three platforms (suspensions and removals), each with legal basis,
 *    designation, evidence (by hash) and an approver, and what the platforms did with them;
 * 2. record two challenges through the redress workflow: one by an account holder (upheld), one by a
 *    platform's own review (reinstated);
 * 3. print the transparency report for the first half of 2025 as Markdown, and one Lumen-style notice;
 * 4. write the CSV and JSON forms into a temporary directory (and remove it), never anywhere else.
 *
 * Every account name below is invented for this example.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTarget, ReferralRequest, type RequestEvent, type RequestKind, targetKey } from "referral-kit";
import { createRegistry, knownGroups } from "referral-kit/registry";
import {
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyMarkdown,
  recordChallenge,
  recordChallengeOutcome,
  toLumenNotice,
} from "referral-kit/transparency";

const registry = createRegistry(knownGroups);
const analyst = { id: "analyst-07", name: "Analyst (fictional)" };
const supervisor = { id: "supervisor-02", name: "Supervisor (fictional)" };

function evidenceFor(input: string) {
  return {
    url: `https://evidence.example.org/captures/${encodeURIComponent(input)}`,
    capturedAt: "2025-01-02T08:00:00Z",
    // The example hashes the link; a real tool hashes the captured file.
    contentHash: `sha256:${createHash("sha256").update(input).digest("hex")}`,
    note: "capture held in the unit's evidence store",
  };
}

function referral(
  id: string,
  platform: string,
  kind: RequestKind,
  links: string[],
  groupId: string,
  after: RequestEvent[],
): ReferralRequest {
  const [designation] = registry.designations(groupId);
  return ReferralRequest.parse({
    id,
    kind,
    platform,
    targets: links.map((link) => ({ target: parseTarget(link), evidence: [evidenceFor(link)] })),
    legalBasis: {
      instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
      section: "s. 37",
      jurisdiction: "PK",
    },
    designations: [
      {
        groupId,
        authority: designation?.authority ?? "pk-ata-first-schedule",
        reference: designation?.reference ?? undefined,
      },
    ],
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK" },
    deadline: "2025-12-31T00:00:00Z",
    events: [
      { type: "drafted", at: "2025-01-02T09:00:00Z", by: analyst },
      { type: "approved", at: "2025-01-02T10:00:00Z", by: supervisor },
      ...after,
    ],
  });
}

const telegramPosts = [
  "t.me/fictional_ttp_channel/101",
  "t.me/fictional_ttp_channel/102",
  "t.me/fictional_ttp_channel/103",
];
const partlyRemoved = telegramPosts.slice(0, 2).map((link) => targetKey(parseTarget(link)));

let requests: ReferralRequest[] = [
  referral("ex-x-1", "x", "suspend", ["x.com/fict_ttp_voice", "x.com/fict_ttp_media"], "ttp", [
    { type: "submitted", at: "2025-01-10T09:00:00Z", channel: "x" },
    { type: "actioned", at: "2025-01-11T15:00:00Z" },
  ]),
  referral("ex-x-2", "x", "suspend", ["x.com/fict_bla_news"], "bla", [
    { type: "submitted", at: "2025-02-03T09:00:00Z", channel: "x" },
    { type: "rejected", at: "2025-02-06T09:00:00Z", reason: "no violation of the platform's rules found" },
  ]),
  referral("ex-tg-1", "telegram", "remove-content", telegramPosts, "ttp", [
    { type: "submitted", at: "2025-03-01T09:00:00Z", channel: "email" },
    { type: "acknowledged", at: "2025-03-01T11:00:00Z" },
    { type: "partially-actioned", at: "2025-03-02T09:00:00Z", targets: partlyRemoved },
  ]),
  referral(
    "ex-tt-1",
    "tiktok",
    "remove-content",
    ["tiktok.com/@fict.majeed.clips/video/7300000000000000001"],
    "majeed-brigade",
    [
      { type: "submitted", at: "2025-04-14T09:00:00Z", channel: "tiktok" },
      { type: "actioned", at: "2025-04-14T20:00:00Z" },
    ],
  ),
  referral("ex-wa-1", "whatsapp", "suspend", ["wa.me/923000000001"], "blf", [
    { type: "submitted", at: "2025-05-20T09:00:00Z", channel: "portal" },
  ]),
];

// The redress workflow: each call returns a new request with the event appended.
requests = requests.map((request) => {
  if (request.id === "ex-x-1") {
    const challenged = recordChallenge(request, { appellant: "account-holder", at: "2025-01-15T09:00:00Z" });
    return recordChallengeOutcome(challenged, { outcome: "upheld", at: "2025-01-22T09:00:00Z" });
  }
  if (request.id === "ex-tg-1") {
    const challenged = recordChallenge(request, { appellant: "platform", at: "2025-03-10T09:00:00Z" });
    return recordChallengeOutcome(challenged, { outcome: "reinstated", at: "2025-03-12T09:00:00Z" });
  }
  return request;
});

const report = computeTransparencyReport(requests, {
  period: { from: "2025-01-01T00:00:00Z", to: "2025-07-01T00:00:00Z" },
  registry,
});

console.log(
  formatTransparencyMarkdown(report, {
    title: "Referrals to platforms, January to June 2025",
    note: "Fictional data",
  }),
);
console.log("## One Lumen-style notice (handles and phone numbers redacted by default)\n");
console.log(
  JSON.stringify(toLumenNotice(requests.find((request) => request.id === "ex-tg-1")!, { registry }), null, 2),
);

// The other forms, written where nothing outlives the run.
const directory = mkdtempSync(join(tmpdir(), "referral-kit-transparency-"));
try {
  writeFileSync(join(directory, "transparency.csv"), formatTransparencyCsv(report));
  writeFileSync(join(directory, "transparency.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nCSV and JSON written to a temporary directory (${report.rows.length} rows), then removed.`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
