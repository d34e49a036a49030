import type { RequestEvent } from "referral-kit";
import type { ReportingAdapter, StatusUpdate } from "referral-kit/adapter";
import { createEmailAdapter, type EmailAdapter, type ReplyUpdate } from "referral-kit/adapters/email";
import {
  createManualChannel,
  createMemoryPreparedStore,
  type ManualChannel,
} from "referral-kit/adapters/manual";
import { type VerificationProbe, type VerificationRecord, verifyTargets } from "referral-kit/verify";
import { describe, expectTypeOf, it } from "vitest";

describe("channel and verification types", () => {
  it("keep the platform literal and the v1 contract for email; the manual channel is not an adapter", () => {
    const email = createEmailAdapter({
      platform: "telegram",
      to: "a@b.example",
      from: "c@d.example",
      transport: { host: "h" },
    });
    expectTypeOf(email.platform).toEqualTypeOf<"telegram">();
    expectTypeOf(email).toExtend<ReportingAdapter<"telegram">>();
    expectTypeOf(email).toEqualTypeOf<EmailAdapter<"telegram">>();
    expectTypeOf<ReplyUpdate["update"]>().toEqualTypeOf<StatusUpdate>();

    const manual = createManualChannel({
      platform: "tiktok",
      portal: { name: "p", url: "https://p.example" },
      store: createMemoryPreparedStore(),
    });
    expectTypeOf(manual).toEqualTypeOf<ManualChannel<"tiktok">>();
    expectTypeOf(manual).not.toExtend<ReportingAdapter>();
    expectTypeOf(manual.confirm).returns.resolves.toEqualTypeOf<
      Extract<RequestEvent, { type: "submitted" }>
    >();
  });

  it("verifyTargets returns verification records", () => {
    expectTypeOf(verifyTargets).returns.resolves.toEqualTypeOf<VerificationRecord[]>();
    expectTypeOf<VerificationRecord["type"]>().toEqualTypeOf<
      "verified-removed" | "verified-withheld" | "still-available" | "verification-failed"
    >();
    expectTypeOf<Parameters<VerificationProbe["check"]>[0]["url"]>().toEqualTypeOf<string | undefined>();
  });
});
