import { type KnownAccount, type MirrorAccount, mirrorAccountKey } from "./account.js";
import { normaliseHandle } from "./normalise.js";

/**
 * A seeded generator of labelled data for evaluating mirror detection: known accounts, mirrors of them
 * made with the evasions seen in practice, and hard decoys (news outlets and critics that name the group,
 * unrelated accounts sharing a common word). Deterministic for a seed. Names are synthetic; the group
 * names are public designations, used so the transliteration paths are exercised.
 */

type SyntheticEvasion = LabelledAccount["evasions"][number];
type SyntheticDecoyKind = NonNullable<LabelledAccount["decoyKind"]>;

/**
 * One generated new account with its label: a mirror (of `source`), a decoy (built around `source` but
 * unrelated to it), or an unrelated account.
 *
 * @example
 * ```ts
 * const item: LabelledAccount = dataset.newAccounts[0]!;
 * if (item.label === "mirror") console.log(item.account.handle, "mirrors", item.source, item.evasions);
 * ```
 */
export interface LabelledAccount {
  account: MirrorAccount;
  label: "mirror" | "decoy" | "unrelated";
  /** Key of the known account this mirrors (mirror) or is built around (decoy). */
  source?: string;
  /** The evasions the generator applied to a mirror's handle or display name. */
  evasions: (
    | "confusable"
    | "fullwidth"
    | "case"
    | "separator"
    | "digits"
    | "affix"
    | "reorder"
    | "double-letter"
    | "leetspeak"
    | "typo"
    | "transliteration"
  )[];
  /** The kind of hard decoy. */
  decoyKind?: "news-outlet" | "critic" | "common-word";
}

interface GroupSeed {
  id: string;
  stems: readonly string[];
  names: readonly string[];
  /** Display names in Urdu/Arabic/Pashto script paired with the Latin name at the same index. */
  scripts: readonly (readonly [string, string])[];
  site: string;
}

const GROUPS: readonly GroupSeed[] = [
  {
    id: "ttp",
    stems: ["ttp", "tehreek_taliban", "umar_media", "tehrik_e_taliban"],
    names: ["Tehreek-e-Taliban Pakistan", "TTP", "Umar Media"],
    scripts: [["Tehreek-e-Taliban Pakistan", "تحریک طالبان پاکستان"]],
    site: "umar-media.example.net",
  },
  {
    id: "bla",
    stems: ["bla", "baloch_liberation", "majeed_brigade", "hakkal"],
    names: ["Baloch Liberation Army", "Majeed Brigade", "Hakkal"],
    scripts: [
      ["Baloch Liberation Army", "بلوچ لبریشن آرمی"],
      ["Majeed Brigade", "مجید بریگیڈ"],
    ],
    site: "hakkal.example.net",
  },
  {
    id: "iskp",
    stems: ["khorasan", "iskp", "al_azaim", "wilayat_khurasan"],
    names: ["Wilayat Khurasan", "Al-Azaim Foundation", "Voice of Khurasan"],
    scripts: [["Wilayat Khurasan", "ولایت خراسان"]],
    site: "azaim.example.net",
  },
  {
    id: "jua",
    stems: ["jamaat_ul_ahrar", "ahrar", "ghazwa"],
    names: ["Jamaat-ul-Ahrar", "Ghazwa-e-Hind"],
    scripts: [["Jamaat-ul-Ahrar", "جماعت الاحرار"]],
    site: "ahrar.example.net",
  },
  {
    id: "lej",
    stems: ["lashkar_jhangvi", "lej", "jhangvi"],
    names: ["Lashkar-e-Jhangvi", "LeJ"],
    scripts: [["Lashkar-e-Jhangvi", "لشکر جھنگوی"]],
    site: "jhangvi.example.net",
  },
];
const PLATFORMS = ["x", "telegram", "instagram", "tiktok", "facebook"] as const;
const SYLLABLES = [
  "ka",
  "ri",
  "mo",
  "za",
  "lu",
  "be",
  "sha",
  "no",
  "ta",
  "di",
  "gul",
  "rah",
  "min",
  "sar",
  "fa",
  "ha",
  "ja",
  "qa",
  "dil",
  "nur",
  "sul",
  "wa",
  "ye",
  "bi",
  "ro",
  "ku",
  "pe",
  "zi",
  "mah",
  "tor",
];
const SYLLABLES_END = ["stan", "bad", "abad", "pur", "wal", "zai", "khel", "gar", "an", "i", "ar", "yar"];
const AFFIXES_BEFORE = ["official_", "real_", "the_", "new_", "real.", "official"];
const AFFIXES_AFTER = ["_official", "_backup", "_new", ".real", "_main", "official", "_hq", "_again"];
const DIGIT_SUFFIXES = ["2", "01", "_2", "2025", "3", "_786", "99"];
// Look-alikes a mirror account swaps in (Cyrillic and Greek); the detector itself uses Unicode's table.
const LOOKALIKES: Readonly<Record<string, string>> = {
  a: "\u0430",
  e: "\u0435",
  o: "\u043E",
  p: "\u0440",
  c: "\u0441",
  x: "\u0445",
  i: "\u0456",
  y: "\u0443",
  s: "\u0455",
  j: "\u0458",
  k: "\u03BA",
  v: "\u03BD",
};
const LEET: Readonly<Record<string, string>> = { o: "0", e: "3", a: "4", t: "7", s: "5", i: "1", g: "9" };
const NEWS_PATTERNS = [
  "{c}_news_watch",
  "{c}watch",
  "{c}_monitor",
  "{c}_tracker",
  "{c}_report",
  "{c}news",
  "{c}_news_daily",
  "{c}_osint",
];
const CRITIC_PATTERNS = ["anti_{c}", "{c}_exposed", "against_{c}", "{c}_victims_voice", "anti{c}"];
const COMMON_WORDS = [
  "official",
  "pakistan",
  "news",
  "media",
  "khorasan",
  "voice",
  "balochistan",
  "tv",
  "islam",
];

