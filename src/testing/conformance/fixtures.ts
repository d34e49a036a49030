/**
 * Valid requests and targets for any platform, so the suite can submit without the adapter author
 * writing fixtures. Every call gives new targets (a counter), so no two submissions in a case collide.
 */

import type { TargetType } from "../../adapter/v1/spec.js";
import type { PlatformId } from "../../domain/platforms.js";
import { type RequestContent, RequestContentSchema, type RequestKind } from "../../domain/schemas/request.js";
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
export type TargetFactory = (index: number, type: TargetType) => Target;

// Facebook usernames take a-z, 0-9 and "." only (no "_"), at least 5 of them.
const username = (platform: PlatformId, index: number) =>
  ({
    kind: "username",
    platform,
    username: platform === "facebook" ? `rk.conf.${index}` : `rk_conf_${index}`,
  }) as const;

/**
 * A target that the built-in platforms' rules accept: usernames of at most 15 characters (`rk_conf_N`,
 * or `rk.conf.N` on Facebook, whose usernames take no `_`), numeric post
 * ids on X, TikTok and Facebook, E.164 numbers and channel messages on WhatsApp, message numbers on
 * Telegram, shortcodes on Instagram. Custom platforms get usernames and numeric post ids.
 *
 * @example
 * ```ts
 * defaultTarget("x")(3, "content"); // { type: "content", platform: "x", kind: "post", id: "1800000000000000003", account: ... }
 * ```
 */
export function defaultTarget(platform: PlatformId): TargetFactory {
  return (index, type) => {
    if (platform === "whatsapp") {
      return type === "account"
        ? {
            type: "account",
            account: { kind: "phone", platform, phone: `+4479460${String(index).padStart(5, "0")}` },
          }
        : {
            type: "content",
            platform,
            kind: "message",
            id: String(100 + index),
            account: { kind: "channel", platform, code: `0029RkConf${index}` },
          };
    }
    if (type === "account") return { type: "account", account: username(platform, index) };
    switch (platform) {
      case "instagram":
        return { type: "content", platform, kind: "post", id: `Crkconf${index}` };
      case "telegram":
        return {
          type: "content",
          platform,
          kind: "message",
          id: String(100 + index),
          account: username(platform, index),
        };
      case "tiktok":
        return {
          type: "content",
          platform,
          kind: "video",
          id: String(7_300_000_000_000_000_000n + BigInt(index)),
          account: username(platform, index),
        };
      default:
        return {
          type: "content",
          platform,
          kind: "post",
          id: String(1_800_000_000_000_000_000n + BigInt(index)),
          account: username(platform, index),
        };
    }
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
  return RequestContentSchema.parse({
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
