/**
 * Disclosure and preservation on the Graph wire (Facebook, Instagram): the create body carries the data
 * request and the preservation, the mock decides with a production, no records or an end date, and the
 * status update becomes the kind's own events with the production receipt.
 */
import { createHash } from "node:crypto";
import { setupServer } from "msw/node";
import { ReferralRequest, type RequestContent } from "referral-kit";
import { toRequestEvents } from "referral-kit/adapter";
import { createFacebookAdapter } from "referral-kit/adapters/facebook";
import { createInstagramAdapter } from "referral-kit/adapters/instagram";
import { computeDisclosureFigures, formatDisclosureTable } from "referral-kit/compliance";
import {
  conformanceRequest,
  createPlatformMock,
  defaultTarget,
  MOCK_CREDENTIALS,
  mockProductionFile,
} from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const target = defaultTarget("facebook");
const mock = createPlatformMock("facebook", { noRecords: ["facebook:rk.conf.9"] });
beforeAll(() => server.use(...mock.handlers));
afterEach(() => mock.reset());

const adapter = createFacebookAdapter({
  baseUrl: mock.baseUrl,
  ...MOCK_CREDENTIALS.facebook,
  retry: { baseDelayMs: 5, maxDelayMs: 10 },
});
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** An emergency disclosure of subscriber and non-content data, confidential, about `rk.conf.<n>`. */
function emergencyDisclosure(n = 1): RequestContent {
  const base = conformanceRequest({
    platform: "facebook",
    kind: "disclose-data",
    targets: [target(n, "account")],
  });
  return {
    ...base,
    priority: "emergency",
    disclosure: {
      instrument: "emergency-disclosure",
      instrumentReference: "EDR-2026-04",
      dataCategories: ["subscriber", "traffic-or-non-content"],
      accounts: [`facebook:rk.conf.${n}`],
      period: { from: "2026-01-01T00:00:00Z", to: "2026-01-05T00:00:00Z" },
      statementOfReasons: "The account announced an attack on a named school for tomorrow morning.",
      confidentiality: { doNotNotify: true, reason: "telling the user would warn the attackers" },
      emergency: {
        harm: "death",
        justification: "A dated threat against a named school; a court order cannot be had before it.",
      },
    },
  };
}

const submitted = async (request: RequestContent) => {
  const receipt = await adapter.submit(
    { request, targets: request.targets },
    { idempotencyKey: `${request.id}:0` },
  );
  return { request, receipt, body: mock.records.find((r) => r.operation === "submit")?.body };
};

