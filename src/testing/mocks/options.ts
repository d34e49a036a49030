/** The options and state names of the built-in mocks, one generic type each, keyed by platform. */
import type { KnownPlatformId } from "../../domain/platforms.js";
import type { MockScenario } from "../mock/scenario.js";
import type { MOCK_CREDENTIALS } from "./credentials.js";

/**
 * Options of a built-in mock (`createXMock`, `createFacebookMock`, ...): what every mock takes, the
 * platform's credentials (default: {@link MOCK_CREDENTIALS}), and what only that platform has.
 *
 * @typeParam P - the platform whose mock takes the options.
 *
 * @example
 * ```ts
 * const options: MockOptions<"x"> = { bearerToken: "test-token", unknownUsernames: ["deleted_account"], seed: 7 };
 * const mock = createPlatformMock("x", options);
 * ```
 */
export type MockOptions<P extends KnownPlatformId> = {
  /** The base URL the mock answers on (default: the platform's modelled host, the adapter's default). */
  baseUrl?: string;
  /** How the platform decides (default: `defaultScenarios[platform]`, illustrative). */
  scenario?: MockScenario;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Where the virtual clock starts, epoch ms or an ISO date (default 2026-01-05T09:00:00Z). */
  startTime?: number | string;
} & Partial<(typeof MOCK_CREDENTIALS)[P]> &
  (P extends "facebook" | "instagram"
    ? {
        /** How long an issued token lives, by the mock's virtual clock (default 3600 s). */
        tokenLifetimeSeconds?: number;
        /**
         * Accounts (as the `data_request.accounts` name them) the platform holds no records for: a
         * disclosure naming only these is decided with `data_result: "NO_RECORDS"` instead of a production.
         */
        noRecords?: readonly string[];
      }
    : {
        whatsapp: {
          /** Numbers (E.164) not on WhatsApp: their targets come back `invalid` at intake. */
          unregisteredNumbers?: readonly string[];
          /**
           * Accounts (as `data_request.accounts` names them) WhatsApp holds no records for: a disclosure
           * naming only these is decided with `data_result: "no_records"`.
           */
          noRecords?: readonly string[];
        };
        tiktok: {
          /** How far `X-TT-Timestamp` may be from the wall clock (default 300 s). */
          timestampToleranceSeconds?: number;
          /** Handles (`unique_id`) TikTok does not know: their targets come back `INVALID`. */
          unknownUsers?: readonly string[];
        };
        x: {
          /** Usernames X does not know: their targets come back `not_found`. */
          unknownUsernames?: readonly string[];
        };
        telegram: {
          /** Public chats (usernames) Telegram does not know: their items come back `chat_not_found`. */
          unknownChats?: readonly string[];
        };
      }[Exclude<P, "facebook" | "instagram">]);

/**
 * The state names each built-in mock reports, by platform: what `mock.force(ref, state)` takes.
 *
 * @example
 * ```ts
 * mock.force(ref, "info_requested" satisfies MockStates["x"], { reason: "send the court order" });
 * ```
 */
export interface MockStates {
  /** The states of a Graph legal request. */
  readonly facebook:
    | "SUBMITTED"
    | "UNDER_REVIEW"
    | "MORE_INFO_NEEDED"
    | "ACTION_TAKEN"
    | "PARTIAL_ACTION"
    | "NO_ACTION"
    | "WITHDRAWN";
  /** The states of a Graph legal request (as Facebook's). */
  readonly instagram: MockStates["facebook"];
  /** The states of a WhatsApp enforcement request. */
  readonly whatsapp:
    | "received"
    | "in_review"
    | "info_required"
    | "enforced"
    | "partially_enforced"
    | "declined"
    | "not_actionable";
  /** The states of a TikTok legal request. */
  readonly tiktok:
    | "SUBMITTED"
    | "UNDER_REVIEW"
    | "PENDING_INFO"
    | "COMPLETED"
    | "PARTIALLY_COMPLETED"
    | "REJECTED"
    | "CANCELLED";
  /** The states of an X legal request. */
  readonly x:
    | "received"
    | "in_review"
    | "info_requested"
    | "actioned"
    | "partially_actioned"
    | "declined"
    | "withdrawn";
  /** The states of a Telegram report. */
  readonly telegram: "pending" | "reviewing" | "actioned" | "partially_actioned" | "declined";
}
