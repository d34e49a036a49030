import {
  accountTarget,
  contentTarget,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
  usernameRef,
} from "../platform-definition.js";
import type { ContentKind } from "../target.js";
import type { TargetUrl } from "../target-url.js";
import { checkInstagramUsername } from "../usernames.js";

// Instagram's own routes; they fit the username pattern, so they must be listed. Routes only: words
// that are also accounts (instagram.com/threads is the Threads account) are left out.
const RESERVED = new Set([
  "explore",
  "accounts",
  "direct",
  "about",
  "developer",
  "legal",
  "privacy",
  "web",
  "emails",
  "challenge",
  "graphql",
  "api",
  "static",
  "oauth",
  "session",
  "login",
  "create",
  "nametag",
  "directory",
  "reels",
  "stories",
  "p",
  "tv",
  "reel",
  "terms",
  "help",
  "your_activity",
  "notifications",
  "s",
]);

// Profile tabs: instagram.com/<user>/<tab> is still the account.
const PROFILE_TABS = new Set([
  "reels",
  "tagged",
  "saved",
  "followers",
  "following",
  "guides",
  "channel",
  "feed",
]);

// Shortcodes: base64url, 5+ characters (private posts have much longer ones). Case-sensitive.
const SHORTCODE = /^[A-Za-z0-9_-]{5,64}$/;
const STORY_ID = /^\d{1,25}$/;

const CONTENT_KINDS: ReadonlyMap<string, ContentKind> = new Map<string, ContentKind>([
  ["p", "post"],
  ["reel", "reel"],
  ["reels", "reel"],
  ["tv", "video"],
]);

function parseInstagram(url: TargetUrl): ParseOutcome {
  const [first, second, third] = url.path;
  if (first === undefined) return rejectTarget("the link points at the Instagram home page, not an account");
  const lower = first.toLowerCase();

  const kind = CONTENT_KINDS.get(lower);
  if (kind) return parseShortcode(kind, second);
  if (lower === "stories") return parseStory(url);
  if (RESERVED.has(lower))
    return rejectTarget(`instagram.com/${first} is a reserved Instagram page, not an account`);

  const problem = checkInstagramUsername(first);
  if (problem) return rejectTarget(problem);
  const account = usernameRef("instagram", first);
  if (second === undefined) return accountTarget(account);

  if (PROFILE_TABS.has(second.toLowerCase()) && url.path.length === 2) return accountTarget(account);
  // Newer links name the account first: instagram.com/<user>/p/<code>, /<user>/reel/<code>.
  const nestedKind = CONTENT_KINDS.get(second.toLowerCase());
  if (nestedKind) {
    if (third === undefined || !SHORTCODE.test(third)) {
      return rejectTarget(`"${third ?? ""}" is not an Instagram shortcode`);
    }
    return contentTarget("instagram", nestedKind, third, account);
  }
  return rejectTarget(`instagram.com/${first}/${second} is not an Instagram account or post link`);
}

// Anything after the shortcode (/liked_by, /c/<comment>) is a view of the same post.
function parseShortcode(kind: ContentKind, code: string | undefined): ParseOutcome {
  if (code === undefined) return rejectTarget("the link has no post shortcode after /p/, /reel/ or /tv/");
  if (!SHORTCODE.test(code)) return rejectTarget(`"${code}" is not an Instagram shortcode`);
  return contentTarget("instagram", kind, code);
}

/** instagram.com/stories/<user>/<id> and stories/highlights/<id>. */
function parseStory(url: TargetUrl): ParseOutcome {
  const [, owner, id] = url.path;
  if (owner === undefined) return rejectTarget("instagram.com/stories needs an account name after it");
  if (owner.toLowerCase() === "highlights") {
    if (id === undefined || !STORY_ID.test(id))
      return rejectTarget("a story highlight link needs its numeric id");
    // Highlights belong to an account the link does not name.
    return contentTarget("instagram", "story", `highlights/${id}`);
  }
  const problem = checkInstagramUsername(owner);
  if (problem) return rejectTarget(problem);
  const account = usernameRef("instagram", owner);
  if (id === undefined) return accountTarget(account);
  if (!STORY_ID.test(id)) return rejectTarget(`"${id}" is not an Instagram story id (digits only)`);
  return contentTarget("instagram", "story", id, account);
}

function parseInstagramHandle(handle: string): ParseOutcome {
  const problem = checkInstagramUsername(handle);
  return problem ? rejectTarget(problem) : accountTarget(usernameRef("instagram", handle));
}

/**
 * Instagram: profiles, posts (`/p/`), reels, IGTV (`/tv/`), stories and highlights.
 *
 * @example
 * ```ts
 * instagramPlatform.canonicalUrl?.(instagramPlatform.sampleTarget!(1, "content")); // "https://www.instagram.com/p/Crkconf1/"
 * ```
 */
export const instagramPlatform: PlatformDefinition = {
  id: "instagram",
  name: "Instagram",
  hosts: ["instagram.com", "instagr.am"],
  parse: parseInstagram,
  parseHandle: parseInstagramHandle,
  canonicalUrl: (target) => {
    if (target.type === "account") {
      const { account } = target;
      return account.kind === "username" ? `https://www.instagram.com/${account.username}/` : undefined;
    }
    const { kind, id, account } = target;
    if (kind === "story") {
      if (id.startsWith("highlights/")) return `https://www.instagram.com/stories/${id}/`;
      return account?.kind === "username"
        ? `https://www.instagram.com/stories/${account.username}/${id}/`
        : undefined;
    }
    const segment = kind === "reel" ? "reel" : kind === "video" ? "tv" : "p";
    return `https://www.instagram.com/${segment}/${id}/`;
  },
  contentKinds: ["post", "reel", "video", "story"],
  pageRules: {
    removedMarkers: ["Sorry, this page isn't available", "Sorry, this page isn’t available"],
    withheldMarkers: ["not available in your country", "Restricted in your country"],
    removedRedirects: [],
    loginRedirects: [/\/accounts\/login/i],
  },
  sampleTarget: (index, type) =>
    type === "account"
      ? accountTarget(usernameRef("instagram", `rk_conf_${index}`))
      : contentTarget("instagram", "post", `Crkconf${index}`),
};
