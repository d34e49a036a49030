import type { RequestEvent } from "referral-kit";
import { ReferralRequest } from "referral-kit";

/** Fixtures for the dispatch tests: approved requests on any platform, with any number of targets. */
export const HASH = `sha256:${"ab".repeat(32)}`;
export const analyst = { id: "analyst-1" };
export const supervisor = { id: "supervisor-1" };

/** Options for {@link approvedRequest}. */
export interface RequestOptions {
  platform?: string;
  targets?: number;
  priority?: "emergency" | "standard";
  /** Stop at `drafted` (not approved). */
  draftOnly?: boolean;
  /** Leave the legal basis out (fails the safeguards). */
  noLegalBasis?: boolean;
  kind?: ReferralRequest["kind"];
}

/** An approved request with `targets` accounts named `<id>-t<n>` on `platform`. */
export function approvedRequest(id: string, options: RequestOptions = {}): ReferralRequest {
  const platform = options.platform ?? "x";
  const events: RequestEvent[] = [{ type: "drafted", at: "2025-03-01T09:00:00Z", by: analyst }];
  if (!options.draftOnly) events.push({ type: "approved", at: "2025-03-01T09:30:00Z", by: supervisor });
  return ReferralRequest.parse({
    id,
    kind: options.kind ?? "suspend",
    platform,
    targets: Array.from({ length: options.targets ?? 1 }, (_, n) => ({
      target: { type: "account", account: { kind: "username", platform, username: `${id}-t${n}` } },
      evidence: [
        { url: "https://evidence.example.org/1", capturedAt: "2025-03-01T08:00:00Z", contentHash: HASH },
      ],
    })),
    ...(options.noLegalBasis ? {} : { legalBasis: { instrument: "Fictional Act 2020", section: "s. 1" } }),
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Unit", country: "PK" },
    priority: options.priority ?? "standard",
    deadline: "2025-03-03T10:00:00Z",
    events,
  });
}

/** The target keys of a request, for job plans. */
export function keysOf(request: ReferralRequest): string[] {
  return request.targets.map((t) =>
    t.target.type === "account" && t.target.account.kind === "username"
      ? `${t.target.account.platform}:${t.target.account.username.toLowerCase()}`
      : "unexpected",
  );
}

export const PLATFORMS = ["facebook", "instagram", "whatsapp", "tiktok", "x", "telegram"] as const;
