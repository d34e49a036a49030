import {
  accountTarget,
  contentTarget,
  type ParseOutcome,
  type PlatformDefinition,
  rejectTarget,
} from "../platform-definition.js";
import type { TargetUrl } from "../target-url.js";

const CHANNEL_CODE = /^[A-Za-z0-9]{10,64}$/;
const INVITE_CODE = /^[A-Za-z0-9]{10,64}$/;
const MESSAGE_ID = /^\d{1,15}$/;
const E164_DIGITS = /^[1-9]\d{7,14}$/;
// Separators people type inside numbers; a "+" in a query string arrives as a space.
const SEPARATORS = /[\s().-]/g;

/**
 * A phone number as WhatsApp links carry it, in E.164 (`+` and 8 to 15 digits). WhatsApp requires the
 * full international number without leading zeros (faq.whatsapp.com, "How to use click to chat"); a
 * leading "0" or "00" is refused rather than guessed at, since the country cannot be known.
 *
 * @example
 * ```ts
 * normalisePhone("+92 300 1234567"); // { phone: "+923001234567" }
 * normalisePhone("03001234567"); // { reason: "... no leading 0 or 00)" }
 * ```
 */
export function normalisePhone(raw: string): { phone: string } | { reason: string } {
  const compact = raw.replace(SEPARATORS, "");
  const digits = compact.startsWith("+") ? compact.slice(1) : compact;
  if (!/^\d+$/.test(digits)) return { reason: `"${raw}" is not a phone number (digits only)` };
  if (digits.startsWith("0")) {
    return { reason: `"${raw}" is not in international format (country code first, no leading 0 or 00)` };
  }
  if (!E164_DIGITS.test(digits))
    return { reason: `"${raw}" is not an international phone number (8 to 15 digits)` };
  return { phone: `+${digits}` };
}

function phoneTarget(raw: string | undefined): ParseOutcome {
  if (raw === undefined || raw === "") return rejectTarget("the WhatsApp link has no phone number");
  const result = normalisePhone(raw);
  if ("reason" in result) return rejectTarget(result.reason);
  return accountTarget({ kind: "phone", platform: "whatsapp", phone: result.phone });
}

function parseWhatsApp(url: TargetUrl): ParseOutcome {
  const [first, second] = url.path;
  const lower = first?.toLowerCase();

  if (url.host === "chat.whatsapp.com") {
    // chat.whatsapp.com/<code> and chat.whatsapp.com/invite/<code>: a group invite.
    const code = lower === "invite" ? second : first;
    if (code === undefined) return rejectTarget("the group invite link has no invite code");
    if (!INVITE_CODE.test(code)) return rejectTarget(`"${code}" is not a WhatsApp group invite code`);
    return accountTarget({ kind: "invite", platform: "whatsapp", code });
  }

  if (url.host === "wa.me") {
    if (first === undefined) return rejectTarget("the wa.me link has no phone number");
    if (lower === "message") {
      return rejectTarget(
        "wa.me/message/... is a short link; open it and paste the wa.me/<number> it leads to",
      );
    }
    // wa.me/c/<number> is a business catalogue: the business account.
    if (lower === "c")
      return url.path.length === 2 ? phoneTarget(second) : rejectTarget("not a wa.me catalogue link");
    if (url.path.length > 1)
      return rejectTarget(`wa.me/${url.path.join("/")} is not a WhatsApp account link`);
    return phoneTarget(first);
  }

  // whatsapp.com and api.whatsapp.com
  if (lower === "send") return phoneTarget(url.param("phone"));
  if (lower === "channel") return parseChannel(url);
  if (first === undefined) return rejectTarget("the link points at the WhatsApp home page, not an account");
  return rejectTarget(`${url.host}/${first} is not a WhatsApp account, channel or send link`);
}

/** whatsapp.com/channel/<code> and whatsapp.com/channel/<code>/<message>. Codes are case-sensitive. */
function parseChannel(url: TargetUrl): ParseOutcome {
  const [, code, message] = url.path;
  if (code === undefined) return rejectTarget("the channel link has no channel code");
  if (!CHANNEL_CODE.test(code)) return rejectTarget(`"${code}" is not a WhatsApp channel code`);
  const account = { kind: "channel", platform: "whatsapp", code } as const;
  if (message === undefined) return accountTarget(account);
  if (!MESSAGE_ID.test(message) || url.path.length > 3) {
    return rejectTarget(`whatsapp.com/${url.path.join("/")} is not a WhatsApp channel message link`);
  }
  return contentTarget("whatsapp", "message", message, account);
}

function parseWhatsAppHandle(handle: string): ParseOutcome {
  return phoneTarget(handle);
}

/**
 * WhatsApp: `wa.me` phone links (E.164), channels (`whatsapp.com/channel/...`) and their posts, group
 * invites (`chat.whatsapp.com/...`).
 *
 * @example
 * ```ts
 * whatsappPlatform.canonicalUrl?.(whatsappPlatform.sampleTarget!(1, "account")); // "https://wa.me/447946000001"
 * ```
 */
export const whatsappPlatform: PlatformDefinition = {
  id: "whatsapp",
  name: "WhatsApp",
  hosts: ["wa.me", "whatsapp.com", "api.whatsapp.com", "chat.whatsapp.com"],
  parse: parseWhatsApp,
  parseHandle: parseWhatsAppHandle,
  canonicalUrl: (target) => {
    if (target.type === "content") {
      const { account, id } = target;
      return account?.kind === "channel" ? `https://whatsapp.com/channel/${account.code}/${id}` : undefined;
    }
    const { account } = target;
    if (account.kind === "phone") return `https://wa.me/${account.phone.slice(1)}`;
    if (account.kind === "channel") return `https://whatsapp.com/channel/${account.code}`;
    return account.kind === "invite" ? `https://chat.whatsapp.com/${account.code}` : undefined;
  },
  contentKinds: ["message"],
  pageRules: {
    removedMarkers: ["This channel is no longer available", "This link is no longer valid"],
    withheldMarkers: ["not available in your country"],
    removedRedirects: [],
    loginRedirects: [],
  },
  sampleTarget: (index, type) =>
    type === "account"
      ? accountTarget({
          kind: "phone",
          platform: "whatsapp",
          phone: `+4479460${String(index).padStart(5, "0")}`,
        })
      : contentTarget("whatsapp", "message", String(100 + index), {
          kind: "channel",
          platform: "whatsapp",
          code: `0029RkConf${index}`,
        }),
};
