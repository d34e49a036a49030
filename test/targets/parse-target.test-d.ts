import {
  type AccountRef,
  canonicalUrl,
  type InvalidTargetError,
  type PlatformDefinition,
  parseTarget,
  safeParseTarget,
  type Target,
  type TargetUrl,
  targetKey,
} from "referral-kit";
import { describe, expectTypeOf, it } from "vitest";

describe("target parsing types", () => {
  it("parseTarget returns a Target; targetKey a string; canonicalUrl maybe a string", () => {
    expectTypeOf(parseTarget("x.com/a")).toEqualTypeOf<Target>();
    expectTypeOf(targetKey).returns.toEqualTypeOf<string>();
    expectTypeOf(canonicalUrl).returns.toEqualTypeOf<string | undefined>();
  });

  it("safeParseTarget narrows on success", () => {
    const result = safeParseTarget("x.com/a");
    if (result.success) expectTypeOf(result.data).toEqualTypeOf<Target>();
    else expectTypeOf(result.error).toEqualTypeOf<InvalidTargetError>();
  });

  it("a content target's account is optional; an account target's is not", () => {
    const target = parseTarget("x.com/a");
    if (target.type === "content") expectTypeOf(target.account).toEqualTypeOf<AccountRef | undefined>();
    else expectTypeOf(target.account).toEqualTypeOf<AccountRef>();
  });

  it("a custom parser receives a TargetUrl and may leave out parseHandle", () => {
    expectTypeOf<Parameters<PlatformDefinition["parse"]>[0]>().toEqualTypeOf<TargetUrl>();
    expectTypeOf<{
      id: "vk";
      name: "VK";
      hosts: ["vk.com"];
      parse: PlatformDefinition["parse"];
    }>().toMatchTypeOf<PlatformDefinition>();
    // @ts-expect-error: options.platforms takes parsers, not host names
    parseTarget("vk.com/a", { platforms: ["vk.com"] });
  });
});
