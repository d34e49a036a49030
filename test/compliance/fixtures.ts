import type { ReferralRequestInput, RequestEvent } from "referral-kit";
import type { ComplianceRecord } from "referral-kit/compliance";

const HOUR = 3_600_000;
export const BASE = Date.parse("2025-01-01T00:00:00Z");
export const AS_OF = "2025-02-01T00:00:00Z";

/** A flat record with defaults; times in hours after BASE unless absolute. */
export function flat(
  id: string,
  overrides: Partial<Omit<ComplianceRecord, "submittedAt" | "outcomeAt" | "firstActionAt" | "deadline">> & {
    submittedH?: number;
    outcomeH?: number | null;
    firstActionH?: number | null;
    deadlineH?: number | null;
  } = {},
): ComplianceRecord {
  const { submittedH = 0, outcomeH = null, firstActionH, deadlineH = 48, ...rest } = overrides;
  const outcome = rest.outcome ?? (outcomeH === null ? "pending" : "actioned");
  const action =
    firstActionH !== undefined
      ? firstActionH
      : outcome === "actioned" || outcome === "partially-actioned"
        ? outcomeH
        : null;
  return {
    id,
    platform: "facebook",
    groups: ["ttp"],
    kind: "suspend",
    priority: "standard",
    ...rest,
    outcome,
    submittedAt: BASE + submittedH * HOUR,
    outcomeAt: outcomeH === null ? null : BASE + outcomeH * HOUR,
    firstActionAt: action === null || action === undefined ? null : BASE + action * HOUR,
    deadline: deadlineH === null ? null : BASE + submittedH * HOUR + deadlineH * HOUR,
  };
}

/**
 * The hand-computed fixture (see calculators.test.ts for the expected figures), as of 2025-02-01.
 * Facebook: f1..f8 count; f9 is submitted after asOf.
 */
export const FACEBOOK_FIXTURE: ComplianceRecord[] = [
  flat("f1", { outcome: "actioned", outcomeH: 2 }),
  flat("f2", { outcome: "partially-actioned", outcomeH: 10 }),
  flat("f3", { outcome: "rejected", outcomeH: 5 }),
  flat("f4", { outcome: "pending" }),
  flat("f5", { outcome: "withdrawn", outcomeH: 1 }),
  flat("f6", { outcome: "actioned", outcomeH: 60 }),
  // Submitted 2025-01-31T12:00Z: its deadline (48 h later) is after asOf, so it is not due.
  flat("f7", { outcome: "actioned", submittedH: 30 * 24 + 12, outcomeH: 30 * 24 + 15 }),
  // Actioned on 2025-02-05, after asOf: pending as of asOf.
  flat("f8", { outcome: "actioned", outcomeH: 35 * 24 }),
  flat("f9", { outcome: "actioned", submittedH: 32 * 24, outcomeH: 32 * 24 + 1 }),
];

const evidence = [
  {
    url: "https://example.org/capture/1",
    capturedAt: "2025-01-01T00:00:00Z",
    contentHash: `sha256:${"a".repeat(64)}`,
  },
];

/** A valid domain request on `platform` with the given events after drafted/approved. */
export function domainRequest(
  id: string,
  events: RequestEvent[],
  options: { platform?: string; groups?: string[]; deadline?: string } = {},
): ReferralRequestInput {
  const platform = options.platform ?? "x";
  return {
    id,
    kind: "suspend",
    platform,
    targets: [
      {
        target: { type: "account", account: { kind: "username", platform, username: `acct-${id}` } },
        evidence,
      },
    ],
    legalBasis: { instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)", section: "s. 37" },
    designations: (options.groups ?? ["ttp"]).map((groupId) => ({
      groupId,
      authority: "pk-ata-first-schedule" as const,
    })),
    issuingAuthority: { name: "Counter Terrorism Department", country: "PK" },
    priority: "standard",
    deadline: options.deadline ?? "2025-01-03T00:00:00Z",
    events: [
      { type: "drafted", at: "2024-12-31T00:00:00Z", by: { id: "analyst-1" } },
      { type: "approved", at: "2024-12-31T12:00:00Z", by: { id: "approver-1" } },
      ...events,
    ],
  };
}
