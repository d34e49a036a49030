import { z } from "zod";
import { RequestKind } from "../../domain/schemas/request.js";
import type { AdapterCapabilities, TargetType } from "./spec.js";

/**
 * Validates an adapter's declared capabilities. `defineAdapter` runs it once, when the adapter is defined,
 * so a mistyped declaration fails at start-up rather than on the first call. Each `targetTypesByKind`
 * entry must narrow a declared request kind to declared target types.
 *
 * @example
 * ```ts
 * AdapterCapabilitiesSchema.parse(adapter.capabilities);
 * ```
 */
const TargetTypeSchema = z.enum(["account", "content"]);

export const AdapterCapabilitiesSchema = z
  .object({
    requestKinds: z.array(RequestKind).min(1, "an adapter supports at least one request kind"),
    targetTypes: z.array(TargetTypeSchema).min(1, "an adapter supports at least one target type"),
    targetTypesByKind: z
      .partialRecord(
        RequestKind,
        z.array(TargetTypeSchema).min(1, "a request kind takes at least one target type"),
      )
      .optional(),
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
  })
  .superRefine((capabilities, ctx) => {
    // Each entry narrows a declared kind to declared types: anything else is a typo or a contradiction.
    for (const [kind, types] of Object.entries(capabilities.targetTypesByKind ?? {})) {
      if (!capabilities.requestKinds.includes(kind as (typeof capabilities.requestKinds)[number])) {
        ctx.addIssue({
          code: "custom",
          path: ["targetTypesByKind", kind],
          message: `"${kind}" is not among requestKinds`,
        });
      }
      for (const type of types ?? []) {
        if (!capabilities.targetTypes.includes(type)) {
          ctx.addIssue({
            code: "custom",
            path: ["targetTypesByKind", kind],
            message: `"${type}" is not among targetTypes`,
          });
        }
      }
    }
  });

/**
 * The target types an adapter takes for one request kind: its `targetTypesByKind` entry, or else every
 * declared target type.
 *
 * @example
 * ```ts
 * targetTypesFor(whatsappAdapter.capabilities, "remove-content"); // ["content"]
 * targetTypesFor(whatsappAdapter.capabilities, "suspend"); // ["account", "content"]
 * ```
 */
export function targetTypesFor(
  capabilities: Pick<AdapterCapabilities, "targetTypes" | "targetTypesByKind">,
  kind: RequestKind,
): readonly TargetType[] {
  return capabilities.targetTypesByKind?.[kind] ?? capabilities.targetTypes;
}
