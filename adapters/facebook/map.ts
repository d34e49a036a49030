/** Facebook targets: domain to wire and back. One job per function. */

import type { AccountRef, ContentKind, Target } from "referral-kit";
import { targetKey } from "referral-kit";
import { UnsupportedCapabilityError } from "referral-kit/adapter";
import type { FacebookWireTarget } from "./wire.js";

type ContentType = Exclude<FacebookWireTarget["type"], "ACCOUNT">;

/** Facebook's content types, by the content kinds it has. Messages and comments are not on this channel. */
const CONTENT_TYPES: Readonly<Partial<Record<ContentKind, ContentType>>> = {
  post: "POST",
  video: "VIDEO",
  photo: "PHOTO",
  reel: "REEL",
  story: "STORY",
};

const KINDS: Readonly<Record<ContentType, ContentKind>> = {
  POST: "post",
  VIDEO: "video",
  PHOTO: "photo",
  REEL: "reel",
  STORY: "story",
};

function owner(account: AccountRef): { username: string } | { id: string } {
  if (account.kind === "username") return { username: account.username };
  if (account.kind === "numeric-id") return { id: account.id };
  throw new UnsupportedCapabilityError({
    platform: "facebook",
    capability: "targetType",
    requested: `account identified by ${account.kind}`,
    supported: ["username", "numeric-id"],
  });
}

/**
 * A domain target as Facebook names it; anything Facebook cannot name is an unsupported target type.
 *
 * @example
 * ```ts
 * toFacebookWireTarget({ type: "account", account: { kind: "numeric-id", platform: "facebook", id: "1000123" } });
 * // { type: "ACCOUNT", id: "1000123" }
 * ```
 */
export function toFacebookWireTarget(target: Target): FacebookWireTarget {
  if (target.type === "account") return { type: "ACCOUNT", ...owner(target.account) };
  const type = CONTENT_TYPES[target.kind];
  if (!type) {
    throw new UnsupportedCapabilityError({
      platform: "facebook",
      capability: "targetType",
      requested: `${target.kind} content`,
      supported: Object.keys(CONTENT_TYPES),
    });
  }
  return { type, id: target.id, ...(target.account ? { owner: owner(target.account) } : {}) };
}

/**
 * The domain target a Facebook wire target names (decisions echo the wire target).
 *
 * @example
 * ```ts
 * fromFacebookWireTarget({ type: "ACCOUNT", username: "somepage" }); // { type: "account", account: { kind: "username", ... } }
 * ```
 */
export function fromFacebookWireTarget(wire: FacebookWireTarget): Target {
  const ref = (o: { username: string } | { id: string }): AccountRef =>
    "username" in o
      ? { kind: "username", platform: "facebook", username: o.username }
      : { kind: "numeric-id", platform: "facebook", id: o.id };
  if (wire.type === "ACCOUNT") return { type: "account", account: ref(wire) };
  return {
    type: "content",
    platform: "facebook",
    kind: KINDS[wire.type],
    id: wire.id,
    ...(wire.owner ? { account: ref(wire.owner) } : {}),
  };
}

/**
 * The `targetKey` of a Facebook wire target.
 *
 * @example
 * ```ts
 * facebookWireTargetKey({ type: "POST", id: "123", owner: { username: "somepage" } }); // "facebook:somepage/posts/123"
 * ```
 */
export function facebookWireTargetKey(wire: FacebookWireTarget): string {
  return targetKey(fromFacebookWireTarget(wire));
}
