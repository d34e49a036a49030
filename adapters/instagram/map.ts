/** Instagram targets: domain to wire and back, and the story rule. One job per function. */

import type { AccountRef, ContentKind, RequestKind, Target } from "referral-kit";
import { targetKey } from "referral-kit";
import { UnsupportedCapabilityError } from "referral-kit/adapter";
import type { InstagramWireTarget } from "./wire.js";

type MediaType = Extract<InstagramWireTarget, { type: "MEDIA" }>["media_type"];

/** Instagram's media types, by content kind (a photo is a post; IGTV is the old name of long video). */
const MEDIA_TYPES: Readonly<Partial<Record<ContentKind, MediaType>>> = {
  post: "POST",
  photo: "POST",
  reel: "REEL",
  video: "IGTV",
};

const MEDIA_KINDS: Readonly<Record<MediaType, ContentKind>> = { POST: "post", REEL: "reel", IGTV: "video" };

const unsupported = (requested: string, supported: readonly string[], message?: string) =>
  new UnsupportedCapabilityError({
    platform: "instagram",
    capability: "targetType",
    requested,
    supported,
    ...(message ? { message } : {}),
  });

function ownerName(account: AccountRef | undefined): string | undefined {
  if (account === undefined) return undefined;
  if (account.kind === "username") return account.username;
  throw unsupported(`account identified by ${account.kind}`, ["username"]);
}

/**
 * A domain target as Instagram names it; anything Instagram cannot name, or a request kind a target
 * cannot take, is an `UnsupportedCapabilityError` raised before any HTTP. Stories expire within a day and
 * Instagram does not restrict them by country: `restrict-locally` of a story or highlight is refused.
 *
 * @example
 * ```ts
 * toInstagramWireTarget({ type: "content", platform: "instagram", kind: "reel", id: "CabcDEF123" }, "remove-content");
 * // { type: "MEDIA", media_type: "REEL", shortcode: "CabcDEF123" }
 * ```
 */
export function toInstagramWireTarget(target: Target, kind: RequestKind): InstagramWireTarget {
  if (target.type === "account") {
    if (target.account.kind !== "username") {
      throw unsupported(`account identified by ${target.account.kind}`, ["username"]);
    }
    return { type: "ACCOUNT", username: target.account.username };
  }
  if (target.kind === "story") {
    if (kind === "restrict-locally") {
      throw unsupported(
        "story for restrict-locally",
        ["posts, reels and accounts"],
        "instagram: stories cannot be restricted by country (they expire within 24 hours); ask for remove-content or preserve",
      );
    }
    const highlight = /^highlights\/(\d+)$/.exec(target.id)?.[1];
    if (highlight) return { type: "HIGHLIGHT", highlight_id: highlight };
    const owner = ownerName(target.account);
    return { type: "STORY", story_id: target.id, ...(owner ? { owner_username: owner } : {}) };
  }
  const mediaType = MEDIA_TYPES[target.kind];
  if (!mediaType) throw unsupported(`${target.kind} content`, ["post", "photo", "reel", "video", "story"]);
  const owner = ownerName(target.account);
  return {
    type: "MEDIA",
    media_type: mediaType,
    shortcode: target.id,
    ...(owner ? { owner_username: owner } : {}),
  };
}

/**
 * The domain target an Instagram wire target names (decisions echo the wire target).
 *
 * @example
 * ```ts
 * fromInstagramWireTarget({ type: "HIGHLIGHT", highlight_id: "1789" }); // story "highlights/1789"
 * ```
 */
export function fromInstagramWireTarget(wire: InstagramWireTarget): Target {
  const account = (username: string | undefined) =>
    username ? { account: { kind: "username", platform: "instagram", username } as const } : {};
  switch (wire.type) {
    case "ACCOUNT":
      return {
        type: "account",
        account: { kind: "username", platform: "instagram", username: wire.username },
      };
    case "MEDIA":
      return {
        type: "content",
        platform: "instagram",
        kind: MEDIA_KINDS[wire.media_type],
        id: wire.shortcode,
        ...account(wire.owner_username),
      };
    case "STORY":
      return {
        type: "content",
        platform: "instagram",
        kind: "story",
        id: wire.story_id,
        ...account(wire.owner_username),
      };
    case "HIGHLIGHT":
      return { type: "content", platform: "instagram", kind: "story", id: `highlights/${wire.highlight_id}` };
  }
}

/**
 * The `targetKey` of an Instagram wire target.
 *
 * @example
 * ```ts
 * instagramWireTargetKey({ type: "MEDIA", media_type: "POST", shortcode: "CabcDEF123" }); // "instagram:p/CabcDEF123"
 * ```
 */
export function instagramWireTargetKey(wire: InstagramWireTarget): string {
  return targetKey(fromInstagramWireTarget(wire));
}
