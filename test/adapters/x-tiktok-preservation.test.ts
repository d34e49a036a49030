/**
 * Preservation on the X and TikTok wires: the request sends its rule's period, name and source with the
 * data and the intended instrument, and the status of a preservation carried out says until when the
 * data is kept, which the alarm then reads.
 */
import { setupServer } from "msw/node";
import { expiringPreservations, type ReferralRequest } from "referral-kit";
import { RejectedByPlatformError, type ReportingAdapter, toRequestEvents } from "referral-kit/adapter";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { createXAdapter } from "referral-kit/adapters/x";
import { createPlatformMock, MOCK_CREDENTIALS, type PlatformMock } from "referral-kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makePreservation } from "../support/disclosure.js";
import { approved, evidence, submitted, withEvents } from "../support/requests.js";

// The platforms' clocks start when the request was submitted (support/requests.ts).
const startTime = "2025-03-01T10:00:00Z";
const xMock = createPlatformMock("x", { startTime });
const tiktokMock = createPlatformMock("tiktok", { startTime });
const server = setupServer(...xMock.handlers, ...tiktokMock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
afterEach(() => {
  xMock.reset();
  tiktokMock.reset();
});

const DAY = 86_400_000;

interface Platform {
  name: "x" | "tiktok";
  mock: PlatformMock<string>;
  adapter: ReportingAdapter;
  username: string;
  decided: string;
  undecided: string;
  /** The body's `preservation` for the request below. */
  wire: Record<string, unknown>;
}

const platforms: Platform[] = [
  {
    name: "x",
    mock: xMock,
    adapter: createXAdapter({ baseUrl: xMock.baseUrl, ...MOCK_CREDENTIALS.x }),
    username: "fictional_media",
    decided: "actioned",
    undecided: "in_review",
    wire: {
      preserve_for: { days: 60 },
      basis: "EU e-Evidence: European Preservation Order",
      basis_url: "https://eur-lex.europa.eu/eli/reg/2023/1543/oj",
      data_categories: ["subscriber", "non_content"],
      intended_instrument: "european_production_order",
    },
  },
  {
    name: "tiktok",
    mock: tiktokMock,
    adapter: createTikTokAdapter({ baseUrl: tiktokMock.baseUrl, ...MOCK_CREDENTIALS.tiktok }),
    username: "fictional.media",
    decided: "COMPLETED",
    undecided: "UNDER_REVIEW",
    wire: {
      preserve_for: { days: 60 },
      basis: "EU e-Evidence: European Preservation Order",
      basis_url: "https://eur-lex.europa.eu/eli/reg/2023/1543/oj",
      data_categories: ["BASIC_SUBSCRIBER", "NON_CONTENT"],
      intended_instrument: "EUROPEAN_PRODUCTION_ORDER",
    },
  },
];

function preservation(platform: Platform, details: Partial<ReferralRequest> = {}): ReferralRequest {
  return withEvents(
    makePreservation("eu-e-evidence", {
      platform: platform.name,
      targets: [
        {
          target: {
            type: "account",
            account: { kind: "username", platform: platform.name, username: platform.username },
          },
          evidence: [evidence],
        },
      ],
      preservation: {
        rule: "eu-e-evidence",
        dataCategories: ["subscriber", "traffic-or-non-content"],
        intendedInstrument: "european-production-order",
      },
      ...details,
    }),
    approved,
    submitted,
  );
}

describe.each(platforms)("$name preservation", (platform) => {
  const submit = (request: ReferralRequest, key: string) =>
    platform.adapter.submit({ request, targets: request.targets }, { idempotencyKey: key });

  it("sends the rule's period, name and source, the data and the intended instrument", async () => {
    await submit(preservation(platform), `${platform.name}-pres:0`);
    const body = platform.mock.records.find((r) => r.operation === "submit")?.body;
    expect(body).toMatchObject({ preservation: platform.wire });
  });

  it("sends a standard preservation with no deadline without one on the wire, and the mock accepts it", async () => {
    const request = preservation(platform, { deadline: undefined });
    expect(request.deadline).toBeUndefined();
    await submit(request, `${platform.name}-no-deadline:0`);
    const body = platform.mock.records.find((r) => r.operation === "submit")?.body as Record<string, unknown>;
    expect(body).toMatchObject({ preservation: platform.wire });
    expect(Object.keys(body)).not.toContain(platform.name === "x" ? "respond_by" : "deadline");
  });

  it("reads until when the platform keeps the data, and the alarm sees it end", async () => {
    const request = preservation(platform);
    const receipt = await submit(request, `${platform.name}-until:0`);

    platform.mock.force(receipt.platformRef, platform.undecided);
    const reviewing = await platform.adapter.getStatus({ platformRef: receipt.platformRef });
    expect(reviewing.disclosure).toBeUndefined();

    platform.mock.force(receipt.platformRef, platform.decided);
    const update = await platform.adapter.getStatus({ platformRef: receipt.platformRef });
    expect(update.disclosure).toEqual({ answer: "preserved", preservedUntil: expect.any(String) });
    const until = update.disclosure?.answer === "preserved" ? update.disclosure.preservedUntil! : "";
    // The rule's 60 days, counted from the platform's decision.
    expect(Date.parse(until) - Date.parse(update.at)).toBe(60 * DAY);

    const events = toRequestEvents(update, { kind: "preserve", current: "submitted" });
    expect(events).toMatchObject([{ type: "preserved", preservedUntil: until }]);
    const preserved = withEvents(request, ...events);
    const [alarm] = expiringPreservations([preserved], {
      asOf: Date.parse(until) - 5 * DAY,
      withinDays: 7,
    });
    expect(alarm).toMatchObject({ requestId: request.id, preservedUntil: until, extendable: true });
    expect(alarm?.daysLeft).toBeCloseTo(5);
  });

  it("refuses a preservation without its rule, naming the missing field, and creates nothing", async () => {
    const error = await submit(
      preservation(platform, { preservation: undefined }),
      `${platform.name}-none:0`,
    ).catch((e: unknown) => e);
    expect(RejectedByPlatformError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/preservation/);
    expect(platform.mock.createdReferences()).toEqual([]);
  });
});
