import {
  accountTarget,
  contentTarget,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
  usernameRef,
} from "../platform-definition.js";
import type { AccountRef } from "../target.js";
import type { TargetUrl } from "../target-url.js";
import { checkTelegramUsername } from "../usernames.js";

// t.me paths that are Telegram features, not chats. Features only: t.me/telegram is Telegram's own
// channel, and four-letter collectible usernames (t.me/blog) can be real chats.
const RESERVED = new Set([
  "addstickers",
  "addemoji",
  "addtheme",
  "share",
  "proxy",
  "socks",
  "setlanguage",
  "login",
  "confirmphone",
  "invoice",
  "giftcode",
  "contact",
  "addlist",
  "iv",
  "bg",
  "boost",
  "nft",
]);

const MESSAGE_ID = /^\d{1,15}$/;
const CHANNEL_ID = /^\d{1,20}$/;
const INVITE_CODE = /^[A-Za-z0-9_-]{1,100}$/;
const PHONE = /^[1-9]\d{7,14}$/;

function parseTelegram(url: TargetUrl): ParseOutcome {
  const [first] = url.path;
  if (first === undefined) return rejectTarget("the link points at t.me itself, not a channel or account");

  if (first.startsWith("+")) return parsePlus(first.slice(1), url);
  const lower = first.toLowerCase();
  if (lower === "joinchat") return parseInvite(url.path[1], url, 2);
  if (lower === "c") return parsePrivateChannel(url);
  // t.me/s/<name> is the web preview of a public channel: the same channel.
  if (lower === "s") return parseChat(url, 1);
  if (RESERVED.has(lower))
    return rejectTarget(`t.me/${first} is a Telegram feature link, not a channel or account`);
  return parseChat(url, 0);
}

/** t.me/<name>, t.me/<name>/<message>, t.me/<name>/<topic>/<message>, starting at path index `at`. */
function parseChat(url: TargetUrl, at: number): ParseOutcome {
  const name = url.path[at];
  if (name === undefined) return rejectTarget("t.me/s/ needs a channel name after it");
  const problem = checkTelegramUsername(name);
  if (problem) return rejectTarget(problem);
  return withMessage(usernameRef("telegram", name), url, at + 1);
}

/** A chat, or one of its messages: the last of at most two numeric segments (topic, then message). */
function withMessage(account: AccountRef, url: TargetUrl, at: number): ParseOutcome {
  const rest = url.path.slice(at);
  if (rest.length === 0) return accountTarget(account);
  if (rest.length <= 2 && rest.every((segment) => MESSAGE_ID.test(segment))) {
    return contentTarget("telegram", "message", rest[rest.length - 1]!, account);
  }
  return rejectTarget(`t.me/${url.path.join("/")} is not a Telegram channel or message link`);
}

/**
 * t.me/+<code> is a private invite; t.me/+<digits> is a phone-number link (Telegram resolves it to the
 * account with that number, if its owner allows it).
 */
function parsePlus(code: string, url: TargetUrl): ParseOutcome {
  if (/^\d+$/.test(code)) {
    if (!PHONE.test(code))
      return rejectTarget(`"+${code}" is not an international phone number (8 to 15 digits)`);
    if (url.path.length > 1) return rejectTarget(`t.me/${url.path.join("/")} is not a Telegram account link`);
    return accountTarget({ kind: "phone", platform: "telegram", phone: `+${code}` });
  }
  return parseInvite(code, url, 1);
}

function parseInvite(code: string | undefined, url: TargetUrl, length: number): ParseOutcome {
  if (code === undefined || code === "") return rejectTarget("the invite link has no invite code");
  if (!INVITE_CODE.test(code)) return rejectTarget(`"${code}" is not a Telegram invite code`);
  if (url.path.length > length)
    return rejectTarget(`t.me/${url.path.join("/")} is not a Telegram invite link`);
  return accountTarget({ kind: "invite", platform: "telegram", code });
}

/** t.me/c/<channel id>/<message>: a message in a private channel, visible to members only. */
function parsePrivateChannel(url: TargetUrl): ParseOutcome {
  const id = url.path[1];
  if (id === undefined || !CHANNEL_ID.test(id)) {
    return rejectTarget("a t.me/c/ link needs the private channel's numeric id");
  }
  return withMessage({ kind: "numeric-id", platform: "telegram", id }, url, 2);
}

function parseTelegramHandle(handle: string): ParseOutcome {
  if (handle.startsWith("+")) {
    const digits = handle.slice(1);
    if (PHONE.test(digits)) return accountTarget({ kind: "phone", platform: "telegram", phone: handle });
    return rejectTarget(`"${handle}" is not an international phone number (8 to 15 digits)`);
  }
  const problem = checkTelegramUsername(handle);
  return problem ? rejectTarget(problem) : accountTarget(usernameRef("telegram", handle));
}

/**
 * Telegram: public usernames (`t.me/name`), invite links, phone links, channel posts including private
 * channels' `t.me/c/<id>/<n>`.
 *
 * @example
 * ```ts
 * telegramPlatform.canonicalUrl?.(telegramPlatform.sampleTarget!(1, "content")); // "https://t.me/rk_conf_1/101"
 * ```
 */
export const telegramPlatform: PlatformDefinition = {
  id: "telegram",
  name: "Telegram",
  hosts: ["t.me", "telegram.me", "telegram.dog"],
  parse: parseTelegram,
  parseHandle: parseTelegramHandle,
  canonicalUrl: (target) => {
    if (target.type === "account") {
      const { account } = target;
      if (account.kind === "username") return `https://t.me/${account.username}`;
      if (account.kind === "invite") return `https://t.me/+${account.code}`;
      return account.kind === "phone" ? `https://t.me/${account.phone}` : undefined;
    }
    const { account, id } = target;
    if (account?.kind === "username") return `https://t.me/${account.username}/${id}`;
    return account?.kind === "numeric-id" ? `https://t.me/c/${account.id}/${id}` : undefined;
  },
  contentKinds: ["message"],
  pageRules: {
    removedMarkers: ["This channel is no longer accessible", "This account has been terminated"],
    withheldMarkers: [
      "can't be displayed because it violated local laws",
      "can’t be displayed because it violated local laws",
    ],
    removedRedirects: [],
    loginRedirects: [],
  },
  sampleTarget: (index, type) => {
    const account = usernameRef("telegram", `rk_conf_${index}`);
    return type === "account"
      ? accountTarget(account)
      : contentTarget("telegram", "message", String(100 + index), account);
  },
};
