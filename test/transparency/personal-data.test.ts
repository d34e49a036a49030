import { ReferralRequest } from "referral-kit";
import {
  buildRemovalOrder,
  computeTransparencyReport,
  formatTransparencyCsv,
  formatTransparencyMarkdown,
  NotPublishableError,
  recordChallenge,
  renderRemovalOrderHtml,
  renderRemovalOrderMarkdown,
  toLumenNotice,
} from "referral-kit/transparency";
import { describe, expect, it } from "vitest";
import { evidenceHashes } from "../../src/transparency/evidence.js";
import type { RemovalOrderOptions } from "../../src/transparency/removal-order.js";
import { fixture, MARKERS, PERIOD, PHONE, request, submitted } from "./fixtures.js";

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
    json: `${JSON.stringify(report, null, 2)}\n`,
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
      `${JSON.stringify(again, null, 2)}\n`,
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

describe("disclosure and preservation requests in public exports", () => {
  const DISCLOSURE_MARKERS = {
    reasons: "MARKER-STATEMENT-OF-REASONS",
    justification: "MARKER-JUSTIFICATION",
    confidentiality: "MARKER-CONFIDENTIALITY-REASON",
    file: "MARKER-PRODUCED-FILE",
    receiver: "marker-receiver",
    receiverName: "MARKER-RECEIVER-NAME",
    productionRef: "MARKER-PRODUCTION-REF",
    orderRef: "MARKER-ORDER-REF",
    extension: "MARKER-EXTENSION-REASON",
    productionOrder: "MARKER-PRODUCTION-ORDER",
  };
  const receipt = {
    receivedAt: "2025-02-03T10:00:00Z",
    receivedBy: { id: DISCLOSURE_MARKERS.receiver, name: DISCLOSURE_MARKERS.receiverName },
    channel: "portal-download",
    platformRef: DISCLOSURE_MARKERS.productionRef,
    hashesFrom: "platform" as const,
    files: [{ name: `${DISCLOSURE_MARKERS.file}-fict_handle_1.csv`, sha256: "a".repeat(64), size: 4 }],
  };
  const details = (confidential: { until?: string } | undefined) => ({
    instrument: "emergency-disclosure" as const,
    instrumentReference: DISCLOSURE_MARKERS.orderRef,
    dataCategories: ["subscriber" as const, "traffic-or-non-content" as const],
    accounts: ["x:fict_handle_1"],
    statementOfReasons: DISCLOSURE_MARKERS.reasons,
    confidentiality: confidential
      ? { doNotNotify: true, reason: DISCLOSURE_MARKERS.confidentiality, ...confidential }
      : { doNotNotify: false },
    emergency: { harm: "death" as const, justification: DISCLOSURE_MARKERS.justification },
  });
  const disclosure = (id: string, confidential?: { until?: string }) => {
    const base = request(id, {
      kind: "disclose-data",
      events: [submitted("2025-02-01T10:00:00Z"), { type: "produced", at: "2025-02-03T10:05:00Z", receipt }],
    });
    return ReferralRequest.parse({ ...base, priority: "emergency", disclosure: details(confidential) });
  };
  const preservation = ReferralRequest.parse({
    ...request("p1", { kind: "preserve", events: [] }),
    preservation: { rule: "eu-e-evidence" },
    events: [
      ...request("p1", { kind: "preserve" }).events,
      submitted("2025-03-01T10:00:00Z"),
      { type: "preserved", at: "2025-03-01T12:00:00Z", platformRef: "PR-1" },
      {
        type: "preservation-extended",
        at: "2025-04-20T10:00:00Z",
        preservedUntil: "2025-05-30T10:00:00Z",
        reason: DISCLOSURE_MARKERS.extension,
      },
      {
        type: "production-requested",
        at: "2025-05-01T10:00:00Z",
        reference: DISCLOSURE_MARKERS.productionOrder,
      },
    ],
  });
  const open = disclosure("d1");
  const PRIVATE_NEW = [...PRIVATE, ...Object.values(DISCLOSURE_MARKERS), "fict_handle"];

  it("counts them in the report by instrument and rule, and no export carries their private fields", () => {
    const report = computeTransparencyReport([open, disclosure("d2", {}), preservation], { period: PERIOD });
    expect(report.total.instruments).toEqual([
      { instrument: "emergency-disclosure", requests: 2, dataProduced: 2, noData: 0 },
    ]);
    expect(report.total.preservationRules).toEqual([
      { rule: "eu-e-evidence", requests: 1, preserved: 1, lapsedBeforeProductionRequest: 0 },
    ]);
    const texts = [
      `${JSON.stringify(report, null, 2)}\n`,
      formatTransparencyCsv(report),
      formatTransparencyMarkdown(report),
      JSON.stringify(toLumenNotice(open, { redactHandles: false, redactPhoneNumbers: false })),
      JSON.stringify(toLumenNotice(preservation, { redactHandles: false })),
    ];
    for (const text of texts) for (const marker of PRIVATE_NEW) expect(text).not.toContain(marker);
  });

  it("notices say the instrument, the data sought and the answer, never whose data", () => {
    const { notice } = toLumenNotice(open, { redactHandles: false });
    expect(notice.action_taken).toBe("Yes");
    expect(notice.works_attributes).toEqual([
      { description: "X (formerly Twitter) account (identifier redacted)", infringing_urls_attributes: [] },
    ]);
    expect(notice.body).toContain("Instrument: an emergency disclosure request (risk to life).");
    expect(notice.body).toContain("Data sought: subscriber data, traffic or other non-content data.");
    expect(notice.body).toContain("Answer: data produced.");
    const kept = toLumenNotice(preservation, { asOf: "2025-06-01T00:00:00Z" }).notice;
    expect(kept.request_type).toBe("Records Preservation");
    expect(kept.body).toContain("Preservation rule: EU e-Evidence: European Preservation Order");
    expect(kept.body).toContain(
      "Preserved from 2025-03-01T12:00:00Z until 2025-05-30T10:00:00Z; production requested on 2025-05-01T10:00:00Z.",
    );
  });

  it("publishes no notice of a disclosure kept from the account holder while that lasts", () => {
    const forever = disclosure("d2", {});
    const error = (() => {
      try {
        toLumenNotice(forever);
      } catch (caught) {
        return caught;
      }
    })();
    expect(NotPublishableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "confidential_request",
      reason: "confidential",
      requestId: "d2",
      until: undefined,
    });
    const until = disclosure("d3", { until: "2025-06-01T00:00:00Z" });
    expect(() => toLumenNotice(until, { asOf: "2025-05-01T00:00:00Z" })).toThrow(/confidential until/);
    expect(toLumenNotice(until, { asOf: "2025-06-02T00:00:00Z" }).notice.action_taken).toBe("Yes");
  });
});
