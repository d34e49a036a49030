import type { ReferralRequest, RequestKind } from "referral-kit";
import {
  type Challenge,
  computeTransparencyReport,
  type LumenNotice,
  recordChallenge,
  type TRANSPARENCY_DEFINITIONS,
  type TransparencyReport,
  toLumenNotice,
} from "referral-kit/transparency";
import { describe, expectTypeOf, it } from "vitest";

describe("transparency types", () => {
  it("report rows carry the platform, the request kind and nullable shares", () => {
    expectTypeOf(computeTransparencyReport).returns.toEqualTypeOf<TransparencyReport>();
    expectTypeOf<TransparencyReport["rows"][number]["kind"]>().toEqualTypeOf<RequestKind>();
    expectTypeOf<TransparencyReport["total"]["shareActioned"]>().toEqualTypeOf<number | null>();
    expectTypeOf<keyof typeof TRANSPARENCY_DEFINITIONS>().toEqualTypeOf<
      keyof TransparencyReport["definitions"]
    >();
  });

  it("notices are Lumen GovernmentRequests with Lumen's action values", () => {
    expectTypeOf(toLumenNotice).returns.toEqualTypeOf<{ notice: LumenNotice }>();
    expectTypeOf<LumenNotice["type"]>().toEqualTypeOf<"GovernmentRequest">();
    expectTypeOf<LumenNotice["action_taken"]>().toEqualTypeOf<"Yes" | "No" | "Partial" | undefined>();
  });

  it("redress returns a request and accepts only the domain's appellants", () => {
    expectTypeOf(recordChallenge).returns.toEqualTypeOf<ReferralRequest>();
    expectTypeOf(recordChallenge)
      .parameter(1)
      .toHaveProperty("appellant")
      .toEqualTypeOf<Challenge["appellant"]>();
    // @ts-expect-error: "court" is not an appellant the domain knows
    recordChallenge({} as ReferralRequest, { appellant: "court", at: "2025-01-01T00:00:00Z" });
  });
});