/** mulberry32: small, fast and seedable; enough for test data. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  word(): string {
    let word = "";
    const count = this.int(2, 3);
    for (let index = 0; index < count; index += 1) word += this.pick(SYLLABLES);
    return word + this.pick(SYLLABLES_END);
  }
  hex(length: number): string {
    let out = "";
    for (let index = 0; index < length; index += 1) out += "0123456789abcdef"[this.int(0, 15)];
    return out;
  }
}

function capitalise(word: string): string {
  return word.replace(
    /(^|[\s_])(\p{L})/gu,
    (_, space: string, letter: string) => space + letter.toUpperCase(),
  );
}

function humanName(handle: string): string {
  return capitalise(handle.replace(/[_.]+/g, " ").replace(/\d+/g, "").trim());
}

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

function knownAccount(dice: Dice, taken: Set<string>): KnownAccount {
  const group = dice.pick(GROUPS);
  for (;;) {
    const stem = dice.pick(group.stems);
    const handle = dice.pick([
      () => `${stem}_${dice.word()}`,
      () => `${dice.word()}_${stem}`,
      () => `${dice.word()}_${dice.word()}`,
      () => `${dice.word()}${dice.word()}`,
      () => dice.word() + dice.int(10, 99),
      () => `${stem}${dice.pick(["", "_media", "_voice", "_official"])}`,
    ])();
    const platform = dice.pick(PLATFORMS);
    if (taken.has(handle)) continue;
    taken.add(handle);
    const actionedAt = START + dice.int(0, 540) * DAY;
    const displayName = dice.chance(0.3)
      ? dice.pick(group.names)
      : dice.chance(0.1) && group.scripts.length > 0
        ? dice.pick(group.scripts)[1]
        : humanName(handle);
    const links = dice.chance(0.4)
      ? [
          dice.pick([
            `https://${group.site}/${dice.word()}`,
            `https://t.me/${dice.word()}${dice.int(10, 99)}`,
            `https://${dice.word()}.example.org/`,
          ]),
        ]
      : [];
    return {
      platform,
      handle,
      displayName,
      links,
      phones: dice.chance(0.2)
        ? [`+92 3${dice.int(0, 4)}${dice.int(0, 9)} ${dice.int(1000000, 9999999)}`]
        : [],
      ...(dice.chance(0.5) ? { avatarHash: dice.hex(16) } : {}),
      createdAt: new Date(actionedAt - dice.int(30, 700) * DAY).toISOString(),
      actionedAt: new Date(actionedAt).toISOString(),
      group: group.id,
    };
  }
}

function applyEvasion(dice: Dice, handle: string, evasion: SyntheticEvasion): string {
  switch (evasion) {
    case "confusable": {
      const letters = [...handle];
      const positions = letters.flatMap((char, index) => (LOOKALIKES[char] ? [index] : []));
      for (let count = dice.int(1, 2); count > 0 && positions.length > 0; count -= 1) {
        const index = dice.pick(positions);
        letters[index] = LOOKALIKES[letters[index]!] ?? letters[index]!;
      }
      return letters.join("");
    }
    case "fullwidth":
      return [...handle]
        .map((char) => (/[!-~]/.test(char) ? String.fromCodePoint(char.codePointAt(0)! + 0xfee0) : char))
        .join("");
    case "case":
      return [...handle].map((char) => (dice.chance(0.5) ? char.toUpperCase() : char)).join("");
    case "separator":
      return handle.includes("_") || handle.includes(".")
        ? handle.replace(/[_.]/g, () => dice.pick(["", ".", "__", "_"]))
        : handle.replace(/^(.{2,}?)(.{3,})$/, `$1${dice.pick(["_", "."])}$2`);
    case "digits":
      return handle + dice.pick(DIGIT_SUFFIXES);
    case "affix":
      return dice.chance(0.5) ? dice.pick(AFFIXES_BEFORE) + handle : handle + dice.pick(AFFIXES_AFTER);
    case "reorder": {
      const parts = handle.split(/[_.]/);
      return parts.length > 1 ? [...parts.slice(1), parts[0]].join("_") : handle;
    }
    case "double-letter": {
      const index = dice.int(0, handle.length - 1);
      return /\p{L}/u.test(handle[index] ?? "")
        ? handle.slice(0, index + 1) + handle.slice(index)
        : `${handle}${handle.at(-1)}`;
    }
    case "leetspeak": {
      const letters = [...handle];
      const positions = letters.flatMap((char, index) => (LEET[char] ? [index] : []));
      for (let count = dice.int(1, 2); count > 0 && positions.length > 0; count -= 1) {
        const index = dice.pick(positions);
        letters[index] = LEET[letters[index]!] ?? letters[index]!;
      }
      return letters.join("");
    }
    case "typo": {
      // One letter replaced or dropped: the hardest evasion here, since unrelated names differ the same way.
      const positions = [...handle].flatMap((char, index) => (/[a-z]/.test(char) ? [index] : []));
      if (positions.length < 4) return handle;
      const index = dice.pick(positions);
      const replacement = dice.chance(0.5) ? "" : dice.pick([..."aeiouklmnrst"]);
      return handle.slice(0, index) + replacement + handle.slice(index + 1);
    }
    case "transliteration":
      return handle;
  }
}

const HANDLE_EVASIONS: readonly SyntheticEvasion[] = [
  "confusable",
  "fullwidth",
  "case",
  "separator",
  "digits",
  "affix",
  "reorder",
  "double-letter",
  "leetspeak",
  "typo",
];

function scriptOf(name: string | undefined): string | undefined {
  for (const group of GROUPS) for (const [latin, script] of group.scripts) if (latin === name) return script;
  return undefined;
}

function mirrorOf(dice: Dice, known: KnownAccount, knownKey: string): LabelledAccount {
  const evasions: SyntheticEvasion[] = [];
  let handle = known.handle;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const count = dice.int(1, 2);
    handle = known.handle;
    evasions.length = 0;
    for (let index = 0; index < count; index += 1) {
      const evasion = dice.pick(HANDLE_EVASIONS);
      evasions.push(evasion);
      handle = applyEvasion(dice, handle, evasion);
    }
    if (mirrorAccountKey({ platform: known.platform, handle }) !== knownKey) break;
  }
  let displayName: string | undefined;
  const script = scriptOf(known.displayName);
  if (script && dice.chance(0.5)) {
    displayName = script;
    evasions.push("transliteration");
  } else if (dice.chance(0.55)) {
    displayName = dice.chance(0.3) ? `${known.displayName} (Official)` : known.displayName;
  } else if (dice.chance(0.5)) {
    displayName = humanName(dice.word());
  }
  const links = (known.links ?? []).filter(() => dice.chance(0.35));
  const phones = (known.phones ?? [])
    .filter(() => dice.chance(0.4))
    .map((phone) => (dice.chance(0.5) ? phone.replace("+92 ", "0") : phone.replace(/ /g, "-")));
  let avatarHash: string | undefined;
  if (known.avatarHash && dice.chance(0.4)) {
    avatarHash = [...known.avatarHash]
      .map((digit, index) =>
        index === 0 && dice.chance(0.5) ? ((Number.parseInt(digit, 16) ^ 1) & 0xf).toString(16) : digit,
      )
      .join("");
  }
  const actioned = Date.parse(String(known.actionedAt));
  const createdAt = dice.chance(0.7)
    ? actioned + dice.int(0, 30 * 24) * 3_600_000
    : actioned + dice.int(31, 300) * DAY;
  return {
    account: {
      platform: dice.chance(0.8) ? known.platform : dice.pick(PLATFORMS),
      handle,
      ...(displayName ? { displayName } : {}),
      links,
      phones,
      ...(avatarHash ? { avatarHash } : {}),
      createdAt: new Date(createdAt).toISOString(),
    },
    label: "mirror",
    source: knownKey,
    evasions,
  };
}

function coreWord(known: KnownAccount): string {
  return known.handle.replace(/_(official|media|voice)$/, "").replace(/\d+$/, "");
}

function decoyOf(
  dice: Dice,
  known: KnownAccount,
  knownKey: string,
  kind: SyntheticDecoyKind,
): LabelledAccount {
  const core = coreWord(known);
  let handle: string;
  let displayName: string;
  if (kind === "news-outlet") {
    handle = dice.pick(NEWS_PATTERNS).replace("{c}", core);
    displayName = `${known.displayName ?? humanName(core)} ${dice.pick(["News Watch", "Monitor", "Tracker", "Report"])}`;
  } else if (kind === "critic") {
    handle = dice.pick(CRITIC_PATTERNS).replace("{c}", core);
    displayName = `${dice.pick(["Against", "Victims of", "Exposing"])} ${known.displayName ?? humanName(core)}`;
  } else {
    const words = known.handle.split(/[_.]/).filter((word) => word.length > 2);
    const shared = words.length > 1 ? dice.pick(words) : dice.pick(COMMON_WORDS);
    handle = dice.chance(0.5) ? `${shared}_${dice.word()}` : `${dice.word()}_${shared}`;
    displayName = humanName(handle);
  }
  const actioned = Date.parse(String(known.actionedAt));
  const site = GROUPS.find((group) => group.id === known.group)?.site;
  // Outlets link to what they report on; it must not be enough on its own.
  const links =
    kind !== "common-word" && dice.chance(0.3)
      ? (known.links ?? []).slice(0, 1).concat(site ? [`https://${site}/`] : [])
      : [];
  return {
    account: {
      platform: dice.pick(PLATFORMS),
      handle,
      displayName,
      links,
      avatarHash: dice.hex(16),
      createdAt: new Date(actioned + dice.int(-200, 60) * DAY).toISOString(),
    },
    label: "decoy",
    source: knownKey,
    evasions: [],
    decoyKind: kind,
  };
}

/**
 * Generates a labelled dataset for evaluating mirror detection (the options give the sizes).
 * Same seed, same data. New accounts come shuffled, so their order carries no label.
 *
 * @example
 * ```ts
 * import { createMirrorIndex, generateMirrorDataset } from "referral-kit/mirrors";
 *
 * const { known, newAccounts } = generateMirrorDataset({ seed: 42 });
 * const candidates = createMirrorIndex(known).candidates(newAccounts.map((item) => item.account));
 * ```
 */
