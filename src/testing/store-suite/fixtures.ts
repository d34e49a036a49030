/**
 * What the store suite's cases share: requests to store, the event a settle appends, and the shape of a
 * case (see `runStoreSuite`).
 */
import type { RequestStore, StoredReceipt, WhenRequestSubmitted } from "../../dispatch/store/port.js";
import { ReferralRequest } from "../../domain/schemas/request.js";

const HASH = `sha256:${"ab".repeat(32)}`;

/** An approved request with `targets` accounts named `<id>-t<n>` on `platform` (x by default). */
export function approvedRequest(
  id: string,
  options: { platform?: string; targets?: number; priority?: "emergency" | "standard" } = {},
): ReferralRequest {
  const platform = options.platform ?? "x";
  return ReferralRequest.parse({
    id,
    kind: "suspend",
    platform,
    targets: Array.from({ length: options.targets ?? 1 }, (_, n) => ({
      target: { type: "account", account: { kind: "username", platform, username: `${id}-t${n}` } },
      evidence: [
        { url: "https://evidence.example.org/1", capturedAt: "2025-03-01T08:00:00Z", contentHash: HASH },
      ],
    })),
    legalBasis: { instrument: "Fictional Act 2020", section: "s. 1" },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Fictional Unit", country: "PK" },
    priority: options.priority ?? "standard",
    deadline: "2025-03-03T10:00:00Z",
    events: [
      { type: "drafted", at: "2025-03-01T09:00:00Z", by: { id: "analyst-1" } },
      { type: "approved", at: "2025-03-01T09:30:00Z", by: { id: "supervisor-1" } },
    ],
  });
}

/** The target keys of a request made by {@link approvedRequest}. */
export function keysOf(request: ReferralRequest): string[] {
  return request.targets.map((t) =>
    t.target.type === "account" && t.target.account.kind === "username"
      ? `${t.target.account.platform}:${t.target.account.username.toLowerCase()}`
      : "unexpected",
  );
}

export const T0 = Date.parse("2026-01-01T00:00:00Z");
export const LEASE = 60_000;

export const receipt = (ref: string): StoredReceipt => ({
  platformRef: ref,
  acceptedAt: "2026-01-01T00:00:01Z",
  targets: [],
  raw: { id: ref, nested: { ok: true } },
});

export const submittedEvent: WhenRequestSubmitted = (_request, jobs) => [
  {
    type: "submitted",
    at: "2026-01-01T00:00:02Z",
    channel: jobs[0]!.platform,
    idempotencyKey: jobs[0]!.idempotencyKey,
    platformRef: jobs[0]!.receipt!.platformRef,
  },
];

export const entry = (request: ReferralRequest, perBatch = 50) => {
  const keys = keysOf(request);
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += perBatch) batches.push(keys.slice(i, i + perBatch));
  return { request, batches };
};

export async function collect(iterable: AsyncIterable<ReferralRequest>): Promise<ReferralRequest[]> {
  const out: ReferralRequest[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** What a case of the suite gets: a fresh store (a case that reopens it puts the new one back here). */
export interface StoreCaseContext {
  store: RequestStore;
  /** Opens another fresh store. */
  open(): Promise<RequestStore>;
  /** Closes the store and opens the same data again (durable stores only). */
  reopen(store: RequestStore): Promise<RequestStore>;
}

/** One rule of the `RequestStore` port, as a test. */
export interface StoreCase {
  readonly name: string;
  /** Runs only for a durable store (one the suite can reopen). */
  readonly durable?: boolean;
  run(t: StoreCaseContext): Promise<void>;
}