describe("Graph disclosure and preservation", () => {
  it("sends every disclosure field as data_request and records the production with its hashes", async () => {
    const { receipt, body } = await submitted(emergencyDisclosure());
    expect(body).toMatchObject({
      request_type: "DATA_DISCLOSURE",
      priority: "EMERGENCY",
      data_request: {
        instrument: "EMERGENCY_DISCLOSURE",
        instrument_reference: "EDR-2026-04",
        data_categories: ["BASIC_SUBSCRIBER", "NON_CONTENT"],
        accounts: ["facebook:rk.conf.1"],
        date_range: { since: "2026-01-01T00:00:00Z", until: "2026-01-05T00:00:00Z" },
        statement_of_reasons: expect.stringContaining("named school"),
        non_disclosure: { reason: "telling the user would warn the attackers" },
        emergency: { harm: "DEATH", justification: expect.stringContaining("court order") },
      },
    });
    expect(body).not.toHaveProperty("preservation");

    const pending = await adapter.getStatus({ platformRef: receipt.platformRef });
    expect(pending.disclosure).toBeUndefined();
    mock.force(receipt.platformRef, "ACTION_TAKEN");
    const update = await adapter.getStatus({ platformRef: receipt.platformRef });
    const subscriber = mockProductionFile(receipt.platformRef, "BASIC_SUBSCRIBER", [
      "facebook:rk.conf.1",
    ]).bytes;
    expect(update.disclosure).toEqual({
      answer: "produced",
      productionRef: `PRD-${receipt.platformRef}`,
      files: [
        {
          name: `${receipt.platformRef}-basic_subscriber.json`,
          sha256: sha(subscriber),
          size: subscriber.byteLength,
          mediaType: "application/json",
        },
        expect.objectContaining({ name: `${receipt.platformRef}-non_content.json` }),
      ],
    });
    const [event] = toRequestEvents(update, {
      kind: "disclose-data",
      current: "acknowledged",
      by: { id: "adapter:facebook" },
      channel: "facebook-api",
    });
    expect(event).toMatchObject({
      type: "produced",
      receipt: {
        channel: "facebook-api",
        platformRef: `PRD-${receipt.platformRef}`,
        hashesFrom: "platform",
        files: [{ sha256: sha(subscriber) }, { name: `${receipt.platformRef}-non_content.json` }],
      },
    });
  });

  it("reads NO_RECORDS as no data, and a refusal asking for legal process as a rejection with its reason", async () => {
    const none = await submitted(
      conformanceRequest({ platform: "facebook", kind: "disclose-data", targets: [target(9, "account")] }),
    );
    mock.force(none.receipt.platformRef, "ACTION_TAKEN");
    const update = await adapter.getStatus({ platformRef: none.receipt.platformRef });
    expect(update.disclosure).toEqual({ answer: "no-data" });
    expect(toRequestEvents(update, { kind: "disclose-data", current: "acknowledged" })).toMatchObject([
      { type: "no-data", platformRef: none.receipt.platformRef },
    ]);

    const refused = await submitted(
      conformanceRequest({
        platform: "facebook",
        kind: "disclose-data",
        targets: [target(2, "account")],
        id: "c-2",
      }),
    );
    const words = "Legal process required: send a court order through the records portal.";
    mock.force(refused.receipt.platformRef, "NO_ACTION", {
      reason: words,
      targets: [
        {
          key: "facebook:rk.conf.2",
          outcome: "rejected",
          reason: words,
          detail: { measure: "no-action", reasonCode: "legal-process-required" },
        },
      ],
    });
    const answer = await adapter.getStatus({ platformRef: refused.receipt.platformRef });
    expect(answer).toMatchObject({
      outcome: "rejected",
      reason: expect.stringMatching(/^Legal process required/),
    });
    expect(answer.disclosure).toBeUndefined();
    const events = toRequestEvents(answer, { kind: "disclose-data", current: "acknowledged" });
    // Graph's structured code, not only its words, becomes the refusal's reason in the domain's vocabulary.
    expect(events).toMatchObject([
      {
        type: "rejected",
        outcomes: [
          {
            target: "facebook:rk.conf.2",
            measure: "no-action",
            reasonCode: "legal-process-required",
            platformCode: "LEGAL_PROCESS_REQUIRED",
          },
        ],
      },
    ]);
    const history = ReferralRequest.parse({
      ...refused.request,
      events: [
        { type: "drafted", at: "2026-01-05T08:00:00Z", by: { id: "analyst-1" } },
        { type: "approved", at: "2026-01-05T08:30:00Z", by: { id: "supervisor-1" } },
        {
          type: "submitted",
          at: "2026-01-05T09:00:00Z",
          channel: "facebook",
          platformRef: refused.receipt.platformRef,
        },
        ...events.map((event) => ({ ...event, at: "2026-01-06T09:00:00Z" })),
      ],
    });
    const figures = computeDisclosureFigures([history], { asOf: "2026-02-01T00:00:00Z" });
    expect(figures.disclosureTotal).toMatchObject({
      rejected: 1,
      rejectedByReason: { "legal-process-required": 1 },
    });
    expect(formatDisclosureTable(figures)).toContain(
      "Rejected, by the platform's reason: legal-process-required 1",
    );
  });

  it("refuses a data request only for reasons a data request is refused for, never 'not violating'", async () => {
    const codes = new Set<string>();
    for (let n = 10; n < 40; n += 1) {
      const { receipt } = await submitted(
        conformanceRequest({
          platform: "facebook",
          kind: "disclose-data",
          targets: [target(n, "account")],
          id: `r-${n}`,
        }),
      );
      mock.force(receipt.platformRef, "NO_ACTION");
      const update = await adapter.getStatus({ platformRef: receipt.platformRef });
      for (const outcome of update.targets ?? []) codes.add(String(outcome.reasonCode));
    }
    expect(codes).toContain("legal-process-required");
    for (const code of codes) {
      expect([
        "legal-process-required",
        "insufficient-information",
        "outside-jurisdiction",
        "duplicate",
        "other",
      ]).toContain(code);
    }
  });

  it("sends the preservation rule's period and reads preserved_until back as the preservation's end", async () => {
    const request = conformanceRequest({
      platform: "facebook",
      kind: "preserve",
      targets: [target(3, "account")],
    });
    const { receipt, body } = await submitted({
      ...request,
      preservation: {
        rule: "us-sca-2703f",
        dataCategories: ["subscriber", "content"],
        intendedInstrument: "mlat",
      },
    });
    expect(body).toMatchObject({
      request_type: "PRESERVATION",
      preservation: {
        preserve_for: { days: 90 },
        basis: "United States: Stored Communications Act preservation letter",
        basis_url: expect.stringContaining("2703"),
        data_categories: ["BASIC_SUBSCRIBER", "CONTENT"],
        intended_instrument: "MLAT",
      },
    });
    expect(body).not.toHaveProperty("data_request");
    mock.force(receipt.platformRef, "ACTION_TAKEN");
    const update = await adapter.getStatus({ platformRef: receipt.platformRef });
    expect(update.disclosure?.answer).toBe("preserved");
    const until = update.disclosure?.answer === "preserved" ? update.disclosure.preservedUntil : undefined;
    expect(Date.parse(until!) - Date.parse(update.at)).toBe(90 * 86_400_000);
    expect(toRequestEvents(update, { kind: "preserve", current: "acknowledged" })).toMatchObject([
      { type: "preserved", preservedUntil: until },
    ]);
  });

  it("a disclosure without its details is refused by the platform before any node exists", async () => {
    const { disclosure: _, ...bare } = conformanceRequest({
      platform: "facebook",
      kind: "disclose-data",
      targets: [target(4, "account")],
    });
    const error = await adapter
      .submit({ request: bare, targets: bare.targets }, { idempotencyKey: "bare:0" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain("data_request is required for DATA_DISCLOSURE");
    expect(mock.createdReferences()).toHaveLength(0);
  });

  it("Instagram speaks the same wire", async () => {
    const igMock = createPlatformMock("instagram");
    server.use(...igMock.handlers);
    const ig = createInstagramAdapter({
      baseUrl: igMock.baseUrl,
      ...MOCK_CREDENTIALS.instagram,
    });
    const request = conformanceRequest({
      platform: "instagram",
      kind: "disclose-data",
      targets: [defaultTarget("instagram")(1, "account")],
    });
    const receipt = await ig.submit({ request, targets: request.targets }, { idempotencyKey: "ig:0" });
    expect(igMock.records.find((r) => r.operation === "submit")?.body).toMatchObject({
      data_request: { instrument: "DOMESTIC_ORDER", data_categories: ["BASIC_SUBSCRIBER"] },
    });
    igMock.force(receipt.platformRef, "ACTION_TAKEN");
    expect((await ig.getStatus({ platformRef: receipt.platformRef })).disclosure?.answer).toBe("produced");
  });
});