export function generateMirrorDataset(
  options: {
    /** Seed of the pseudo-random generator (default 1). */
    seed?: number;
    /** Known accounts (default 500). */
    known?: number;
    /** Mirrors of random known accounts (default 500). */
    mirrors?: number;
    /** Hard decoys, split between news outlets, critics and common-word accounts (default 300). */
    decoys?: number;
    /** Unrelated new accounts (default 1,000). */
    unrelated?: number;
  } = {},
): {
  known: KnownAccount[];
  newAccounts: LabelledAccount[];
} {
  const dice = new Dice(generator(options.seed ?? 1));
  const taken = new Set<string>();
  const known = Array.from({ length: options.known ?? 500 }, () => knownAccount(dice, taken));
  const keys = known.map(mirrorAccountKey);
  const items: LabelledAccount[] = [];
  for (let index = 0; index < (options.mirrors ?? 500); index += 1) {
    const source = dice.int(0, known.length - 1);
    items.push(mirrorOf(dice, known[source]!, keys[source]!));
  }
  const kinds: SyntheticDecoyKind[] = ["news-outlet", "critic", "common-word"];
  for (let index = 0; index < (options.decoys ?? 300); index += 1) {
    const source = dice.int(0, known.length - 1);
    items.push(decoyOf(dice, known[source]!, keys[source]!, kinds[index % kinds.length]!));
  }
  // Unrelated accounts never share a handle core with a known account: one that does is, for any
  // detector and any reviewer, indistinguishable from a mirror, and would measure the generator.
  const knownCores = new Set(known.map((account) => normaliseHandle(account.handle).core));
  for (let index = 0; index < (options.unrelated ?? 1000); index += 1) {
    let handle = dice.chance(0.5) ? `${dice.word()}_${dice.word()}` : dice.word() + dice.int(1, 999);
    while (taken.has(handle) || knownCores.has(normaliseHandle(handle).core))
      handle = dice.word() + dice.word();
    items.push({
      account: {
        platform: dice.pick(PLATFORMS),
        handle,
        displayName: humanName(handle),
        ...(dice.chance(0.5) ? { avatarHash: dice.hex(16) } : {}),
        createdAt: new Date(START + dice.int(0, 600) * DAY).toISOString(),
      },
      label: "unrelated",
      evasions: [],
    });
  }
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = dice.int(0, index);
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return { known, newAccounts: items };
}
