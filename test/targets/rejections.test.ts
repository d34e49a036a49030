import { InvalidTargetError, type ParseTargetOptions, parseTarget, ReferralKitError } from "referral-kit";
import { describe, expect, it } from "vitest";
import { MAX_TARGET_INPUT_LENGTH } from "../../src/domain/targets/parse-target.js";

type Rejected = [input: string, reason: string | RegExp, options?: ParseTargetOptions];

const rejected: Record<string, Rejected[]> = {
  input: [
    ["", "the input is empty"],
    ["   \n\t ", "the input is empty"],
    ["\u200b", "the input is empty"],
    ["x.com/some\u0000name", "the input contains control characters"],
    ["x.com/some\u0085name", "the input contains control characters"],
    [`https://x.com/${"a".repeat(MAX_TARGET_INPUT_LENGTH)}`, /longer than 2048 characters/],
    ["x.com/some name", "a link cannot contain spaces; paste one link at a time"],
    ["x.com/a x.com/b", "a link cannot contain spaces; paste one link at a time"],
    ["x.com\\somename", 'a link cannot contain "\\"'],
    ["somename", /"somename" is a bare handle; say which platform/],
    ["@somename", /is a bare handle/],
    ["@", 'nothing follows the "@"', { platform: "x" }],
    ["@somename", 'unknown platform "vk"; pass its definition in options.platforms', { platform: "vk" }],
    [
      "x.com/somename",
      'this link is on X (formerly Twitter), but platform "telegram" was expected',
      { platform: "telegram" },
    ],
  ],
  links: [
    ["javascript:alert(1)", '"javascript:" links are not web links; paste an http(s) link'],
    ["JAVASCRIPT://x.com/%0aalert(1)", '"javascript:" links are not web links; paste an http(s) link'],
    ["ftp://x.com/somename", '"ftp:" links are not web links; paste an http(s) link'],
    ["mailto:someone@x.com", '"mailto:" links are not web links; paste an http(s) link'],
    ["tg://resolve?domain=somechannel", '"tg:" links are not web links; paste an http(s) link'],
    ["https:x.com/somename", '"https:" must be followed by "//" and a host'],
    ["https:///somename", "the link has no host"],
    [
      "https://user:pass@x.com/somename",
      "links with a user name before the host (user@host) are not accepted",
    ],
    ["x.com@evil.example/somename", "links with a user name before the host (user@host) are not accepted"],
    ["http://[::1]/somename", "IP address hosts are not platform links"],
    ["http://[2001:db8::1]:443/somename", "IP address hosts are not platform links"],
    ["http://127.0.0.1/somename", "IP address hosts are not platform links"],
    ["https://x.com:8080/somename", "port 8080 is not used by platform links"],
    ["https://x..com/somename", '"x..com" is not a valid host name'],
    ["https://xn--x-ccc.com/somename", /xn--x-ccc.com is not a supported platform/],
    ["https://х.com/somename", '"х.com" is not a valid host name'],
    ["https://example.com/somename", /^example\.com is not a supported platform \(Facebook, Instagram/],
    [
      "example.com",
      /example\.com is not a supported platform .*; if "example\.com" is a handle, say which platform/,
    ],
    [
      "some.name",
      /^some\.name is not a supported platform .*; if "some\.name" is a handle, say which platform with options\.platform$/,
    ],
    ["evil-x.com/somename", /evil-x\.com is not a supported platform/],
    ["x.com.evil.example/somename", /x\.com\.evil\.example is not a supported platform/],
    ["x.com/some%E0%A4name", 'the path segment "some%E0%A4name" is badly encoded'],
  ],
  x: [
    ["x.com", "the link points at the X home page, not an account"],
    ["x.com/home", "x.com/home is a reserved X page, not an account"],
    ["x.com/explore", "x.com/explore is a reserved X page, not an account"],
    ["x.com/settings/account", "x.com/settings is a reserved X page, not an account"],
    ["x.com/Search?q=a", "x.com/Search is a reserved X page, not an account"],
    ["x.com/i/bookmarks", "x.com/i/bookmarks is a reserved X page, not an account or post"],
    ["x.com/i/lists/123", "x.com/i/lists/123 is a reserved X page, not an account or post"],
    ["x.com/i/web/status/abc", "x.com/i/web/status/abc is a reserved X page, not an account or post"],
    [
      "x.com/abcdefghijklmnop",
      '"abcdefghijklmnop" is not an X username (1 to 15 letters, digits or underscores)',
    ],
    ["x.com/some.name", '"some.name" is not an X username (1 to 15 letters, digits or underscores)'],
    ["x.com/somename/status/abc", '"abc" is not an X post id (digits only)'],
    ["x.com/somename/status", '"" is not an X post id (digits only)'],
    ["x.com/somename/unknown", "x.com/somename/unknown is not an X account or post link"],
    [
      "x.com/intent/tweet?text=hi",
      "x.com/intent links other than intent/user?screen_name=... are not account links",
    ],
    [
      "some-name",
      '"some-name" is not an X username (1 to 15 letters, digits or underscores)',
      { platform: "x" },
    ],
  ],
  instagram: [
    ["instagram.com", "the link points at the Instagram home page, not an account"],
    ["instagram.com/explore", "instagram.com/explore is a reserved Instagram page, not an account"],
    ["instagram.com/explore/tags/abc", "instagram.com/explore is a reserved Instagram page, not an account"],
    ["instagram.com/accounts/login", "instagram.com/accounts is a reserved Instagram page, not an account"],
    ["instagram.com/direct/inbox", "instagram.com/direct is a reserved Instagram page, not an account"],
    ["instagram.com/p/", "the link has no post shortcode after /p/, /reel/ or /tv/"],
    ["instagram.com/p/ab$c", '"ab$c" is not an Instagram shortcode'],
    ["instagram.com/.somename", '".somename" is not an Instagram username (it cannot start or end with ".")'],
    ["instagram.com/somename.", '"somename." is not an Instagram username (it cannot start or end with ".")'],
    ["instagram.com/some..name", '"some..name" is not an Instagram username (it cannot contain "..")'],
    [
      "instagram.com/some-name",
      '"some-name" is not an Instagram username (1 to 30 letters, digits, "." or "_")',
    ],
    [`instagram.com/${"a".repeat(31)}`, /is not an Instagram username \(1 to 30/],
    [
      "instagram.com/somename/unknown",
      "instagram.com/somename/unknown is not an Instagram account or post link",
    ],
    ["instagram.com/stories", "instagram.com/stories needs an account name after it"],
    ["instagram.com/stories/somename/abc", '"abc" is not an Instagram story id (digits only)'],
  ],
  tiktok: [
    ["tiktok.com", "the link points at the TikTok home page, not an account"],
    ["tiktok.com/foryou", /^tiktok\.com\/foryou is a TikTok page, not an account/],
    ["tiktok.com/explore", /^tiktok\.com\/explore is a TikTok page, not an account/],
    [
      "tiktok.com/username",
      /^tiktok\.com\/username is a TikTok page, not an account \(account links look like/,
    ],
    ["vm.tiktok.com/ZMabc123/", /^vm\.tiktok\.com\/\.\.\. is a TikTok short link/],
    ["vt.tiktok.com/ZSabc123", /^vt\.tiktok\.com\/\.\.\. is a TikTok short link/],
    ["tiktok.com/t/ZTabc123/", /^tiktok\.com\/t\/\.\.\. is a TikTok short link/],
    ["tiktok.com/@a", '"a" is not a TikTok username (2 to 30 letters, digits, "." or "_")'],
    ["tiktok.com/@username.", '"username." is not a TikTok username (it cannot end with ".")'],
    ["tiktok.com/@user-name", '"user-name" is not a TikTok username (2 to 30 letters, digits, "." or "_")'],
    ["tiktok.com/@username/video/abc", '"abc" is not a TikTok video id (digits only)'],
    [
      "tiktok.com/@username/followers",
      "tiktok.com/@username/followers is not a TikTok account or video link",
    ],
    ["tiktok.com/embed/v2/abc", "a TikTok embed link needs a numeric video id"],
  ],
  facebook: [
    ["facebook.com", "the link points at the Facebook home page, not an account"],
    ["facebook.com/groups/somegroup", /^Facebook groups cannot be targeted as accounts yet/],
    ["facebook.com/groups/123456/about", /^Facebook groups cannot be targeted as accounts yet/],
    ["facebook.com/groups", "facebook.com/groups is the groups feed, not an account"],
    [
      "facebook.com/marketplace/item/123",
      "facebook.com/marketplace is a reserved Facebook page, not an account",
    ],
    ["facebook.com/events/123", "facebook.com/events is a reserved Facebook page, not an account"],
    ["facebook.com/settings", "facebook.com/settings is a reserved Facebook page, not an account"],
    ["facebook.com/login.php", "facebook.com/login.php is a reserved Facebook page, not an account"],
    ["facebook.com/profile.php", '"" is not a Facebook numeric id'],
    ["facebook.com/profile.php?id=abc", '"abc" is not a Facebook numeric id'],
    ["facebook.com/watch", "facebook.com/watch needs a numeric ?v= to point at a video"],
    ["facebook.com/reel/abc", "facebook.com/reel needs a numeric reel id"],
    ["facebook.com/share/p/AbCdEf/", /^facebook\.com\/share\/\.\.\. is a Facebook short link/],
    ["fb.watch/abcDEF/", /^fb\.watch\/\.\.\. is a Facebook short link/],
    ["fb.me/somepage", /^fb\.me\/\.\.\. is a Facebook short link/],
    ["facebook.com/abcd", '"abcd" is not a Facebook username (at least 5 letters, digits or ".")'],
    ["facebook.com/some_page", '"some_page" is not a Facebook username (at least 5 letters, digits or ".")'],
    ["facebook.com/somepage/videos/some-title", "facebook.com/somepage/videos/some-title has no video id"],
    ["facebook.com/somepage/posts/abc", "facebook.com/somepage/posts/abc has no post id"],
    ["facebook.com/somepage/unknown", "facebook.com/somepage/unknown is not a Facebook account or post link"],
    ["facebook.com/permalink.php?id=123", "the permalink has no valid story_fbid"],
  ],
  whatsapp: [
    ["wa.me", "the wa.me link has no phone number"],
    [
      "wa.me/03001234567",
      '"03001234567" is not in international format (country code first, no leading 0 or 00)',
    ],
    ["wa.me/00923001234567", /is not in international format/],
    ["wa.me/1234567", '"1234567" is not an international phone number (8 to 15 digits)'],
    ["wa.me/1234567890123456", '"1234567890123456" is not an international phone number (8 to 15 digits)'],
    ["wa.me/somename", '"somename" is not a phone number (digits only)'],
    ["wa.me/message/ABCDEF123", /^wa\.me\/message\/\.\.\. is a short link/],
    ["wa.me/923001234567/extra", "wa.me/923001234567/extra is not a WhatsApp account link"],
    ["api.whatsapp.com/send?text=hello", "the WhatsApp link has no phone number"],
    ["whatsapp.com", "the link points at the WhatsApp home page, not an account"],
    ["whatsapp.com/download", "whatsapp.com/download is not a WhatsApp account, channel or send link"],
    ["whatsapp.com/channel/", "the channel link has no channel code"],
    ["whatsapp.com/channel/abc", '"abc" is not a WhatsApp channel code'],
    ["chat.whatsapp.com/", "the group invite link has no invite code"],
    ["web.whatsapp.com/", /^web\.whatsapp\.com is not a supported platform/],
  ],
  telegram: [
    ["t.me", "the link points at t.me itself, not a channel or account"],
    ["t.me/s/", "t.me/s/ needs a channel name after it"],
    ["t.me/abc", '"abc" is not a Telegram username (4 to 32 letters, digits or "_", starting with a letter)'],
    [
      "t.me/1channel",
      '"1channel" is not a Telegram username (4 to 32 letters, digits or "_", starting with a letter)',
    ],
    ["t.me/some_channel_", '"some_channel_" is not a Telegram username (it cannot end with "_")'],
    ["t.me/some__channel", '"some__channel" is not a Telegram username (it cannot contain "__")'],
    [`t.me/a${"b".repeat(32)}`, /is not a Telegram username \(4 to 32/],
    ["t.me/share/url?url=x", "t.me/share is a Telegram feature link, not a channel or account"],
    ["t.me/addstickers/somepack", "t.me/addstickers is a Telegram feature link, not a channel or account"],
    ["t.me/proxy?server=1", "t.me/proxy is a Telegram feature link, not a channel or account"],
    ["t.me/+", "the invite link has no invite code"],
    ["t.me/joinchat", "the invite link has no invite code"],
    ["t.me/+abc$def", '"abc$def" is not a Telegram invite code'],
    ["t.me/+123", '"+123" is not an international phone number (8 to 15 digits)'],
    ["t.me/somechannel/abc", "t.me/somechannel/abc is not a Telegram channel or message link"],
    ["t.me/somechannel/1/2/3", "t.me/somechannel/1/2/3 is not a Telegram channel or message link"],
    ["t.me/c/abc/1", "a t.me/c/ link needs the private channel's numeric id"],
  ],
};

describe.each(Object.entries(rejected))("rejections: %s", (_group, cases) => {
  it.each(cases)("%j is rejected", (input, reason, options) => {
    let caught: unknown;
    try {
      parseTarget(input, options);
    } catch (error) {
      caught = error;
    }
    expect(InvalidTargetError.isInstance(caught)).toBe(true);
    const error = caught as InvalidTargetError;
    expect(error.code).toBe("invalid_target");
    expect(error.input).toBe(input);
    if (typeof reason === "string") expect(error.reason).toBe(reason);
    else expect(error.reason).toMatch(reason);
  });
});

describe("rejection errors", () => {
  it("are referral-kit errors with a message that names the input", () => {
    const error = (() => {
      try {
        parseTarget("https://x.com/home");
      } catch (caught) {
        return caught;
      }
    })();
    expect(ReferralKitError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(InvalidTargetError);
    expect((error as Error).message).toBe(
      'Invalid target "https://x.com/home": x.com/home is a reserved X page, not an account',
    );
  });

  it("keep reasons short when the input is long junk", () => {
    const result = (() => {
      try {
        parseTarget(`@${"a".repeat(2000)}`, { platform: "telegram" });
      } catch (caught) {
        return caught as InvalidTargetError;
      }
    })();
    expect(result?.reason.length).toBeLessThanOrEqual(301);
    expect(result?.message.length).toBeLessThan(600);
  });

  it("reject non-string input from untyped callers", () => {
    expect(() => parseTarget(42 as unknown as string)).toThrow(/expected a string, got number/);
    expect(() => parseTarget(null as unknown as string)).toThrow(InvalidTargetError);
  });
});
