import {
  accountTarget,
  contentTarget,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
  usernameRef,
} from "../platform-definition.js";
import type { TargetUrl } from "../target-url.js";
import { checkTikTokUsername } from "../usernames.js";

const VIDEO_ID = /^\d{1,25}$/;
const SHORT_LINK = "is a TikTok short link; open it and paste the full tiktok.com/@user/... link it leads to";

// Profile tabs and views that are still the account.
const PROFILE_TABS = new Set(["live", "playlist", "collection"]);

function parseTikTok(url: TargetUrl): ParseOutcome {
  // Short links redirect to a video; resolving them needs the network, which parsing never uses.
  if (url.host !== "tiktok.com") return rejectTarget(`${url.host}/... ${SHORT_LINK}`);
  const [first, second, third] = url.path;
  if (first === undefined) return rejectTarget("the link points at the TikTok home page, not an account");

  if (first.startsWith("@")) {
    const name = first.slice(1);
    const problem = checkTikTokUsername(name);
    if (problem) return rejectTarget(problem);
    const account = usernameRef("tiktok", name);
    if (second === undefined) return accountTarget(account);
    const kind = second.toLowerCase();
    if (kind === "video" || kind === "photo") {
      if (third === undefined || !VIDEO_ID.test(third)) {
        return rejectTarget(`"${third ?? ""}" is not a TikTok ${kind} id (digits only)`);
      }
      return contentTarget("tiktok", kind, third, account);
    }
    if (PROFILE_TABS.has(kind) && url.path.length <= 3) return accountTarget(account);
    return rejectTarget(`tiktok.com/${first}/${second} is not a TikTok account or video link`);
  }

  const lower = first.toLowerCase();
  if (lower === "t") return rejectTarget(`tiktok.com/t/... ${SHORT_LINK}`);
  // Embeds and old share links carry the video id without the account.
  if (lower === "embed" || lower === "v") {
    const raw = second?.toLowerCase() === "v2" ? third : second;
    const id = raw?.replace(/\.html$/, "");
    if (id !== undefined && VIDEO_ID.test(id)) return contentTarget("tiktok", "video", id);
    return rejectTarget("a TikTok embed link needs a numeric video id");
  }
  return rejectTarget(
    `tiktok.com/${first} is a TikTok page, not an account (account links look like tiktok.com/@name)`,
  );
}

function parseTikTokHandle(handle: string): ParseOutcome {
  const problem = checkTikTokUsername(handle);
  return problem ? rejectTarget(problem) : accountTarget(usernameRef("tiktok", handle));
}

/**
 * TikTok: `@name` profiles and their tabs, videos and photo posts, embeds. Short links (`vm.`, `vt.`,
 * `/t/`) are refused with a reason: resolving them needs the network.
 *
 * @example
 * ```ts
 * tiktokPlatform.canonicalUrl?.(tiktokPlatform.sampleTarget!(1, "account")); // "https://www.tiktok.com/@rk_conf_1"
 * ```
 */
export const tiktokPlatform: PlatformDefinition = {
  id: "tiktok",
  name: "TikTok",
  hosts: ["tiktok.com", "vm.tiktok.com", "vt.tiktok.com"],
  parse: parseTikTok,
  parseHandle: parseTikTokHandle,
  canonicalUrl: (target) => {
    if (target.type === "account") {
      const { account } = target;
      return account.kind === "username" ? `https://www.tiktok.com/@${account.username}` : undefined;
    }
    const { account, id } = target;
    const kind = target.kind === "photo" ? "photo" : "video";
    if (account?.kind === "username") return `https://www.tiktok.com/@${account.username}/${kind}/${id}`;
    return kind === "video" ? `https://www.tiktok.com/embed/v2/${id}` : undefined;
  },
  contentKinds: ["video", "photo"],
  pageRules: {
    removedMarkers: [
      "Couldn't find this account",
      "Couldn’t find this account",
      "This account was banned",
      "Video currently unavailable",
    ],
    withheldMarkers: ["not available in your region", "not available in your country"],
    removedRedirects: [],
    loginRedirects: [/\/login/i],
  },
  sampleTarget: (index, type) => {
    const account = usernameRef("tiktok", `rk_conf_${index}`);
    if (type === "account") return accountTarget(account);
    return contentTarget("tiktok", "video", String(7_300_000_000_000_000_000n + BigInt(index)), account);
  },
};
