import { safeParseTarget } from "../domain/targets/parse-target.js";
import { accountKey } from "../domain/targets/target-key.js";
import { normalizeGroupName } from "../registry/normalize.js";
import { confusableSkeleton } from "./skeleton.js";
import { consonantSkeleton } from "./transliterate.js";

/**
 * Normalisation of the things a mirror account changes to evade a ban-evasion filter: the handle (look-alike
 * characters, case, separators, digits, leetspeak, affixes), the display name (script), and the
 * identifiers it keeps (links, phone numbers, avatar hash) written in a different form.
 */

// Leetspeak digits, and the symbols a display name may use the same way. Applied only to digits that sit
// against letters ("7tp", "0fficial", "s4fe"); other digits are numbering and are dropped.
const LEET: Readonly<Record<string, string>> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "9": "g",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "i",
  "+": "t",
};
const MARKS = /\p{M}/gu;
const NOT_ALNUM = /[^\p{L}\p{N}]+/gu;
const DIGIT_RUN = /\p{Nd}+/gu;
const LETTER = /\p{L}/u;

/**
 * Affixes that mirror accounts add to a banned name and that carry no identity: `ttp_official2`,
 * `real_ttp`, `ttp.backup`. Reporting words ("news", "watch") are deliberately absent: they are what
 * tells a news outlet apart from a mirror.
 *
 * @example
 * ```ts
 * MIRROR_AFFIXES.includes("backup"); // true
 * ```
 */
export const MIRROR_AFFIXES: readonly string[] = [
  "official",
  "offical",
  "officials",
  "real",
  "the",
  "original",
  "orig",
  "new",
  "backup",
  "bkp",
  "alt",
  "again",
  "back",
  "returns",
  "main",
  "acc",
  "account",
  "page",
  "channel",
  "hq",
  "team",
];

/**
 * The forms of one handle that mirror detection compares.
 *
 * @example
 * ```ts
 * const forms: HandleForms = normaliseHandle("TTP_Official2");
 * forms.core; // "ttp"
 * ```
 */
export interface HandleForms {
  /** Look-alikes mapped to Latin (TR39), lower-cased, separators removed: confusables, case, separators undone. */
  skeleton: string;
  /** `skeleton` plus leetspeak folded, numbering digits dropped, and `l` folded into `i` (`1`, `I`, `l`). */
  folded: string;
  /** `folded` without mirror affixes (`official`, `real`, `backup`, ...); the name itself. */
  core: string;
  /** The core's words in alphabetical order, so `pakistan_taliban` meets `taliban_pakistan`. */
  sortedCore: string;
  /** The core with doubled letters collapsed (`ttp.officiall` meets `ttp_official`). */
  collapsedCore: string;
}

/** Folds one token: leet digits against letters become letters, other digit runs go. */
function foldDigits(token: string): string {
  return token.replace(DIGIT_RUN, (run, offset: number) => {
    const before = token[offset - 1];
    const after = token[offset + run.length];
    const letterBefore = before !== undefined && LETTER.test(before);
    const letterAfter = after !== undefined && LETTER.test(after);
    // "7tp", "0fficial", "s4fe": a single digit leading into or inside a word stands for a letter.
    if (run.length === 1 && letterAfter) return LEET[run] ?? (letterBefore ? run : "");
    return "";
  });
}

/** Leetspeak symbols, and the ASCII look-alikes: `l` as `i` (after `1` and `I`), `rn` as `m`, `vv` as `w`. */
function fold(text: string): string {
  return text
    .replace(/[@$!|+]/g, (symbol) => LEET[symbol] ?? symbol)
    .replace(/l/g, "i")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w");
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 0x7f) return false;
  return true;
}
const lookalikes = new Map<string, string>();

/**
 * The Latin letter(s) a character passes for: its TR39 prototype when that is ASCII, else the prototype
 * of its capital (confusables.txt maps Cyrillic "Т" to "T" but small "т" only to the small capital "ᴛ").
 * ASCII itself is kept: platforms allow only ASCII in most handles, and the ASCII look-alikes inside it
 * (`rn`/`m`, `1`/`l`/`I`, `0`/`O`) are folded by the leetspeak step instead, so `i` and `l` stay apart in
 * display names.
 */
function latinLookalike(char: string): string {
  if (isAscii(char)) return char.toLowerCase();
  let mapped = lookalikes.get(char);
  if (mapped === undefined) {
    const small = confusableSkeleton(char);
    const capital = confusableSkeleton(char.toUpperCase());
    mapped = (isAscii(small) ? small : isAscii(capital) ? capital : small).toLowerCase();
    lookalikes.set(char, mapped);
  }
  return mapped;
}

