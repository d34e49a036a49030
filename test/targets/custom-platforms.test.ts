import {
  BUILT_IN_PLATFORMS,
  type PlatformDefinition,
  parseTarget,
  rejectTarget,
  safeParseTarget,
  targetKey,
} from "referral-kit";
import { describe, expect, it } from "vitest";

const vk: PlatformDefinition = {
  id: "vk",
  name: "VK",
  hosts: ["vk.com"],
  parse: (url) => {
    const [name, ...rest] = url.path;
    if (name === undefined) return rejectTarget("the link points at the VK home page, not an account");
    if (rest.length > 0 || !/^[a-z0-9_.]{5,32}$/i.test(name))
      return rejectTarget(`"${name}" is not a VK profile`);
    return { type: "account", account: { kind: "username", platform: "vk", username: name.toLowerCase() } };
  },
  parseHandle: (handle) => ({
    type: "account",
    account: { kind: "username", platform: "vk", username: handle.toLowerCase() },
  }),
};

describe("custom platforms (options.platforms)", () => {
  it("reads links on the custom hosts, after the usual clean-up", () => {
    expect(targetKey(parseTarget("  HTTPS://m.VK.com/Some_Name/?from=feed#x ", { platforms: [vk] }))).toBe(
      "vk:some_name",
    );
  });

  it("passes the custom parser's own rejection through", () => {
    const result = safeParseTarget("vk.com", { platforms: [vk] });
    expect(result.success || result.error.reason).toBe("the link points at the VK home page, not an account");
  });

  it("reads bare handles when the custom platform is named", () => {
    expect(targetKey(parseTarget("@Some_Name", { platform: "vk", platforms: [vk] }))).toBe("vk:some_name");
  });

  it("rejects a bare handle when the custom parser has no parseHandle", () => {
    const { parseHandle: _omitted, ...linksOnly } = vk;
    expect(() => parseTarget("@somename", { platform: "vk", platforms: [linksOnly] })).toThrow(
      "VK needs a link, not a bare handle",
    );
  });

  it("does not know custom hosts unless the parser is passed", () => {
    expect(() => parseTarget("vk.com/somename")).toThrow(/vk\.com is not a supported platform/);
  });

  it("lists custom platforms in the unknown-host reason", () => {
    expect(() => parseTarget("example.com/a", { platforms: [vk] })).toThrow(/\(VK, Facebook, Instagram/);
  });

  it("turns a throwing custom parser into InvalidTargetError", () => {
    const broken: PlatformDefinition = {
      ...vk,
      parse: () => {
        throw new TypeError("boom");
      },
    };
    const result = safeParseTarget("vk.com/somename", { platforms: [broken] });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.reason).toBe("the input could not be parsed (boom)");
  });

  it("holds custom output to Target and the parser's own platform id", () => {
    const wrongPlatform: PlatformDefinition = {
      ...vk,
      parse: () => ({ type: "account", account: { kind: "username", platform: "x", username: "a" } }),
    };
    expect(() => parseTarget("vk.com/somename", { platforms: [wrongPlatform] })).toThrow(
      'the VK parser returned a target for platform "x", not "vk"',
    );
    const invalid: PlatformDefinition = {
      ...vk,
      parse: () => ({ type: "account", account: { kind: "phone", platform: "vk", phone: "123" } }),
    };
    expect(() => parseTarget("vk.com/somename", { platforms: [invalid] })).toThrow(
      /the VK parser returned an invalid target: a phone number is E\.164/,
    );
  });

  it("lets a custom parser replace a built-in one for the same host", () => {
    const builtIn = BUILT_IN_PLATFORMS.find((platform) => platform.id === "x")!;
    // Wrap the built-in parser: accept everything it accepts, but refuse posts.
    const accountsOnly: PlatformDefinition = {
      ...builtIn,
      parse: (url) => {
        const outcome = builtIn.parse(url);
        return "type" in outcome && outcome.type === "content"
          ? rejectTarget("posts are not accepted here")
          : outcome;
      },
    };
    expect(targetKey(parseTarget("x.com/somename", { platforms: [accountsOnly] }))).toBe("x:somename");
    expect(() => parseTarget("x.com/somename/status/1", { platforms: [accountsOnly] })).toThrow(
      "posts are not accepted here",
    );
  });

  it("exposes the six built-in parsers", () => {
    expect(BUILT_IN_PLATFORMS.map((platform) => platform.id)).toEqual([
      "facebook",
      "instagram",
      "whatsapp",
      "tiktok",
      "x",
      "telegram",
    ]);
  });
});
