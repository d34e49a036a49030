import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import {
  BUILT_IN_PLATFORMS,
  canonicalUrl,
  type PlatformDefinition,
  parseTarget,
  platformName,
  rejectTarget,
  type Target,
  targetKey,
} from "referral-kit";
import { defaultTarget } from "referral-kit/testing";
import { createHttpProbe, DEFAULT_PAGE_RULES } from "referral-kit/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const vk: PlatformDefinition = {
  id: "vk",
  name: "VK",
  hosts: ["vk.com"],
  parse: (url) => {
    const [name, ...rest] = url.path;
    if (!name || rest.length > 0) return rejectTarget("not a VK profile link");
    return { type: "account", account: { kind: "username", platform: "vk", username: name.toLowerCase() } };
  },
  canonicalUrl: (target) =>
    target.type === "account" && target.account.kind === "username"
      ? `https://vk.com/${target.account.username}`
      : undefined,
  pageRules: {
    removedMarkers: ["Profile deleted"],
    withheldMarkers: ["blocked in your country"],
    removedRedirects: [],
    loginRedirects: [],
  },
  sampleTarget: (index) => ({
    type: "account",
    account: { kind: "username", platform: "vk", username: `vk_sample_${index}` },
  }),
};

describe("a custom platform's definition", () => {
  it("gives its targets a canonical link, as the built-in ones do", () => {
    const target = parseTarget("https://vk.com/Some_Name", { platforms: [vk] });
    expect(canonicalUrl(target, { platforms: [vk] })).toBe("https://vk.com/some_name");
    // Without its definition nothing knows the platform's links.
    expect(canonicalUrl(target)).toBeUndefined();
  });

  it("names the platform and gives the conformance suite its sample targets", () => {
    expect(platformName("vk", [vk])).toBe("VK");
    expect(platformName("vk")).toBe("vk");
    expect(defaultTarget("vk", [vk])(3, "account")).toEqual(vk.sampleTarget!(3, "account"));
    // A definition without samples: the suite's generic usernames.
    expect(defaultTarget("vk")(3, "account")).toMatchObject({ account: { username: "rk_conf_3" } });
  });

  it("replaces a built-in definition with the same id everywhere it is passed", () => {
    const x = BUILT_IN_PLATFORMS.find((platform) => platform.id === "x")!;
    const mirrorX: PlatformDefinition = {
      ...x,
      name: "X mirror",
      canonicalUrl: (target) => x.canonicalUrl?.(target)?.replace("https://x.com", "https://mirror.example"),
    };
    const target = parseTarget("x.com/SomeName");
    expect(canonicalUrl(target, { platforms: [mirrorX] })).toBe("https://mirror.example/somename");
    expect(platformName("x", [mirrorX])).toBe("X mirror");
    expect(canonicalUrl(target)).toBe("https://x.com/somename");
  });

  describe("page rules reach the verification probe", () => {
    const server = setupServer(
      http.get("https://vk.com/:name", ({ params }) =>
        params.name === "gone_one"
          ? HttpResponse.html("<h1>Profile deleted</h1>")
          : HttpResponse.html("<h1>Some profile</h1>"),
      ),
    );
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterAll(() => server.close());

    it("classifies a custom platform's removed page by its definition's markers", async () => {
      const probeTarget = (name: string) => {
        const target: Target = {
          type: "account",
          account: { kind: "username", platform: "vk", username: name },
        };
        return {
          requestId: "r",
          platform: "vk",
          key: targetKey(target),
          target,
          url: canonicalUrl(target, { platforms: [vk] }),
        };
      };
      const probe = createHttpProbe({ platforms: [vk], rateLimit: { requests: 1000, perMs: 1 } });
      expect((await probe.check(probeTarget("gone_one"), {})).result).toBe("verified-removed");
      expect((await probe.check(probeTarget("live_one"), {})).result).toBe("still-available");
      // Without the definition the page is only a 200: nothing says it is gone.
      const bare = createHttpProbe({ rateLimit: { requests: 1000, perMs: 1 } });
      expect((await bare.check(probeTarget("gone_one"), {})).result).toBe("still-available");
    });
  });
});

describe("the six built-in platforms are definitions like any other", () => {
  it.each(BUILT_IN_PLATFORMS.map((platform) => [platform.id, platform] as const))(
    "%s: its sample targets are distinct, in its content kinds, and read back from their canonical links",
    (_id, platform) => {
      for (const type of ["account", "content"] as const) {
        const keys = new Set<string>();
        for (const index of [1, 2, 99]) {
          const sample = platform.sampleTarget!(index, type);
          keys.add(targetKey(sample));
          if (sample.type === "content") expect(platform.contentKinds).toContain(sample.kind);
          const url = canonicalUrl(sample);
          expect(url, targetKey(sample)).toBeDefined();
          expect(targetKey(parseTarget(url!))).toBe(targetKey(sample));
        }
        expect(keys.size).toBe(3);
      }
      expect(DEFAULT_PAGE_RULES[platform.id as keyof typeof DEFAULT_PAGE_RULES]).toBe(platform.pageRules);
    },
  );

  it("passing them explicitly, as custom definitions are passed, changes nothing", () => {
    const links = [
      "twitter.com/SomeName/status/123",
      "t.me/s/somechannel",
      "wa.me/923001234567",
      "instagram.com/reel/Abc123",
      "tiktok.com/@some.one/video/7300000000000000001",
      "facebook.com/profile.php?id=100000000000001",
    ];
    for (const link of links) {
      const builtIn = parseTarget(link);
      const explicit = parseTarget(link, { platforms: BUILT_IN_PLATFORMS });
      expect(explicit).toEqual(builtIn);
      expect(canonicalUrl(explicit, { platforms: BUILT_IN_PLATFORMS })).toBe(canonicalUrl(builtIn));
    }
  });
});