/** NFKC (fullwidth and mathematical letters), look-alikes to Latin, lower case, marks removed. */
function unify(text: string): string {
  let out = "";
  for (const char of text.normalize("NFKC")) out += latinLookalike(char);
  return out.normalize("NFD").replace(MARKS, "").normalize("NFC");
}

/**
 * Folds free text the way handles are folded (look-alikes, case, leetspeak, `l` as `i`), for substring
 * tests such as the reporting-terms caution. Internal.
 *
 * @example
 * ```ts
 * foldText("TTP Journalist"); // "ttp joumaiist" (l as i, rn as m)
 * ```
 */
export function foldText(text: string): string {
  return fold(unify(text));
}

function affixPattern(word: string): string {
  // Each letter may repeat ("officiall"), as mirror handles double letters to get past exact filters.
  return [...word].map((char) => `${char}+`).join("");
}

const FOLDED_AFFIXES = [...new Set(MIRROR_AFFIXES.map((affix) => fold(unify(affix))))].sort(
  (a, b) => b.length - a.length,
);
const AFFIX_ALTERNATION = FOLDED_AFFIXES.map(affixPattern).join("|");
const AFFIX_TOKEN = new RegExp(`^(?:${AFFIX_ALTERNATION})$`, "u");
const AFFIX_PREFIX = new RegExp(`^(?:${AFFIX_ALTERNATION})`, "u");
const AFFIX_SUFFIX = new RegExp(`(?:${AFFIX_ALTERNATION})$`, "u");
// A core shorter than this is too little to stand for a name: keep the affixes then.
const MIN_CORE = 3;

function stripGlued(token: string): string {
  let current = token;
  for (let changed = true; changed; ) {
    changed = false;
    for (const pattern of [AFFIX_SUFFIX, AFFIX_PREFIX]) {
      const next = current.replace(pattern, "");
      if (next !== current && next.length >= MIN_CORE) {
        current = next;
        changed = true;
      }
    }
  }
  return current;
}

/**
 * Normalises a handle into the forms mirror detection compares (see {@link HandleForms}). Defeats
 * Unicode confusables (TR39 skeleton over Unicode's `confusables.txt`), fullwidth and styled letters,
 * case, separators (`_`, `.`, `-`), numbering digits, leetspeak, doubled letters, mirror affixes
 * (`official`, `real`, `backup`, ...) and token order. Arabic-script letters are transliterated to
 * consonants (see {@link consonantSkeleton}).
 *
 * @example
 * ```ts
 * normaliseHandle("ttp_official2").core; // "ttp"
 * normaliseHandle("official_ttp").core; // "ttp"
 * normaliseHandle("7tp.officiall").core; // "ttp"
 * normaliseHandle("ｔｔр_news_watch").core; // "ttpnewswatch"
 * ```
 */
export function normaliseHandle(handle: string): HandleForms {
  const plain = handle.trim().replace(/^@+/, "").normalize("NFKC").toLowerCase();
  const skeleton = unify(plain)
    .split(NOT_ALNUM)
    .map((token) => transliterateToken(token))
    .join("");
  // Digits are read before the skeleton, which would turn "0" into "o" and "1" into "l" everywhere.
  const tokens = plain
    .split(NOT_ALNUM)
    .map((token) => fold(transliterateToken(unify(foldDigits(token)).replace(NOT_ALNUM, ""))))
    .filter((token) => token !== "");
  const folded = tokens.join("");
  const kept = tokens.filter((token) => !AFFIX_TOKEN.test(token)).map(stripGlued);
  let core = kept.join("");
  let coreTokens = kept;
  if (core.length < MIN_CORE) {
    core = folded;
    coreTokens = tokens;
  }
  const sortedCore = [...coreTokens].sort().join("");
  return { skeleton, folded, core, sortedCore, collapsedCore: core.replace(/(.)\1+/gu, "$1") };
}

function transliterateToken(token: string): string {
  return /\p{Script=Arabic}/u.test(token) ? consonantSkeleton(token).replace(/ /g, "") : token;
}

/**
 * The forms of one display name that mirror detection compares.
 *
 * @example
 * ```ts
 * const forms: NameForms = normaliseDisplayName("Tehreek-e-Taliban Pakistan (Official)");
 * forms.key; // "tehrik taliban pakistan"
 * ```
 */
export interface NameForms {
  /** Confusables folded, then the registry's name folding (`normalizeGroupName`), mirror affixes removed. */
  key: string;
  /** Consonants in one alphabet across Latin, Urdu, Arabic and Pashto script (see {@link consonantSkeleton}). */
  consonants: string;
  /** True when the name is written in Arabic script (Urdu, Arabic, Pashto). */
  arabicScript: boolean;
}

