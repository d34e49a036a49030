import type { KnownPlatformId } from "referral-kit";
import { type PlatformMock, type Sandbox, type SandboxScenario, startSandbox } from "referral-kit/testing";
import { describe, expectTypeOf, it } from "vitest";

describe("startSandbox types", () => {
  it("serves all six platforms by default", () => {
    expectTypeOf(startSandbox()).resolves.toEqualTypeOf<Sandbox<KnownPlatformId>>();
    expectTypeOf<Sandbox["platforms"]["telegram"]["url"]>().toEqualTypeOf<string>();
    expectTypeOf<Sandbox["mocks"]["x"]>().toEqualTypeOf<PlatformMock>();
  });

  it("keeps a chosen subset as literals: only the served platforms can be named", () => {
    const started = startSandbox({ port: 0, platforms: ["x", "telegram"] });
    expectTypeOf(started).resolves.toEqualTypeOf<Sandbox<"x" | "telegram">>();
    type Served = keyof Awaited<typeof started>["platforms"];
    expectTypeOf<Served>().toEqualTypeOf<"x" | "telegram">();
  });

  it("refuses platforms the sandbox does not have, and malformed scenarios", () => {
    // @ts-expect-error: not a built-in platform
    void startSandbox({ platforms: ["myspace"] });
    // @ts-expect-error: speed is a number
    const scenario: SandboxScenario = { speed: "fast" };
    void scenario;
  });
});
