import type { DefinedAdapter, ReportingAdapter, StatusUpdate } from "referral-kit/adapter";
import { createTelegramAdapter, type TelegramAdapter } from "referral-kit/adapters/telegram";
import { createTikTokAdapter } from "referral-kit/adapters/tiktok";
import { describe, expectTypeOf, it } from "vitest";

describe("reference adapter types", () => {
  it("keep their platform literal and the v1 contract", () => {
    const tiktok = createTikTokAdapter();
    expectTypeOf(tiktok.platform).toEqualTypeOf<"tiktok">();
    expectTypeOf(tiktok).toExtend<ReportingAdapter<"tiktok">>();
    expectTypeOf(tiktok).toEqualTypeOf<DefinedAdapter<"tiktok">>();

    const telegram = createTelegramAdapter();
    expectTypeOf(telegram.platform).toEqualTypeOf<"telegram">();
    expectTypeOf(telegram).toExtend<ReportingAdapter<"telegram">>();
    expectTypeOf(telegram).toEqualTypeOf<TelegramAdapter>();
  });

  it("pollUpdates returns status updates and the next offset", () => {
    const telegram = createTelegramAdapter();
    expectTypeOf(telegram.pollUpdates).returns.resolves.toEqualTypeOf<
      Awaited<ReturnType<TelegramAdapter["pollUpdates"]>>
    >();
    expectTypeOf<Awaited<ReturnType<TelegramAdapter["pollUpdates"]>>["updates"]>().toEqualTypeOf<
      readonly StatusUpdate[]
    >();
    expectTypeOf<Awaited<ReturnType<TelegramAdapter["pollUpdates"]>>["nextOffset"]>().toEqualTypeOf<
      number | undefined
    >();
    // @ts-expect-error offsets are numbers (Telegram update ids)
    void telegram.pollUpdates({ offset: "851000001" });
  });
});
