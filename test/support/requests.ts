import type { RequestEvent } from "referral-kit";
import { ReferralRequest } from "referral-kit";

export const HASH = `sha256:${"ab".repeat(32)}`;

export const evidence = {
  url: "https://evidence.example.org/captures/1",
  capturedAt: "2025-03-01T08:00:00Z",
  contentHash: HASH,
};

export const analyst = { id: "analyst-1", name: "Analyst One" };
export const supervisor = { id: "supervisor-1", name: "Supervisor One" };
export const director = { id: "director-1", name: "Director One" };

/** A complete, valid request (drafted only) that a test can adjust. */
export function makeRequest(overrides: Partial<ReferralRequest> = {}): ReferralRequest {
  return ReferralRequest.parse({
    id: "req-1",
    kind: "suspend",
    platform: "x",
    targets: [
      {
        target: {
          type: "account",
          account: { kind: "username", platform: "x", username: "fictional_ttp_media" },
        },
        evidence: [evidence],
      },
    ],
    legalBasis: { instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)", section: "s. 37" },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Counter-Terrorism Unit", country: "PK" },
    priority: "standard",
    deadline: "2025-03-03T10:00:00Z",
    events: [{ type: "drafted", at: "2025-03-01T09:00:00Z", by: analyst }],
    ...overrides,
  });
}

/** The usual happy path: drafted, approved, submitted, then whatever follows. */
export function withEvents(request: ReferralRequest, ...events: RequestEvent[]): ReferralRequest {
  return { ...request, events: [...request.events, ...events] };
}

export const approved: RequestEvent = { type: "approved", at: "2025-03-01T09:30:00Z", by: supervisor };
export const submitted: RequestEvent = { type: "submitted", at: "2025-03-01T10:00:00Z", channel: "x" };
