import type { ReferralRequestInput, RequestKind } from "referral-kit";
import { canTransition, IllegalTransitionError, PreservationLimitError, ReferralRequest } from "referral-kit";
import { expect } from "vitest";
import type { ProductionReceiptInput } from "../../src/domain/schemas/disclosure.js";
import type { RequestEventType } from "../../src/domain/schemas/request.js";
import { analyst, evidence } from "./requests.js";

/** SHA-256 of the four bytes "test". */
export const TEST_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

const account = (username: string) => ({
  target: { type: "account", account: { kind: "username", platform: "x", username } },
  evidence: [evidence],
});

/** A `disclose-data` request (drafted only) under a domestic order, for `x:fictional_ttp_media`. */
export function makeDisclosure(overrides: Partial<ReferralRequestInput> = {}): ReferralRequest {
  return ReferralRequest.parse({
    id: "disc-1",
    kind: "disclose-data",
    platform: "x",
    targets: [account("fictional_ttp_media")],
    legalBasis: { instrument: "Code of Criminal Procedure 1898 (Pakistan)", section: "s. 94" },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK" },
    priority: "standard",
    deadline: "2025-03-11T10:00:00Z",
    disclosure: {
      instrument: "domestic-order",
      instrumentReference: "Order 17/2025",
      dataCategories: ["subscriber", "traffic-or-non-content"],
      accounts: ["x:fictional_ttp_media"],
      statementOfReasons: "Identify who runs an account distributing the group's official releases.",
    },
    events: [{ type: "drafted", at: "2025-03-01T09:00:00Z", by: analyst }],
    ...overrides,
  });
}

/** A `preserve` request (drafted only) under the given rule. */
export function makePreservation(
  rule: NonNullable<ReferralRequestInput["preservation"]>["rule"] = "eu-e-evidence",
  overrides: Partial<ReferralRequestInput> = {},
): ReferralRequest {
  return ReferralRequest.parse({
    id: "pres-1",
    kind: "preserve",
    platform: "x",
    targets: [account("fictional_ttp_media")],
    legalBasis: { instrument: "Regulation (EU) 2023/1543", section: "Art. 6" },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK" },
    priority: "standard",
    deadline: "2025-03-03T10:00:00Z",
    preservation: { rule, dataCategories: ["subscriber"] },
    events: [{ type: "drafted", at: "2025-03-01T09:00:00Z", by: analyst }],
    ...overrides,
  });
}

/** A receipt for one four-byte file "subscriber.csv" containing "test". */
export function receipt(overrides: Partial<ProductionReceiptInput> = {}): ProductionReceiptInput {
  return {
    receivedAt: "2025-03-04T09:00:00Z",
    receivedBy: { id: "officer-12" },
    channel: "portal-download",
    files: [{ name: "subscriber.csv", sha256: TEST_SHA256, size: 4 }],
    ...overrides,
  };
}

/**
 * Turns random picks into an event-type sequence that mostly walks a transition table (three in four
 * picks choose among the allowed next events) and sometimes jumps anywhere, so property tests reach deep
 * states and still see illegal transitions.
 */
export function walkTable(
  table: Readonly<Partial<Record<string, readonly string[]>>>,
  picks: readonly number[],
): string[] {
  const every = Object.keys(table).filter((type) => type !== "initial");
  const sequence: string[] = [];
  let status = "initial";
  for (const pick of picks) {
    const allowed = table[status] ?? [];
    const options = pick % 4 === 3 || allowed.length === 0 ? every : allowed;
    const next = options[Math.floor(pick / 4) % options.length]!;
    sequence.push(next);
    status = next;
  }
  return sequence;
}

/** The index of the first event the kind's table refuses, or -1. */
export function firstIllegal(sequence: readonly RequestEventType[], kind: RequestKind): number {
  let status: RequestEventType | null = null;
  for (const [index, type] of sequence.entries()) {
    if (!canTransition(status, type, kind)) return index;
    status = type;
  }
  return -1;
}

/**
 * The events whose fold rules go beyond the table: an answer needs an open question, a deadline expires
 * once per clock, an extension must extend within the rule's maximum.
 */
const FOLD_RULED: readonly string[] = ["information-supplied", "expired", "preservation-extended"];

/**
 * A fold that refused a history refuses it with a typed error: at the first event the table refuses, or
 * earlier at an event one of the fold's own rules refuses.
 */
export function expectFoldRefusal(error: unknown, illegal: number): void {
  expect(
    IllegalTransitionError.isInstance(error) || PreservationLimitError.isInstance(error),
    String(error),
  ).toBe(true);
  const { index, event } = error as { index: number; event?: string };
  if (illegal >= 0) expect(index).toBeLessThanOrEqual(illegal);
  if (illegal < 0 || index < illegal) expect(FOLD_RULED).toContain(event ?? "preservation-extended");
}
