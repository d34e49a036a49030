/**
 * A generic adapter speaking the loopback mock's protocol (see mock-server.ts), built on the adapter
 * HTTP toolkit like the reference adapters. For the dispatch fault tests and the benchmark only.
 */
import { RequestKind, targetKey } from "referral-kit";
import { createHttpClient, defineAdapter, type ReportingAdapter } from "referral-kit/adapter";
import { z } from "zod";

const ReceiptSchema = z.object({
  id: z.string(),
  acceptedAt: z.string(),
  targets: z.array(z.object({ key: z.string(), status: z.literal("accepted") })),
});
const StatusSchema = z.object({ id: z.string(), status: z.string(), updatedAt: z.string() });

export function loopbackAdapter(
  platform: string,
  baseUrl: string,
  options: { maxTargetsPerCall?: number; retries?: number } = {},
): ReportingAdapter {
  const client = createHttpClient({
    platform,
    baseUrl,
    // The dispatcher does the retrying in these tests, so its pauses and breaker are what is measured.
    retry: { maxRetries: options.retries ?? 0 },
    timeoutMs: 10_000,
  });
  return defineAdapter({
    platform,
    capabilities: {
      requestKinds: RequestKind.options,
      targetTypes: ["account", "content"],
      statusPolling: true,
      webhooks: false,
      withdrawal: false,
      maxTargetsPerCall: options.maxTargetsPerCall ?? 5,
      rateLimits: [],
    },
    async submit({ request, targets }, { idempotencyKey, signal }) {
      const body = {
        requestId: request.id,
        kind: request.kind,
        targets: targets.map((t) => targetKey(t.target)),
      };
      const data = await client.postJson(`/${platform}/reports`, body, ReceiptSchema, {
        idempotencyKey,
        signal,
      });
      return { platformRef: data.id, acceptedAt: data.acceptedAt, targets: data.targets };
    },
    async getStatus({ platformRef }, { signal }) {
      const data = await client.getJson(`/${platform}/reports/${platformRef}`, StatusSchema, { signal });
      const at = data.updatedAt;
      if (data.status === "REMOVED")
        return { platformRef, at, platformState: data.status, outcome: "actioned" };
      if (data.status === "IN_REVIEW")
        return { platformRef, at, platformState: data.status, outcome: "acknowledged" };
      return { platformRef, at, platformState: data.status, outcome: "pending" };
    },
  });
}
