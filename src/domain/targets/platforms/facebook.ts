import {
  accountTarget,
  contentTarget,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
  usernameRef,
} from "../platform-definition.js";
import type { AccountRef, ContentKind, ContentTarget } from "../target.js";
import type { TargetUrl } from "../target-url.js";
import { checkFacebookUsername } from "../usernames.js";

/*
 * Decisions:
 * - Pages and profiles share one namespace: facebook.com/<vanity> is an account either way, and so is
 *   a numeric id (profile.php?id=, /people/<name>/<id>, /pages/<name>/<id>, /<digits>).
 * - Groups are not accounts in AccountRef (no "group" kind yet): facebook.com/groups/<g> is refused with
 *   a reason, while a post inside a group (groups/<g>/posts/<id>, groups/<g>/permalink/<id>) is accepted
 *   as content whose account the link does not show.
 * - Share and short links (facebook.com/share/..., fb.me, fb.watch) need a redirect to resolve and are
 *   refused with a hint: parsing never touches the network.
 */

// Facebook's own pages. Several fit the vanity pattern, so they must be listed.
const RESERVED = new Set([
  "home.php",
  "login",
  "login.php",
  "logout",
  "settings",
  "help",
  "policies",
  "privacy",
  "hashtag",
  "search",
  "notifications",
  "messages",
  "friends",
  "business",
  "ads",
  "legal",
  "l.php",
  "sharer",
  "sharer.php",
  "dialog",
  "plugins",
  "bookmarks",
  "saved",
  "marketplace",
  "gaming",
  "events",
  "live",
  "fundraisers",
  "media",
  "video",
  "games",
  "pages",
  "watch",
  "reel",
  "reels",
  "photo",
  "photo.php",
  "stories",
  "share",
  "groups",
  "profile.php",
  "permalink.php",
  "story.php",
  "people",
  "recover",
  "checkpoint",
  "terms",
  "about",
  "careers",
  "developers",
  "memories",
  "feeds",
  "latest",
  "find-friends",
  "public",
]);

// Profile tabs: facebook.com/<vanity>/<tab> is still the account.
const PROFILE_TABS = new Set([
  "about",
  "photos",
  "videos",
  "friends",
  "followers",
  "following",
  "reels",
  "posts",
  "community",
  "events",
  "reviews",
  "mentions",
  "live_videos",
  "music",
  "groups",
  "likes",
  "about_profile_transparency",
]);

const FBID = /^\d{1,25}$/;
// Post ids are numeric, or the newer "pfbid" form (base58, case-sensitive).
const POST_ID = /^(?:\d{1,25}|pfbid[A-Za-z0-9]{10,80})$/;
const SHORT_LINK = "is a Facebook short link; open it and paste the facebook.com link it leads to";

const CONTENT_SEGMENTS: ReadonlyMap<string, ContentKind> = new Map<string, ContentKind>([
  ["posts", "post"],
  ["videos", "video"],
  ["photos", "photo"],
  ["reel", "reel"],
  ["reels", "reel"],
  ["permalink", "post"],
  ["activity", "post"],
]);

function parseFacebook(url: TargetUrl): ParseOutcome {
  if (url.host !== "facebook.com" && url.host !== "fb.com") {
    return rejectTarget(`${url.host}/... ${SHORT_LINK}`);
  }
  const [first] = url.path;
  if (first === undefined) return rejectTarget("the link points at the Facebook home page, not an account");
  const lower = first.toLowerCase();

  switch (lower) {
    case "profile.php":
      return withContent(numericRef(url.param("id")), url, 1);
    case "people":
    case "pages":
      // /people/<Display-Name>/<id> and the old /pages/<Name>/<id>: the id is what identifies them.
      return withContent(numericRef(url.path[2]), url, 3);
    case "permalink.php":
    case "story.php":
      return storyLink(url);
    case "watch":
      return idFromQuery(url, "v", "video");
    case "photo":
    case "photo.php":
      return idFromQuery(url, "fbid", "photo");
    case "reel":
      return idFromPath(url, "reel");
    case "groups":
      return groupLink(url);
    case "share":
      return rejectTarget(`facebook.com/share/... ${SHORT_LINK}`);
    case "pg":
      // The old page prefix: facebook.com/pg/<vanity>/about is the page <vanity>.
      return vanity(url.path[1], url, 2);
  }
  if (FBID.test(first)) return withContent(numericRef(first), url, 1);
  if (RESERVED.has(lower)) {
    return rejectTarget(`facebook.com/${first} is a reserved Facebook page, not an account`);
  }
  return vanity(first, url, 1);
}

function vanity(name: string | undefined, url: TargetUrl, at: number): ParseOutcome {
  if (name === undefined) return rejectTarget("the link has no page or profile name");
  if (FBID.test(name)) return withContent(numericRef(name), url, at);
  const problem = checkFacebookUsername(name);
  if (problem) return rejectTarget(problem);
  return withContent(usernameRef("facebook", name), url, at);
}

function numericRef(id: string | undefined): AccountRef | string {
  if (id === undefined || !FBID.test(id)) return `"${id ?? ""}" is not a Facebook numeric id`;
  return { kind: "numeric-id", platform: "facebook", id };
}

