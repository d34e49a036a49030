import { type ParseTargetOptions, parseTarget, safeParseTarget, type Target, targetKey } from "referral-kit";
import { describe, expect, it } from "vitest";

type Accepted = [input: string, key: string, options?: ParseTargetOptions];

const accepted: Record<string, Accepted[]> = {
  x: [
    ["https://x.com/somename", "x:somename"],
    ["https://twitter.com/SomeName/", "x:somename"],
    ["http://www.twitter.com/SomeName", "x:somename"],
    ["mobile.twitter.com/some_name?ref=abc#top", "x:some_name"],
    ["X.COM/SomeName", "x:somename"],
    ["//x.com/somename", "x:somename"],
    ["x.com:443/somename", "x:somename"],
    ["https://x.com./somename", "x:somename"],
    ["  https://x.com/somename \n", "x:somename"],
    ["\u200ehttps://x.com/somename\u200f", "x:somename"],
    ["x.com/a", "x:a"],
    ["x.com/Safety", "x:safety"],
    ["x.com/verified", "x:verified"],
    ["x.com/abcdefghijklmno", "x:abcdefghijklmno"],
    ["x.com/somename/with_replies", "x:somename"],
    ["x.com/somename/media/", "x:somename"],
    ["x.com/somename/status/1234567890123456789", "x:somename/status/1234567890123456789"],
    ["https://twitter.com/SomeName/status/1234?s=20&t=abc", "x:somename/status/1234"],
    ["x.com/somename/statuses/1234", "x:somename/status/1234"],
    ["x.com/somename/status/1234/photo/1", "x:somename/status/1234"],
    ["x.com/i/web/status/1234", "x:status/1234"],
    ["x.com/i/status/1234", "x:status/1234"],
    ["x.com/i/user/783214", "x:id:783214"],
    ["twitter.com/intent/user?screen_name=SomeName", "x:somename"],
    ["twitter.com/intent/follow?user_id=783214", "x:id:783214"],
    ["@SomeName", "x:somename", { platform: "x" }],
    ["SomeName", "x:somename", { platform: "x" }],
    ["x.com/somename", "x:somename", { platform: "x" }],
  ],
  instagram: [
    ["https://www.instagram.com/some.name/", "instagram:some.name"],
    ["instagram.com/Some_Name?igsh=abc", "instagram:some_name"],
    ["instagr.am/somename", "instagram:somename"],
    ["instagram.com/threads", "instagram:threads"],
    ["m.instagram.com/somename/reels/", "instagram:somename"],
    ["instagram.com/somename/tagged", "instagram:somename"],
    ["instagram.com/a", "instagram:a"],
    ["instagram.com/p/CabcDEF123/", "instagram:p/CabcDEF123"],
    ["instagram.com/p/CabcDEF123/?img_index=2", "instagram:p/CabcDEF123"],
    ["instagram.com/reel/Cxyz_-9876", "instagram:reel/Cxyz_-9876"],
    ["instagram.com/reels/Cxyz_-9876", "instagram:reel/Cxyz_-9876"],
    ["instagram.com/tv/Cxyz_-9876", "instagram:reel/Cxyz_-9876"],
    ["instagram.com/somename/p/CabcDEF123", "instagram:somename/p/CabcDEF123"],
    ["instagram.com/somename/reel/CabcDEF123", "instagram:somename/reel/CabcDEF123"],
    ["instagram.com/stories/somename/3123456789012345678", "instagram:somename/stories/3123456789012345678"],
    ["instagram.com/stories/somename/", "instagram:somename"],
    ["instagram.com/stories/highlights/17912345678901234/", "instagram:stories/highlights/17912345678901234"],
    ["@some.name", "instagram:some.name", { platform: "instagram" }],
    ["some.name", "instagram:some.name", { platform: "instagram" }],
  ],
  tiktok: [
    ["https://www.tiktok.com/@user.name", "tiktok:user.name"],
    ["tiktok.com/@User_Name?lang=en", "tiktok:user_name"],
    ["m.tiktok.com/@username/", "tiktok:username"],
    ["tiktok.com/@username/live", "tiktok:username"],
    ["tiktok.com/@ab", "tiktok:ab"],
    ["tiktok.com/@username/video/7234567890123456789", "tiktok:username/video/7234567890123456789"],
    [
      "tiktok.com/@username/video/7234567890123456789?is_from_webapp=1",
      "tiktok:username/video/7234567890123456789",
    ],
    ["tiktok.com/@username/photo/7234567890123456789", "tiktok:username/photo/7234567890123456789"],
    ["tiktok.com/embed/v2/7234567890123456789", "tiktok:video/7234567890123456789"],
    ["tiktok.com/embed/7234567890123456789", "tiktok:video/7234567890123456789"],
    ["tiktok.com/v/7234567890123456789.html", "tiktok:video/7234567890123456789"],
    ["@username", "tiktok:username", { platform: "tiktok" }],
  ],
  facebook: [
    ["https://www.facebook.com/some.page", "facebook:some.page"],
    ["facebook.com/SomePage/", "facebook:somepage"],
    ["m.facebook.com/SomePage?ref=bookmarks", "facebook:somepage"],
    ["web.facebook.com/somepage", "facebook:somepage"],
    ["mbasic.facebook.com/somepage", "facebook:somepage"],
    ["de-de.facebook.com/somepage", "facebook:somepage"],
    ["fb.com/somepage", "facebook:somepage"],
    ["facebook.com/somepage/about", "facebook:somepage"],
    ["facebook.com/pg/SomePage/posts/", "facebook:somepage"],
    ["facebook.com/somepage/posts/", "facebook:somepage"],
    ["https://www.facebook.com/profile.php?id=100012345678901", "facebook:id:100012345678901"],
    ["facebook.com/profile.php?id=100012345678901&sk=photos", "facebook:id:100012345678901"],
    ["facebook.com/100012345678901", "facebook:id:100012345678901"],
    ["facebook.com/people/Some-Name/100012345678901/", "facebook:id:100012345678901"],
    ["facebook.com/pages/Some-Page/123456789", "facebook:id:123456789"],
    ["facebook.com/somepage/posts/1234567890", "facebook:somepage/posts/1234567890"],
    ["facebook.com/somepage/posts/pfbid02abcDEFghiJKLmno", "facebook:somepage/posts/pfbid02abcDEFghiJKLmno"],
    ["facebook.com/somepage/videos/1234567890/", "facebook:somepage/videos/1234567890"],
    ["facebook.com/somepage/videos/some-title/1234567890/", "facebook:somepage/videos/1234567890"],
    ["facebook.com/somepage/photos/a.123/456/", "facebook:somepage/photos/456"],
    ["facebook.com/100012345678901/posts/987", "facebook:id:100012345678901/posts/987"],
    ["facebook.com/permalink.php?story_fbid=987&id=100012345678901", "facebook:id:100012345678901/posts/987"],
    ["facebook.com/story.php?story_fbid=987&id=100012345678901", "facebook:id:100012345678901/posts/987"],
    ["facebook.com/watch/?v=1234567890", "facebook:videos/1234567890"],
    ["facebook.com/watch?v=1234567890", "facebook:videos/1234567890"],
    ["facebook.com/reel/1234567890", "facebook:reel/1234567890"],
    ["facebook.com/photo/?fbid=1234567890", "facebook:photos/1234567890"],
    ["facebook.com/photo.php?fbid=1234567890&set=a.1", "facebook:photos/1234567890"],
    ["facebook.com/groups/somegroup/posts/1234567890/", "facebook:posts/1234567890"],
    ["facebook.com/groups/123456/permalink/1234567890/", "facebook:posts/1234567890"],
    ["some.page", "facebook:some.page", { platform: "facebook" }],
    ["100012345678901", "facebook:id:100012345678901", { platform: "facebook" }],
  ],
  whatsapp: [
    ["https://wa.me/923001234567", "whatsapp:tel:+923001234567"],
    ["wa.me/+923001234567", "whatsapp:tel:+923001234567"],
    ["wa.me/923001234567?text=hello", "whatsapp:tel:+923001234567"],
    ["wa.me/c/923001234567", "whatsapp:tel:+923001234567"],
    ["https://api.whatsapp.com/send?phone=923001234567", "whatsapp:tel:+923001234567"],
    ["api.whatsapp.com/send/?phone=%2B923001234567&text&type=phone_number", "whatsapp:tel:+923001234567"],
    ["api.whatsapp.com/send?phone=+923001234567", "whatsapp:tel:+923001234567"],
    ["whatsapp.com/send?phone=92-300-1234567", "whatsapp:tel:+923001234567"],
    ["https://whatsapp.com/channel/0029VaABCDEFGHIJ12345xyz", "whatsapp:channel:0029VaABCDEFGHIJ12345xyz"],
    ["www.whatsapp.com/channel/0029VaABCDEFGHIJ12345xyz/", "whatsapp:channel:0029VaABCDEFGHIJ12345xyz"],
    ["whatsapp.com/channel/0029VaABCDEFGHIJ12345xyz/123", "whatsapp:channel:0029VaABCDEFGHIJ12345xyz/123"],
    ["chat.whatsapp.com/AbCdEfGhIjKlMnOp", "whatsapp:invite:AbCdEfGhIjKlMnOp"],
    ["chat.whatsapp.com/invite/AbCdEfGhIjKlMnOp", "whatsapp:invite:AbCdEfGhIjKlMnOp"],
    ["+92 300 1234567", "whatsapp:tel:+923001234567", { platform: "whatsapp" }],
    ["923001234567", "whatsapp:tel:+923001234567", { platform: "whatsapp" }],
  ],
  telegram: [
    ["https://t.me/somechannel", "telegram:somechannel"],
    ["t.me/SomeChannel/", "telegram:somechannel"],
    ["telegram.me/somechannel", "telegram:somechannel"],
    ["telegram.dog/somechannel", "telegram:somechannel"],
    ["t.me/some_bot?start=abc", "telegram:some_bot"],
    ["t.me/s/somechannel", "telegram:somechannel"],
    ["t.me/abcd", "telegram:abcd"],
    ["t.me/telegram", "telegram:telegram"],
    ["t.me/blog", "telegram:blog"],
    ["t.me/somechannel/42", "telegram:somechannel/42"],
    ["t.me/s/somechannel/42", "telegram:somechannel/42"],
    ["t.me/somegroup/12/345", "telegram:somegroup/345"],
    ["t.me/somechannel/42?single", "telegram:somechannel/42"],
    ["t.me/+AbCdEf_123-xyz", "telegram:invite:AbCdEf_123-xyz"],
    ["t.me/joinchat/AbCdEf_123-xyz", "telegram:invite:AbCdEf_123-xyz"],
    ["t.me/%2BAbCdEf123", "telegram:invite:AbCdEf123"],
    ["t.me/+923001234567", "telegram:tel:+923001234567"],
    ["t.me/c/1234567890/55", "telegram:id:1234567890/55"],
    ["t.me/c/1234567890", "telegram:id:1234567890"],
    ["@somechannel", "telegram:somechannel", { platform: "telegram" }],
    ["+923001234567", "telegram:tel:+923001234567", { platform: "telegram" }],
  ],
};

