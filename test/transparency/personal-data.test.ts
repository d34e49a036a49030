import type { ReferralRequest } from "referral-kit";
import {
  buildRemovalOrder,
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyJson,
  formatTransparencyMarkdown,
  type RemovalOrderOptions,
  recordChallenge,
  renderRemovalOrderHtml,
  renderRemovalOrderMarkdown,
  toLumenNotice,
} from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { evidenceHashes } from "../../src/transparency/evidence.js";
import { fixture, MARKERS, PERIOD, PHONE } from "./fixtures.js";

const PRIVATE = [
  MARKERS.evidenceUrl,
  MARKERS.evidenceNote,
  MARKERS.requestNote,
  MARKERS.eventNote,
  MARKERS.actorName,
  MARKERS.actorId,
  MARKERS.capturedBy,
  "evidence.internal.example",
];

const orderOptions: RemovalOrderOptions = {
  issuingMemberState: "Examplia (fictional)",
  addressee: {
    name: "Example Hosting Ltd",
    contactPoint: "tco@hosting.example",
    mainEstablishment: "Examplia",
  },
  grounds: ["participation"],
  authority: { type: "law-enforcement" },
  redress: { body: "Administrative Court of Examplia", deadline: "2 months" },
};

// One instance: the fixture mints fresh evidence hashes on every call.
const REQUESTS = fixture();
function requests(): ReferralRequest[] {
  return REQUESTS;
}

function submittedRequests(): ReferralRequest[] {
  return requests().filter((input) => !["r7", "r8"].includes(input.id));
}

function allHashes(): Set<string> {
  return new Set(requests().flatMap((input) => evidenceHashes(input)));
}

function expectOnlyKnownHashes(text: string) {
  const known = allHashes();
  for (const found of text.match(/sha256:[0-9a-f]{64}/g) ?? []) expect(known.has(found)).toBe(true);
  expect(text).not.toMatch(/sha256:(?![0-9a-f]{64})/);
}

describe("personal data minimisation", () => {
  const report = computeTransparencyReport(requests(), { period: PERIOD });
  const publicExports: Record<string, string> = {
    json: formatTransparencyJson(report),
    csv: formatTransparencyCsv(report),
    markdown: formatTransparencyMarkdown(report),
    notices: submittedRequests()
      .map((input) => JSON.stringify(toLumenNotice(input)))
      .join("\n"),
  };

  it.each(Object.keys(publicExports))(
    "the %s export carries no private field, handle or phone number",
    (name) => {
      const text = publicExports[name]!;
      for (const marker of [...PRIVATE, MARKERS.contact]) expect(text).not.toContain(marker);
      expect(text).not.toContain(PHONE.slice(1));
      expect(text).not.toContain("fict_handle");
      expect(text).not.toContain("fictional_channel");
      expectOnlyKnownHashes(text);
    },
  );

  it("notices carry evidence only as hashes, and never evidence URLs even with identifiers shown", () => {
    for (const input of submittedRequests()) {
      const text = JSON.stringify(toLumenNotice(input, { redactHandles: false, redactPhoneNumbers: false }));
      for (const marker of [...PRIVATE, MARKERS.contact]) expect(text).not.toContain(marker);
      for (const digest of evidenceHashes(input)) expect(text).toContain(digest);
      expectOnlyKnownHashes(text);
    }
  });

  it("a challenge's note and recorder never reach an export", () => {
    const r1 = requests().find((input) => input.id === "r1")!;
    const challenged = recordChallenge(r1, {
      appellant: "account-holder",
      at: "2025-02-01T00:00:00Z",
      by: { id: "marker-actor-id", name: MARKERS.actorName },
      note: `${MARKERS.eventNote} appellant's own words`,
    });
    const again = computeTransparencyReport([challenged], { period: PERIOD });
    const text = [
      formatTransparencyJson(again),
      formatTransparencyCsv(again),
      formatTransparencyMarkdown(again),
      JSON.stringify(toLumenNotice(challenged)),
    ].join("\n");
    for (const marker of PRIVATE) expect(text).not.toContain(marker);
    expect(again.total.challenges).toBe(2);
  });

  it("removal orders carry exact URLs for the provider but no private field", () => {
    for (const input of requests().filter((candidate) => candidate.kind === "remove-content")) {
      const order = buildRemovalOrder(input, orderOptions);
      for (const text of [
        JSON.stringify(order),
        renderRemovalOrderMarkdown(order),
        renderRemovalOrderHtml(order),
      ]) {
        for (const marker of PRIVATE) expect(text).not.toContain(marker);
        expectOnlyKnownHashes(text);
      }
    }
  });
});
