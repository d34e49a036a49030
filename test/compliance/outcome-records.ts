import type { ComplianceRecord } from "referral-kit/compliance";

/** Shared by the outcome tests and the HTML report's test: eight requests worked out by hand. */
const HOUR = 3_600_000;
const T0 = Date.parse("2025-03-01T00:00:00Z");
export const AS_OF = "2025-04-01T00:00:00Z"; // T0 + 744 h
export const h = (hours: number) => T0 + hours * HOUR;

export function record(id: string, fields: Partial<ComplianceRecord>): ComplianceRecord {
  return {
    id,
    platform: "x",
    groups: ["ttp"],
    kind: "suspend",
    priority: "standard",
    submittedAt: T0,
    outcome: "pending",
    outcomeAt: null,
    firstActionAt: null,
    deadline: h(48),
    ...fields,
  };
}

export const acted = (at: number) => ({ outcome: "actioned" as const, outcomeAt: at, firstActionAt: at });

/** Eight requests whose figures are worked out by hand in the tests below. */
export const RECORDS: ComplianceRecord[] = [
  record("r1", {
    ...acted(h(10)),
    acknowledgedAt: h(2),
    outcomes: [
      {
        targetType: "account",
        measure: "account-terminated",
        scope: "global",
        ground: "terms-of-service",
        temporary: false,
        at: h(10),
      },
    ],
  }),
  record("r2", {
    ...acted(h(20)),
    outcomes: [
      {
        targetType: "account",
        measure: "account-suspended",
        scope: "country",
        ground: "local-law",
        temporary: true,
        at: h(20),
        returnedAt: h(100),
      },
    ],
  }),
  record("r3", {
    outcome: "rejected",
    outcomeAt: h(30),
    acknowledgedAt: null,
    outcomes: [
      {
        targetType: "content",
        measure: "no-action",
        scope: "unspecified",
        ground: "unspecified",
        temporary: false,
        reasonCode: "not-violating",
        at: h(30),
      },
    ],
  }),
  // Asked a question at 5 h, answered at 65 h; actioned at 100 h: late against 48 h, on time against the
  // deadline restarted at the answer (65 + 48 = 113 h), so the breach is the agency's.
  record("r4", {
    ...acted(h(100)),
    acknowledgedAt: h(5),
    agencyWaits: [[h(5), h(65)]],
    outcomes: [
      {
        targetType: "content",
        measure: "content-removed",
        scope: "global",
        ground: "terms-of-service",
        temporary: false,
        at: h(100),
      },
    ],
  }),
  record("r5", { outcome: "withdrawn", outcomeAt: h(1) }),
  // A question still open at the as-of time: the agency's breach, and its wait runs to the as-of time.
  record("r6", { acknowledgedAt: h(10), agencyWaits: [[h(10), null]] }),
  // Rejected, escalated to the regulator, then terminated.
  record("r7", {
    outcome: "rejected",
    outcomeAt: h(40),
    escalatedAt: h(50),
    escalationLevel: "regulator",
    actionAfterEscalationAt: h(90),
    outcomes: [
      {
        targetType: "account",
        measure: "account-terminated",
        scope: "global",
        ground: "unspecified",
        temporary: false,
        at: h(90),
      },
    ],
  }),
  // A re-referral of r3 with more evidence: withheld in Pakistan.
  record("r8", {
    submittedAt: h(100),
    deadline: h(148),
    supersedes: "r3",
    ...acted(h(120)),
    outcomes: [
      {
        targetType: "content",
        measure: "content-disabled",
        scope: "country",
        ground: "local-law",
        temporary: false,
        at: h(120),
      },
    ],
  }),
];