const NAME_AFFIXES = new Set(MIRROR_AFFIXES.map((affix) => normalizeGroupName(affix)));

/**
 * Normalises a display name: look-alike characters folded (Latin letters only; Arabic script is
 * handled by the registry's folding), then `normalizeGroupName` (romanisation variants, connectors,
 * Arabic/Urdu keyboard variants), mirror affixes dropped; and the cross-script consonant form.
 *
 * @example
 * ```ts
 * normaliseDisplayName("TTP (Official)").key === normaliseDisplayName("ТТР").key; // true (Cyrillic)
 * normaliseDisplayName("تحریک طالبان پاکستان").consonants === normaliseDisplayName("Tehrik-i-Taliban Pakistan").consonants; // true
 * ```
 */
export function normaliseDisplayName(name: string): NameForms {
  const unified = unify(name);
  const words = normalizeGroupName(unified)
    .split(" ")
    .filter((word) => word !== "" && !NAME_AFFIXES.has(word));
  return {
    key: words.join(" "),
    consonants: consonantSkeleton(words.join(" ")),
    arabicScript: /\p{Script=Arabic}/u.test(unified),
  };
}

// Query parameters that only track who shared a link; dropped so shared links compare equal.
const TRACKING = /^(utm_.*|s|t|si|igshid|igsh|fbclid|ref|ref_src|feature)$/i;

/**
 * A comparable key for a link: account links become referral-kit's canonical account key
 * (`twitter.com/X` and `x.com/x` agree), other links become host and path, lower-cased, without scheme,
 * `www.`, trailing slash, fragment or tracking parameters. Returns `undefined` for text that is not a link.
 *
 * @example
 * ```ts
 * normaliseLink("https://twitter.com/SomeName?s=20"); // "x:somename"
 * normaliseLink("HTTP://www.Example.org/donate/?utm_source=x"); // "example.org/donate"
 * ```
 */
export function normaliseLink(link: string): string | undefined {
  const text = link.trim();
  if (text === "") return undefined;
  const target = safeParseTarget(text);
  if (target.success && target.data.type === "account") return accountKey(target.data.account);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return undefined;
  }
  if (!url.hostname.includes(".")) return undefined;
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile)\./, "");
  const path = decodeSafely(url.pathname).replace(/\/+$/, "").toLowerCase();
  const params = [...url.searchParams].filter(([name]) => !TRACKING.test(name));
  params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : "";
  return `${host}${path}${query}`;
}

function decodeSafely(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * A comparable key for a phone number: its digits (Arabic-Indic digits included), the international
 * `00` prefix dropped, and only the last ten digits kept, so `+92 300 1234567`, `0092-300-1234567` and
 * the national `0300 1234567` agree. Returns `undefined` for fewer than eight digits.
 *
 * @example
 * ```ts
 * normalisePhone("+92 300 1234567") === normalisePhone("0300-1234567"); // true
 * ```
 */
export function normalisePhone(phone: string): string | undefined {
  const digits = phone
    .normalize("NFKC")
    .replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf))
    .replace(/\D/g, "");
  if (digits.length < 8) return undefined;
  return digits.length > 10 ? digits.slice(-10) : digits;
}

/**
 * A perceptual hash as lower-case hexadecimal (an optional `0x` prefix and separators removed), or
 * `undefined` when it is not hexadecimal.
 *
 * @example
 * ```ts
 * normaliseAvatarHash("0xF0E1D2C3B4A59687"); // "f0e1d2c3b4a59687"
 * ```
 */
export function normaliseAvatarHash(hash: string): string | undefined {
  const hex = hash
    .trim()
    .toLowerCase()
    .replace(/^0x/, "")
    .replace(/[\s:-]/g, "");
  return /^[0-9a-f]{4,256}$/.test(hex) ? hex : undefined;
}

/**
 * Bits that differ between two hexadecimal hashes of the same length; `undefined` when the lengths differ
 * (hashes from different algorithms are not comparable).
 *
 * @example
 * ```ts
 * hammingDistance("ff00", "fe00"); // 1
 * ```
 */
export function hammingDistance(a: string, b: string): number | undefined {
  if (a.length !== b.length) return undefined;
  let distance = 0;
  for (let index = 0; index < a.length; index += 1) {
    let bits = Number.parseInt(a[index]!, 16) ^ Number.parseInt(b[index]!, 16);
    while (bits !== 0) {
      distance += bits & 1;
      bits >>= 1;
    }
  }
  return distance;
}