describe.each(Object.entries(accepted))("parseTarget on %s", (_platform, cases) => {
  it.each(cases)("%j gives %s", (input, key, options) => {
    expect(targetKey(parseTarget(input, options))).toBe(key);
  });
});

describe("target shapes", () => {
  it("reads an account link into an account target", () => {
    expect(parseTarget("https://twitter.com/SomeName")).toEqual<Target>({
      type: "account",
      account: { kind: "username", platform: "x", username: "somename" },
    });
  });

  it("keeps the account a content link shows", () => {
    expect(parseTarget("t.me/somechannel/42")).toEqual<Target>({
      type: "content",
      platform: "telegram",
      kind: "message",
      id: "42",
      account: { kind: "username", platform: "telegram", username: "somechannel" },
    });
  });

  it("leaves the account out when the link does not show it", () => {
    expect(parseTarget("instagram.com/p/CabcDEF123")).toEqual<Target>({
      type: "content",
      platform: "instagram",
      kind: "post",
      id: "CabcDEF123",
    });
  });

  it("keeps the case of invite codes, channel codes and shortcodes", () => {
    expect(targetKey(parseTarget("t.me/+AbC123xyz"))).not.toBe(targetKey(parseTarget("t.me/+abc123xyz")));
    expect(targetKey(parseTarget("instagram.com/p/AbCdE1"))).toBe("instagram:p/AbCdE1");
  });

  it("stores phone numbers in E.164", () => {
    expect(parseTarget("wa.me/923001234567")).toEqual<Target>({
      type: "account",
      account: { kind: "phone", platform: "whatsapp", phone: "+923001234567" },
    });
  });
});

describe("safeParseTarget", () => {
  it("returns the target on success", () => {
    expect(safeParseTarget("x.com/somename")).toEqual({
      success: true,
      data: { type: "account", account: { kind: "username", platform: "x", username: "somename" } },
    });
  });

  it("returns the error instead of throwing", () => {
    const result = safeParseTarget("https://x.com/home");
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.code).toBe("invalid_target");
    expect(result.error.input).toBe("https://x.com/home");
    expect(result.error.reason).toBe("x.com/home is a reserved X page, not an account");
  });
});
