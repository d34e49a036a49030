import { RequestEvent } from "referral-kit";
import { ProtocolError, type StatusUpdate, toRequestEvents } from "referral-kit/adapter";
import { describe, expect, it } from "vitest";

const at = "2026-01-03T10:00:00Z";
const base = { platformRef: "rpt-1", at } as const;

describe("toRequestEvents", () => {
  it("withdrawn becomes a withdrawn event with the platform's reason, and nothing new once withdrawn", () => {
    const update: StatusUpdate = {
      ...base,
      outcome: "withdrawn",
      platformState: "WITHDRAWN",
      reason: "withdrawn by the agency: order set aside",
    };
    const events = toRequestEvents(update);
    expect(events).toEqual([
      {
        type: "withdrawn",
        at,
        reason: "withdrawn by the agency: order set aside",
        note: 'platform state "WITHDRAWN"',
      },
    ]);
    expect(RequestEvent.safeParse(events[0]).success).toBe(true);
    expect(toRequestEvents(update, { current: "withdrawn" })).toEqual([]);
  });

  it("pending produces no event", () => {
    expect(toRequestEvents({ ...base, outcome: "pending", platformState: "QUEUED" })).toEqual([]);
  });

  it("acknowledged keeps the platform reference and names the platform state", () => {
    expect(
      toRequestEvents(
        { ...base, outcome: "acknowledged", platformState: "IN_REVIEW" },
        { by: { id: "adapter-x" } },
      ),
    ).toEqual([
      {
        type: "acknowledged",
        at,
        by: { id: "adapter-x" },
        platformRef: "rpt-1",
        note: 'platform state "IN_REVIEW"',
      },
    ]);
  });

  it("needs-information becomes information-requested with the platform's question", () => {
    const update = {
      ...base,
      outcome: "needs-information" as const,
      reason: "Provide the court order number",
      platformState: "AWAITING_INFO",
    };
    const [event] = toRequestEvents(update);
    expect(event).toMatchObject({
      type: "information-requested",
      platformRef: "rpt-1",
      question: "Provide the court order number",
    });
    // Not news again while the question is open, nor once answered (the platform may lag).
    expect(toRequestEvents(update, { current: "information-requested" })).toEqual([]);
    expect(toRequestEvents(update, { current: "information-supplied" })).toEqual([]);
    expect(toRequestEvents(update, { current: "acknowledged" })).toHaveLength(1);
  });

  it("turns per-target detail into outcomes, keeping the platform's code and words", () => {
    const [event] = toRequestEvents({
      ...base,
      outcome: "partially-actioned",
      platformState: "PARTIAL",
      targets: [
        {
          key: "x:a",
          outcome: "actioned",
          measure: "content-disabled",
          scope: ["PK"],
          ground: "local-law",
          platformCode: "WITHHELD",
        },
        {
          key: "x:b",
          outcome: "rejected",
          reason: "Send a court order",
          reasonCode: "legal-process-required",
        },
        { key: "x:c", outcome: "rejected", reason: "Policy 47", measure: "no-action" },
        { key: "x:d", outcome: "rejected", reason: "no detail" },
      ],
    });
    expect(event).toMatchObject({
      type: "partially-actioned",
      targets: ["x:a"],
      outcomes: [
        {
          target: "x:a",
          measure: "content-disabled",
          scope: ["PK"],
          ground: "local-law",
          platformCode: "WITHHELD",
        },
        {
          target: "x:b",
          measure: "no-action",
          reasonCode: "legal-process-required",
          platformText: "Send a court order",
        },
        { target: "x:c", measure: "no-action", reasonCode: "other", platformText: "Policy 47" },
      ],
    });
  });

  it("refuses per-target detail the domain refuses, as a ProtocolError", () => {
    expect(() =>
      toRequestEvents({
        ...base,
        outcome: "actioned",
        platformState: "DONE",
        targets: [{ key: "x:a", outcome: "actioned", measure: "content-disabled", scope: ["XK"] }],
      }),
    ).toThrow(/does not make a valid "actioned" event/);
  });

  it("actioned lists the actioned targets when the platform gave per-target outcomes", () => {
    expect(
      toRequestEvents({
        ...base,
        outcome: "actioned",
        platformState: "CLOSED_ACTIONED",
        targets: [{ key: "x:a", outcome: "actioned" }],
      }),
    ).toEqual([{ type: "actioned", at, targets: ["x:a"], note: 'platform state "CLOSED_ACTIONED"' }]);
    expect(toRequestEvents({ ...base, outcome: "actioned", platformState: "DONE" })[0]).not.toHaveProperty(
      "targets",
    );
  });

  it("partially-actioned lists the actioned targets and needs at least one", () => {
    const update: StatusUpdate = {
      ...base,
      outcome: "partially-actioned",
      platformState: "PARTIAL",
      targets: [
        { key: "x:a", outcome: "actioned" },
        { key: "x:b", outcome: "rejected", reason: "no violation" },
      ],
    };
    expect(toRequestEvents(update)).toEqual([
      { type: "partially-actioned", at, targets: ["x:a"], note: 'platform state "PARTIAL"' },
    ]);
    expect(() => toRequestEvents({ ...update, targets: [{ key: "x:b", outcome: "rejected" }] })).toThrow(
      ProtocolError,
    );
  });

  it("rejected carries the platform's reason", () => {
    expect(
      toRequestEvents({
        ...base,
        outcome: "rejected",
        reason: "  Does not violate our policies ",
        platformState: "CLOSED",
      }),
    ).toEqual([
      { type: "rejected", at, reason: "Does not violate our policies", note: 'platform state "CLOSED"' },
    ]);
  });

  it("with the current status, leaves out what is not news", () => {
    const ack: StatusUpdate = { ...base, outcome: "acknowledged", platformState: "IN_REVIEW" };
    expect(toRequestEvents(ack, { current: "submitted" })).toHaveLength(1);
    expect(toRequestEvents(ack, { current: "acknowledged" })).toEqual([]);
    expect(toRequestEvents(ack, { current: "actioned" })).toEqual([]);
    const done: StatusUpdate = { ...base, outcome: "actioned", platformState: "DONE" };
    expect(toRequestEvents(done, { current: "actioned" })).toEqual([]);
    expect(toRequestEvents(done, { current: "partially-actioned" })).toHaveLength(1);
  });

  it("every event it makes is a valid request event", () => {
    const updates: StatusUpdate[] = [
      { ...base, outcome: "acknowledged", platformState: "A" },
      { ...base, outcome: "needs-information", platformState: "B", reason: "?" },
      { ...base, outcome: "actioned", platformState: "C" },
      {
        ...base,
        outcome: "partially-actioned",
        platformState: "D",
        targets: [{ key: "k", outcome: "actioned" }],
      },
      { ...base, outcome: "rejected", platformState: "E", reason: "" },
    ];
    for (const update of updates) {
      for (const event of toRequestEvents(update)) expect(RequestEvent.safeParse(event).success).toBe(true);
    }
  });

  it("a time without a zone is a ProtocolError, not an invalid event", () => {
    expect(() =>
      toRequestEvents({ ...base, at: "2026-01-03 10:00", outcome: "actioned", platformState: "C" }),
    ).toThrow(ProtocolError);
  });
});
