import {
  accountTarget,
  contentTarget,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
  usernameRef,
} from "../platform-definition.js";
import type { TargetUrl } from "../target-url.js";
import { checkXUsername } from "../usernames.js";

// First path segments that are X's own app routes. They fit the username pattern, so they must be listed.
// Kept to routes only: words like "safety" or "verified" are real accounts (x.com/Safety is X's own).
const RESERVED = new Set([
  "home",
  "explore",
  "settings",
  "messages",
  "notifications",
  "search",
  "search-advanced",
  "compose",
  "login",
  "logout",
  "signup",
  "tos",
  "privacy",
  "hashtag",
  "share",
  "account",
  "download",
  "who_to_follow",
  "bookmarks",
  "jobs",
]);

// Profile tabs: x.com/<user>/<tab> is still the account.
const PROFILE_TABS = new Set([
  "with_replies",
  "media",
  "likes",
  "followers",
  "following",
  "verified_followers",
  "highlights",
  "articles",
  "superfollows",
  "lists",
  "communities",
  "affiliates",
  "followers_you_follow",
]);

const STATUS_ID = /^\d{1,20}$/;
const USER_ID = /^\d{1,20}$/;

function parseX(url: TargetUrl): ParseOutcome {
  const [first, second, third] = url.path;
  if (first === undefined) return rejectTarget("the link points at the X home page, not an account");
  const lower = first.toLowerCase();

  if (lower === "i") return parseInternal(url);
  if (lower === "intent") return parseIntent(url);
  if (RESERVED.has(lower)) return rejectTarget(`x.com/${first} is a reserved X page, not an account`);

  const problem = checkXUsername(first);
  if (problem) return rejectTarget(problem);
  const account = usernameRef("x", first);

  if (second === undefined) return accountTarget(account);
  const tab = second.toLowerCase();
  if (tab === "status" || tab === "statuses") {
    if (third === undefined || !STATUS_ID.test(third)) {
      return rejectTarget(`"${third ?? ""}" is not an X post id (digits only)`);
    }
    // Anything after the id (/photo/1, /video/1, /analytics) is a view of the same post.
    return contentTarget("x", "post", third, account);
  }
  if (PROFILE_TABS.has(tab) && url.path.length === 2) return accountTarget(account);
  return rejectTarget(`x.com/${first}/${second} is not an X account or post link`);
}

/** x.com/i/...: only posts (`i/web/status/<id>`, `i/status/<id>`) and user ids (`i/user/<id>`). */
function parseInternal(url: TargetUrl): ParseOutcome {
  const segments = url.path.map((segment) => segment.toLowerCase());
  const offset = segments[1] === "web" ? 2 : 1;
  const kind = segments[offset];
  const id = url.path[offset + 1];
  if ((kind === "status" || kind === "statuses") && id !== undefined && STATUS_ID.test(id)) {
    return contentTarget("x", "post", id);
  }
  if (offset === 1 && kind === "user" && id !== undefined && USER_ID.test(id) && url.path.length === 3) {
    return accountTarget({ kind: "numeric-id", platform: "x", id });
  }
  return rejectTarget(`x.com/${url.path.join("/")} is a reserved X page, not an account or post`);
}

/** x.com/intent/user?screen_name=<name> or ?user_id=<id>: a profile, as the "follow" buttons link it. */
function parseIntent(url: TargetUrl): ParseOutcome {
  const action = url.path[1]?.toLowerCase();
  if (action === "user" || action === "follow") {
    const name = url.param("screen_name");
    if (name !== undefined) {
      const problem = checkXUsername(name);
      return problem ? rejectTarget(problem) : accountTarget(usernameRef("x", name));
    }
    const id = url.param("user_id");
    if (id !== undefined && USER_ID.test(id)) return accountTarget({ kind: "numeric-id", platform: "x", id });
  }
  return rejectTarget("x.com/intent links other than intent/user?screen_name=... are not account links");
}

function parseXHandle(handle: string): ParseOutcome {
  const problem = checkXUsername(handle);
  return problem ? rejectTarget(problem) : accountTarget(usernameRef("x", handle));
}

/**
 * X (twitter.com and x.com): profiles, posts, `i/user/<id>`, `intent/user` links.
 *
 * @example
 * ```ts
 * xPlatform.parseHandle?.("SomeName"); // account x:somename
 * xPlatform.canonicalUrl?.(xPlatform.sampleTarget!(1, "content")); // "https://x.com/rk_conf_1/status/1800000000000000001"
 * ```
 */
export const xPlatform: PlatformDefinition = {
  id: "x",
  name: "X (formerly Twitter)",
  hosts: ["x.com", "twitter.com"],
  parse: parseX,
  parseHandle: parseXHandle,
  canonicalUrl: (target) => {
    if (target.type === "account") {
      const { account } = target;
      if (account.kind === "username") return `https://x.com/${account.username}`;
      return account.kind === "numeric-id" ? `https://x.com/i/user/${account.id}` : undefined;
    }
    const { account, id } = target;
    if (account?.kind === "username") return `https://x.com/${account.username}/status/${id}`;
    return `https://x.com/i/web/status/${id}`;
  },
  contentKinds: ["post"],
  pageRules: {
    removedMarkers: [
      "Account suspended",
      "This account doesn't exist",
      "This account doesn’t exist",
      "This post was deleted",
    ],
    withheldMarkers: ["has been withheld in", "withheld in your country"],
    removedRedirects: [/\/account\/suspended/i],
    loginRedirects: [/\/i\/flow\/login/i, /\/login\b/i],
  },
  sampleTarget: (index, type) => {
    const account = usernameRef("x", `rk_conf_${index}`);
    if (type === "account") return accountTarget(account);
    return contentTarget("x", "post", String(1_800_000_000_000_000_000n + BigInt(index)), account);
  },
};
