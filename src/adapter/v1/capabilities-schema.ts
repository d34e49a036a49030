import { z } from "zod";
import { RequestKindSchema } from "../../domain/schemas/request.js";

/**
 * Validates an adapter's declared capabilities. `defineAdapter` runs it once, when the adapter is defined,
 * so a mistyped declaration fails at start-up rather than on the first call.
 *
 * @example
 * ```ts
 * import { AdapterCapabilitiesSchema } from "referral-kit/adapter";
 *
 * AdapterCapabilitiesSchema.parse(adapter.capabilities);
 * ```
 */
export const AdapterCapabilitiesSchema = z.object({
  requestKinds: z.array(RequestKindSchema).min(1, "an adapter supports at least one request kind"),
  targetTypes: z.array(z.enum(["account", "content"])).min(1, "an adapter supports at least one target type"),
  statusPolling: z.boolean(),
  webhooks: z.boolean(),
  withdrawal: z.boolean(),
  maxTargetsPerCall: z.number().int().positive(),
  rateLimits: z.array(
    z.object({
      operation: z.enum(["submit", "getStatus", "withdraw", "all"]),
      limit: z.number().int().positive(),
      windowMs: z.number().int().positive(),
    }),
  ),
});