/**
 * The account alone, or one of its posts, videos, photos or reels: <account>/posts/<id>,
 * <account>/videos/<slug>/<id>, <account>/photos/<album>/<id>. The id is the last numeric segment.
 */
function withContent(account: AccountRef | string, url: TargetUrl, at: number): ParseOutcome {
  if (typeof account === "string") return rejectTarget(account);
  const rest = url.path.slice(at);
  if (rest.length === 0) return accountTarget(account);
  const segment = rest[0]!.toLowerCase();
  const kind = CONTENT_SEGMENTS.get(segment);
  if (kind && rest.length >= 2) {
    const id = lastId(rest.slice(1));
    if (id === undefined) return rejectTarget(`facebook.com/${url.path.join("/")} has no ${kind} id`);
    return contentTarget("facebook", kind, id, account);
  }
  if (PROFILE_TABS.has(segment) && rest.length === 1) return accountTarget(account);
  return rejectTarget(`facebook.com/${url.path.join("/")} is not a Facebook account or post link`);
}

// Photo paths carry an album ("a.123") before the photo id; video paths may carry a title slug.
function lastId(segments: readonly string[]): string | undefined {
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index]!;
    if (POST_ID.test(segment)) return segment;
  }
  return undefined;
}

/** permalink.php?story_fbid=<post>&id=<owner>, story.php likewise. */
function storyLink(url: TargetUrl): ParseOutcome {
  const post = url.param("story_fbid");
  if (post === undefined || !POST_ID.test(post)) return rejectTarget("the permalink has no valid story_fbid");
  const owner = url.param("id");
  if (owner === undefined) return contentTarget("facebook", "post", post);
  const account = numericRef(owner);
  if (typeof account === "string") return rejectTarget(account);
  return contentTarget("facebook", "post", post, account);
}

function idFromQuery(url: TargetUrl, name: string, kind: ContentKind): ParseOutcome {
  const id = url.param(name);
  if (id === undefined || !FBID.test(id)) {
    return rejectTarget(`facebook.com/${url.path[0]} needs a numeric ?${name}= to point at a ${kind}`);
  }
  return contentTarget("facebook", kind, id);
}

function idFromPath(url: TargetUrl, kind: ContentKind): ParseOutcome {
  const id = url.path[1];
  if (id === undefined || !FBID.test(id))
    return rejectTarget(`facebook.com/${url.path[0]} needs a numeric ${kind} id`);
  return contentTarget("facebook", kind, id);
}

/** Groups are refused as accounts (see the decisions above); their posts are content. */
function groupLink(url: TargetUrl): ParseOutcome {
  const [, group, section, id] = url.path;
  if (group === undefined) return rejectTarget("facebook.com/groups is the groups feed, not an account");
  const kind = section?.toLowerCase();
  if ((kind === "posts" || kind === "permalink") && id !== undefined && POST_ID.test(id)) {
    return contentTarget("facebook", "post", id);
  }
  return rejectTarget(
    "Facebook groups cannot be targeted as accounts yet; link a post in the group (groups/<group>/posts/<id>) or its admins' profiles",
  );
}

function parseFacebookHandle(handle: string): ParseOutcome {
  if (FBID.test(handle)) return accountTarget({ kind: "numeric-id", platform: "facebook", id: handle });
  const problem = checkFacebookUsername(handle);
  return problem ? rejectTarget(problem) : accountTarget(usernameRef("facebook", handle));
}

/**
 * Facebook: profiles by name or `profile.php?id=`, pages, posts, videos, photos, reels, `watch` links.
 *
 * @example
 * ```ts
 * facebookPlatform.canonicalUrl?.(facebookPlatform.sampleTarget!(1, "account")); // "https://www.facebook.com/rk.conf.1"
 * ```
 */
export const facebookPlatform: PlatformDefinition = {
  id: "facebook",
  name: "Facebook",
  hosts: ["facebook.com", "fb.com", "fb.me", "fb.watch"],
  parse: parseFacebook,
  parseHandle: parseFacebookHandle,
  canonicalUrl: (target) =>
    target.type === "account" ? facebookAccountUrl(target.account) : facebookContentUrl(target),
  contentKinds: ["post", "video", "photo", "reel"],
  pageRules: {
    removedMarkers: [
      "This content isn't available right now",
      "This content isn’t available right now",
      "This page isn't available",
    ],
    withheldMarkers: ["not available in your country"],
    removedRedirects: [],
    loginRedirects: [/\/login/i, /\/checkpoint/i],
  },
  // Facebook usernames take a-z, 0-9 and "." only (no "_"), at least 5 of them.
  sampleTarget: (index, type) => {
    const account = usernameRef("facebook", `rk.conf.${index}`);
    if (type === "account") return accountTarget(account);
    return contentTarget("facebook", "post", String(1_800_000_000_000_000_000n + BigInt(index)), account);
  },
};

function facebookAccountUrl(account: AccountRef): string | undefined {
  if (account.kind === "username") return `https://www.facebook.com/${account.username}`;
  return account.kind === "numeric-id" ? `https://www.facebook.com/profile.php?id=${account.id}` : undefined;
}

function facebookContentUrl({ kind, id, account }: ContentTarget): string | undefined {
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
