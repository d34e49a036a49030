/**
 * Valid requests and targets for any platform, so the suite can submit without the adapter author
 * writing fixtures. Every call gives new targets (a counter), so no two submissions in a case collide.
 */

import type { PlatformId } from "../../domain/platforms.js";
import { RequestContent, type RequestKind } from "../../domain/schemas/request.js";
import { findPlatform } from "../../domain/targets/builtin-platforms.js";
import type { PlatformDefinition } from "../../domain/targets/platform-definition.js";
import type { Target } from "../../domain/targets/target.js";
import { accountKey, targetKey } from "../../domain/targets/target-key.js";

/**
 * Makes the `index`-th target of a type for a platform.
 *
 * @example
 * ```ts
 * const target: TargetFactory = (index, type) => ({ type: "account", account: { kind: "username", platform: "acme", username: `user${index}` } });
 * ```
 */
export type TargetFactory = (index: number, type: Target["type"]) => Target;

/**
 * Targets a platform accepts, distinct per index: the platform definition's `sampleTarget` (the six built-in
 * platforms have one; pass a custom platform's definition to use its own), else `rk_conf_<index>` usernames
 * and numeric post ids.
 *
 * @example
 * ```ts
 * defaultTarget("x")(3, "content"); // { type: "content", platform: "x", kind: "post", id: "1800000000000000003", account: ... }
 * defaultTarget("vk", [vk])(1, "account"); // vk.sampleTarget(1, "account"), when vk has one
 * ```
 */
export function defaultTarget(
  platform: PlatformId,
  platforms: readonly PlatformDefinition[] = [],
): TargetFactory {
  const sample = findPlatform(platform, platforms)?.sampleTarget;
  if (sample) return (index, type) => sample(index, type);
  return (index, type) => {
    const account = { kind: "username", platform, username: `rk_conf_${index}` } as const;
    if (type === "account") return { type: "account", account };
    return {
      type: "content",
      platform,
      kind: "post",
      id: String(1_800_000_000_000_000_000n + BigInt(index)),
      account,
    };
  };
}

/**
 * A complete request with legal basis, designation, authority and evidence, for the given targets.
 * Fictional throughout: `.example` evidence hosts, a test unit as the authority.
 *
 * @example
 * ```ts
 * const request = conformanceRequest({ platform: "x", kind: "suspend", targets: [defaultTarget("x")(1, "account")] });
 * ```
 */
export function conformanceRequest(input: {
  platform: PlatformId;
  kind: RequestKind;
  targets: readonly Target[];
  id?: string;
}): RequestContent {
  return RequestContent.parse({
    id: input.id ?? "conformance-1",
    kind: input.kind,
    platform: input.platform,
    targets: input.targets.map((target, index) => ({
      target,
      evidence: [
        {
          url: `https://evidence.example/captures/${index + 1}`,
          capturedAt: "2026-01-05T08:00:00Z",
          contentHash: `sha256:${(index + 1).toString(16).padStart(2, "0").repeat(32)}`,
        },
      ],
    })),
    legalBasis: {
      instrument: "Prevention of Electronic Crimes Act 2016 (Pakistan)",
      section: "s. 37",
      jurisdiction: "PK",
    },
    designations: [{ groupId: "ttp", authority: "un-1267", reference: "QDe.132" }],
    issuingAuthority: { name: "Conformance Test Unit (fictional)", country: "PK" },
    priority: "standard",
    deadline: "2026-01-07T09:00:00Z",
    ...kindDetails(input.kind, input.targets),
  });
}

/**
 * The details a `disclose-data` or `preserve` request needs to pass the safeguards: a domestic order for
 * subscriber data about every account the targets name, or the preservation rule of 18 U.S.C. § 2703(f).
 */
function kindDetails(kind: RequestKind, targets: readonly Target[]): Partial<RequestContent> {
  if (kind === "preserve") return { preservation: { rule: "us-sca-2703f" } };
  if (kind !== "disclose-data") return {};
  const accounts = targets.map((target) =>
    target.type === "content" && target.account ? accountKey(target.account) : targetKey(target),
  );
  return {
    disclosure: {
      instrument: "domestic-order",
      dataCategories: ["subscriber"],
      accounts: [...new Set(accounts)],
      statementOfReasons:
        "Identify who operates accounts distributing a proscribed group's releases (conformance).",
      confidentiality: { doNotNotify: false },
    },
  };
}
