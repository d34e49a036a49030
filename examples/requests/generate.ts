/**
 * Writes examples/requests/requests.jsonl: approved requests built from links an analyst pasted, one JSON
 * object per line, the file `referral-kit dispatch` reads. Every account and link is invented; the
 * evidence hashes stand for captures held in the unit's evidence store.
 *
 * Run with `npx tsx examples/requests/generate.ts` after changing the links or the request fields.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  computeDeadline,
  parseTarget,
  ReferralRequest,
  type Target,
  targetKey,
  targetPlatform,
} from "referral-kit";

/** What an analyst pasted, with the group each account is linked to. */
const PASTED: { link: string; group: "ttp" | "bla" | "iskp"; reference: string }[] = [
  { link: "https://x.com/fict_ttp_media", group: "ttp", reference: "QDe.132" },
  { link: "https://twitter.com/Fict_ISKP_EN", group: "iskp", reference: "QDe.161" },
  { link: "@fict_bla_news", group: "bla", reference: "BLA" },
  { link: "https://x.com/fict_ttp_media/status/1800000000000000001", group: "ttp", reference: "QDe.132" },
  { link: "https://t.me/fictional_ttp_channel", group: "ttp", reference: "QDe.132" },
  { link: "https://t.me/s/fict_iskp_relay", group: "iskp", reference: "QDe.161" },
  { link: "t.me/fict_bla_updates", group: "bla", reference: "BLA" },
  { link: "https://t.me/fictional_ttp_channel/812", group: "ttp", reference: "QDe.132" },
];

const DRAFTED = "2026-01-02T09:00:00Z";
const APPROVED = "2026-01-02T11:00:00Z";
/** When the unit plans to send them: the deadlines run from then. */
const PLANNED = "2026-01-05T09:00:00Z";

function request(index: number, target: Target, entry: (typeof PASTED)[number]) {
  const kind = target.type === "content" ? "remove-content" : "suspend";
  return ReferralRequest.parse({
    id: `sample-${String(index + 1).padStart(2, "0")}`,
    kind,
    platform: targetPlatform(target),
    priority: "standard",
    targets: [
      {
        target,
        evidence: [
          {
            url: `https://evidence.example.org/captures/${encodeURIComponent(targetKey(target))}`,
            capturedAt: "2026-01-01T16:00:00Z",
            contentHash: `sha256:${createHash("sha256").update(targetKey(target)).digest("hex")}`,
          },
        ],
      },
    ],
    legalBasis: {
      instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
      section: "s. 37",
      jurisdiction: "PK",
    },
    designations: [
      entry.group === "bla"
        ? { groupId: "bla", authority: "us-fto", reference: entry.reference }
        : { groupId: entry.group, authority: "un-1267", reference: entry.reference },
    ],
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK" },
    deadline: computeDeadline({ kind, priority: "standard" }, PLANNED),
    events: [
      { type: "drafted", at: DRAFTED, by: { id: "analyst-07" } },
      { type: "approved", at: APPROVED, by: { id: "supervisor-02" } },
    ],
  });
}

const lines = PASTED.map((entry, index) =>
  JSON.stringify(
    request(
      index,
      parseTarget(entry.link, entry.link.startsWith("@") ? { platform: "x" } : undefined),
      entry,
    ),
  ),
);
writeFileSync(fileURLToPath(new URL("./requests.jsonl", import.meta.url)), `${lines.join("\n")}\n`);
