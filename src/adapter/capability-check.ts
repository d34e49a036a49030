import type { ReferralRequest, RequestKind, RequestTarget } from "../domain/schemas/request.js";
import { targetPlatform } from "../domain/targets/target.js";
import { UnsupportedCapabilityError } from "./errors.js";
import { targetTypesFor } from "./v1/capabilities-schema.js";
import type { AdapterCapabilities, TargetType } from "./v1/spec.js";

/**
 * Whether an adapter for `platform` with `capabilities` takes `request` with `targets`: the request's
 * platform, its kind, each target's type for that kind (`targetTypesByKind`) and each target's platform.
 * Returns the first refusal as an `UnsupportedCapabilityError`, or `undefined` when it takes them. The one
 * capability check: `defineAdapter`'s `submit` throws its answer, and the dispatcher refuses at enqueue
 * with it, so a request refused by one is refused by the other, with the same words.
 *
 * @example
 * ```ts
 * const refusal = capabilityRefusal(adapter.platform, adapter.capabilities, request, request.targets);
 * if (refusal) console.log(refusal.message);
 * ```
 */
export function capabilityRefusal(
  platform: string,
  capabilities: AdapterCapabilities,
  request: Pick<ReferralRequest, "platform" | "kind">,
  targets: readonly RequestTarget[],
): UnsupportedCapabilityError | undefined {
  const unsupported = (
    capability: UnsupportedCapabilityError["capability"],
    requested: string,
    supported: readonly string[] = [],
  ) => new UnsupportedCapabilityError({ platform, capability, requested, supported });
  if (request.platform !== platform) return unsupported("platform", request.platform, [platform]);
  if (!capabilities.requestKinds.includes(request.kind)) {
    return unsupported("requestKind", request.kind, capabilities.requestKinds);
  }
  const types = targetTypesFor(capabilities, request.kind);
  for (const { target } of targets) {
    if (!types.includes(target.type)) {
      return types === capabilities.targetTypes
        ? unsupported("targetType", target.type, types)
        : narrowedKind(platform, capabilities, request.kind, target.type, types);
    }
    const on = targetPlatform(target);
    if (on !== platform) return unsupported("platform", on, [platform]);
  }
  return undefined;
}

/** A type the kind does not take (targetTypesByKind), with the way out when there is one. */
function narrowedKind(
  platform: string,
  capabilities: AdapterCapabilities,
  kind: RequestKind,
  type: TargetType,
  types: readonly TargetType[],
): UnsupportedCapabilityError {
  const hint =
    kind === "remove-content" && type === "account" && capabilities.requestKinds.includes("suspend")
      ? "; to take a whole account down, use suspend"
      : "";
  return new UnsupportedCapabilityError({
    platform,
    capability: "targetType",
    requested: `${type} for ${kind}`,
    supported: types,
    message: `${platform}: "${kind}" takes ${types.join(" or ")} targets, not ${type} targets${hint}`,
  });
}
