import type { AccountRef, ContentTarget, Target } from "./target.js";

/**
 * A clean https link for a target, in the form the platform itself uses, or `undefined` when the target
 * does not carry enough to build one (a Facebook group post without its group, a Telegram private
 * channel without a message, a custom platform). Parsing the link gives the same {@link targetKey}.
 *
 * @example
 * ```ts
 * import { canonicalUrl, parseTarget } from "referral-kit";
 *
 * canonicalUrl(parseTarget("mobile.twitter.com/SomeName/status/123?s=20")); // "https://x.com/somename/status/123"
 * canonicalUrl(parseTarget("api.whatsapp.com/send?phone=923001234567")); // "https://wa.me/923001234567"
 * ```
 */
export function canonicalUrl(target: Target): string | undefined {
  return target.type === "account" ? accountUrl(target.account) : contentUrl(target);
}

function accountUrl(account: AccountRef): string | undefined {
  switch (account.platform) {
    case "x":
      if (account.kind === "username") return `https://x.com/${account.username}`;
      if (account.kind === "numeric-id") return `https://x.com/i/user/${account.id}`;
      return undefined;
    case "instagram":
      return account.kind === "username" ? `https://www.instagram.com/${account.username}/` : undefined;
    case "tiktok":
      return account.kind === "username" ? `https://www.tiktok.com/@${account.username}` : undefined;
    case "facebook":
      if (account.kind === "username") return `https://www.facebook.com/${account.username}`;
      if (account.kind === "numeric-id") return `https://www.facebook.com/profile.php?id=${account.id}`;
      return undefined;
    case "telegram":
      if (account.kind === "username") return `https://t.me/${account.username}`;
      if (account.kind === "invite") return `https://t.me/+${account.code}`;
      if (account.kind === "phone") return `https://t.me/${account.phone}`;
      return undefined;
    case "whatsapp":
      if (account.kind === "phone") return `https://wa.me/${account.phone.slice(1)}`;
      if (account.kind === "channel") return `https://whatsapp.com/channel/${account.code}`;
      if (account.kind === "invite") return `https://chat.whatsapp.com/${account.code}`;
      return undefined;
    default:
      return undefined;
  }
}

function contentUrl(target: ContentTarget): string | undefined {
  const { account, id } = target;
  switch (target.platform) {
    case "x":
      if (account?.kind === "username") return `https://x.com/${account.username}/status/${id}`;
      return `https://x.com/i/web/status/${id}`;
    case "instagram":
      return instagramUrl(target);
    case "tiktok": {
      const kind = target.kind === "photo" ? "photo" : "video";
      if (account?.kind === "username") return `https://www.tiktok.com/@${account.username}/${kind}/${id}`;
      return kind === "video" ? `https://www.tiktok.com/embed/v2/${id}` : undefined;
    }
    case "facebook":
      return facebookUrl(target);
    case "telegram":
      if (account?.kind === "username") return `https://t.me/${account.username}/${id}`;
      if (account?.kind === "numeric-id") return `https://t.me/c/${account.id}/${id}`;
      return undefined;
    case "whatsapp":
      return account?.kind === "channel" ? `https://whatsapp.com/channel/${account.code}/${id}` : undefined;
    default:
      return undefined;
  }
}

function instagramUrl({ kind, id, account }: ContentTarget): string | undefined {
  if (kind === "story") {
    if (id.startsWith("highlights/")) return `https://www.instagram.com/stories/${id}/`;
    return account?.kind === "username"
      ? `https://www.instagram.com/stories/${account.username}/${id}/`
      : undefined;
  }
  const segment = kind === "reel" ? "reel" : kind === "video" ? "tv" : "p";
  return `https://www.instagram.com/${segment}/${id}/`;
}

function facebookUrl({ kind, id, account }: ContentTarget): string | undefined {
  if (account) {
    const owner =
      account.kind === "username" ? account.username : account.kind === "numeric-id" ? account.id : undefined;
    if (owner === undefined) return undefined;
    if (kind === "post" && account.kind === "numeric-id") {
      return `https://www.facebook.com/permalink.php?story_fbid=${id}&id=${owner}`;
    }
    const segment = { post: "posts", video: "videos", photo: "photos", reel: "reel" }[kind as string];
    return segment ? `https://www.facebook.com/${owner}/${segment}/${id}` : undefined;
  }
  if (kind === "video") return `https://www.facebook.com/watch/?v=${id}`;
  if (kind === "reel") return `https://www.facebook.com/reel/${id}`;
  if (kind === "photo") return `https://www.facebook.com/photo/?fbid=${id}`;
  return undefined;
}
