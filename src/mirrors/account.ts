import { safeParseTarget } from "../domain/targets/parse-target.js";
import { accountKey } from "../domain/targets/target-key.js";
import {
  foldText,
  type HandleForms,
  type NameForms,
  normaliseAvatarHash,
  normaliseDisplayName,
  normaliseHandle,
  normaliseLink,
  normalisePhone,
} from "./normalise.js";

/**
 * An account as mirror detection sees it: what is visible on its profile. Every field but `platform`
 * and `handle` is optional; each one given can support a match.
 *
 * @example
 * ```ts
 * const account: MirrorAccount = {
 *   platform: "x",
 *   handle: "ttp_official2",
 *   displayName: "TTP Official",
 *   links: ["https://t.me/ttp_channel"],
 *   createdAt: "2025-03-04T10:00:00Z",
 * };
 * ```
 */
export interface MirrorAccount {
  /** Platform id (`x`, `telegram`, ...). */
  platform: string;
  /** The handle as shown or pasted, with or without `@`. */
  handle: string;
  displayName?: string;
  /** Links in the bio or profile. */
  links?: readonly string[];
  /** Phone numbers shown on the profile (WhatsApp contact, bio). */
  phones?: readonly string[];
  /** Perceptual hash of the avatar, hexadecimal, where the caller computes one (e.g. a 64-bit pHash). */
  avatarHash?: string;
  /** When the account was created (ISO 8601 or a Date). */
  createdAt?: string | Date;
  /** The proscribed group the account is linked to (a registry id or name), where known. */
  group?: string;
}

/**
 * An account already actioned (suspended, removed): the reference a new account is compared with.
 *
 * @example
 * ```ts
 * const known: KnownAccount = {
 *   platform: "x",
 *   handle: "ttp_official",
 *   group: "ttp",
 *   actionedAt: "2025-03-01T00:00:00Z",
 * };
 * ```
 */
export interface KnownAccount extends MirrorAccount {
  /** When the platform actioned it; a new account created soon after is more likely its mirror. */
  actionedAt?: string | Date;
}

/**
 * An account with every comparable form computed once. Internal to the index and scorer.
 *
 * @example
 * ```ts
 * const prepared: PreparedAccount = prepareAccount({ platform: "x", handle: "ttp_official2" });
 * prepared.handle.core; // "ttp"
 * ```
 */
export interface PreparedAccount {
  key: string;
  handle: HandleForms;
  name: NameForms | undefined;
  /** The display name as given, for reasons a reviewer reads. */
  displayName: string | undefined;
  links: string[];
  phones: string[];
  avatar: string | undefined;
  createdAt: number | undefined;
  actionedAt: number | undefined;
  /** Handle and display name folded, for the reporting-terms caution. */
  text: string;
}

/**
 * The key a candidate list uses for an account: referral-kit's canonical account key (`x:ttp_official`)
 * when the handle is a valid username on its platform, else `<platform>:<handle>` lower-cased, so
 * handles a platform would not accept (look-alike letters) still have a stable key.
 *
 * @example
 * ```ts
 * mirrorAccountKey({ platform: "x", handle: "@TTP_Official" }); // "x:ttp_official"
 * ```
 */
export function mirrorAccountKey(account: Pick<MirrorAccount, "platform" | "handle">): string {
  const handle = account.handle.trim();
  const parsed = safeParseTarget(handle.startsWith("@") ? handle : `@${handle}`, {
    platform: account.platform,
  });
  if (parsed.success && parsed.data.type === "account") return accountKey(parsed.data.account);
  return `${account.platform}:${handle.replace(/^@+/, "").normalize("NFC").toLowerCase()}`;
}

function time(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== undefined))];
}

/**
 * Computes every comparable form of an account once, so scoring many pairs never normalises twice.
 * Internal.
 *
 * @example
 * ```ts
 * prepareAccount({ platform: "x", handle: "ttp", phones: ["+92 300 1234567"] }).phones; // ["3001234567"]
 * ```
 */
export function prepareAccount(account: KnownAccount): PreparedAccount {
  const name =
    account.displayName && account.displayName.trim() !== ""
      ? normaliseDisplayName(account.displayName)
      : undefined;
  const handle = normaliseHandle(account.handle);
  return {
    key: mirrorAccountKey(account),
    handle,
    name,
    displayName: name ? account.displayName?.trim() : undefined,
    links: defined((account.links ?? []).map(normaliseLink)),
    phones: defined((account.phones ?? []).map(normalisePhone)),
    avatar: account.avatarHash ? normaliseAvatarHash(account.avatarHash) : undefined,
    createdAt: time(account.createdAt),
    actionedAt: time(account.actionedAt),
    text: `${handle.folded} ${name ? foldText(name.key) : ""}`,
  };
}
