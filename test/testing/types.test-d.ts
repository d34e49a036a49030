import type { DefinedAdapter } from "referral-kit/adapter";
import { createXAdapter } from "referral-kit/adapters/x";
import {
  createPlatformMock,
  defaultScenarios,
  definePlatformMock,
  type FaultInjection,
  type MockOptions,
  type MockStates,
  type PlatformMock,
} from "referral-kit/testing";
import { describe, expectTypeOf, it } from "vitest";

describe("public generics", () => {
  it("definePlatformMock keeps the platform's state names as literals", () => {
    const mock = definePlatformMock({
      platform: "acme",
      baseUrl: "https://api.acme.example",
      states: { open: { outcome: "pending" }, done: { outcome: "actioned" } },
      supports: {
        requestKinds: ["suspend"],
        targetTypes: ["account"],
        statusPolling: true,
        webhooks: false,
        withdrawal: false,
        maxTargetsPerCall: 1,
      },
      scenario: defaultScenarios.x,
      errorResponse: (error) => Response.json({ error: error.message }, { status: error.status }),
      handlers: () => [],
    });
    expectTypeOf(mock).toEqualTypeOf<PlatformMock<"open" | "done">>();
    expectTypeOf(mock.force).parameter(1).toEqualTypeOf<"open" | "done">();
    // @ts-expect-error not a state of this platform
    mock.force("ref_1", "declined");
  });

  it("the X mock and adapter keep their literals", () => {
    expectTypeOf(createPlatformMock("x").force).parameter(1).toEqualTypeOf<MockStates["x"]>();
    expectTypeOf(createXAdapter()).toEqualTypeOf<DefinedAdapter<"x">>();
    expectTypeOf(createXAdapter().platform).toEqualTypeOf<"x">();
  });

  it("mock options are checked per platform", () => {
    expectTypeOf<{ bearerToken: string; unknownUsernames: string[]; seed: number }>().toExtend<
      MockOptions<"x">
    >();
    // @ts-expect-error unknownUsers belongs to the TikTok mock
    const wrong: MockOptions<"x"> = { unknownUsers: ["deleted_user"] };
    void wrong;
    expectTypeOf(createPlatformMock).toBeCallableWith("tiktok", { unknownUsers: ["deleted_user"] });
    // @ts-expect-error createPlatformMock checks the options against the platform named first
    createPlatformMock("x", { unknownUsers: ["deleted_user"] });
    // @ts-expect-error only the six built-in platforms have a mock
    createPlatformMock("acme");
  });

  it("fault injections are checked per kind", () => {
    expectTypeOf<{ kind: "rate-limit"; retryAfterSeconds: 2 }>().toExtend<FaultInjection>();
    // @ts-expect-error a timeout has no retryAfterSeconds
    const wrong: FaultInjection = { kind: "timeout", retryAfterSeconds: 2 };
    void wrong;
  });
});
