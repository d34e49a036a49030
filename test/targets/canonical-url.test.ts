import { canonicalUrl, parseTarget, type Target } from "referral-kit";
import { describe, expect, it } from "vitest";

const cases: [input: string, url: string | undefined][] = [
  ["mobile.twitter.com/SomeName/status/123?s=20", "https://x.com/somename/status/123"],
  ["twitter.com/SomeName", "https://x.com/somename"],
  ["x.com/i/user/783214", "https://x.com/i/user/783214"],
  ["x.com/i/web/status/123", "https://x.com/i/web/status/123"],
  ["instagram.com/Some.Name", "https://www.instagram.com/some.name/"],
  ["instagram.com/reel/CabcDEF", "https://www.instagram.com/reel/CabcDEF/"],
  ["instagram.com/stories/somename/123", "https://www.instagram.com/stories/somename/123/"],
  ["tiktok.com/@User/video/7234", "https://www.tiktok.com/@user/video/7234"],
  ["tiktok.com/embed/v2/7234", "https://www.tiktok.com/embed/v2/7234"],
  ["m.facebook.com/Some.Page", "https://www.facebook.com/some.page"],
  ["facebook.com/profile.php?id=1000123", "https://www.facebook.com/profile.php?id=1000123"],
  [
    "facebook.com/story.php?story_fbid=9&id=1000123",
    "https://www.facebook.com/permalink.php?story_fbid=9&id=1000123",
  ],
  ["facebook.com/somepage/videos/title/42", "https://www.facebook.com/somepage/videos/42"],
  ["facebook.com/watch?v=42", "https://www.facebook.com/watch/?v=42"],
  ["facebook.com/groups/somegroup/posts/42", undefined],
  ["api.whatsapp.com/send?phone=923001234567", "https://wa.me/923001234567"],
  ["whatsapp.com/channel/0029VaABCDEFGHIJ/12", "https://whatsapp.com/channel/0029VaABCDEFGHIJ/12"],
  ["chat.whatsapp.com/AbCdEfGhIjKl", "https://chat.whatsapp.com/AbCdEfGhIjKl"],
  ["t.me/s/SomeChannel/42", "https://t.me/somechannel/42"],
  ["t.me/joinchat/AbCdEf", "https://t.me/+AbCdEf"],
  ["t.me/+923001234567", "https://t.me/+923001234567"],
  ["t.me/c/123456/7", "https://t.me/c/123456/7"],
  ["t.me/c/123456", undefined],
];

describe("canonicalUrl", () => {
  it.each(cases)("%j gives %s", (input, url) => {
    expect(canonicalUrl(parseTarget(input))).toBe(url);
  });

  it("gives undefined for a custom platform", () => {
    const target: Target = { type: "account", account: { kind: "username", platform: "vk", username: "a" } };
    expect(canonicalUrl(target)).toBeUndefined();
  });
});
