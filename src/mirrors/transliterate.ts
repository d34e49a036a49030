import { normalizeGroupName } from "../registry/normalize.js";

/**
 * Cross-script comparison of names by their consonants. Urdu, Arabic and Pashto write few vowels, and
 * romanisations disagree on the vowels they add ("Tehreek"/"Tehrik"/"تحریک"), but they agree on the
 * consonants. So both scripts are reduced to one consonant alphabet and compared there. Lossy on
 * purpose: it only ever supports a match (a reason with its own, lower weight), it never proves one.
 */

// Arabic-script letters after normalizeGroupName's folding (which has already merged peh into beh, tcheh
// into jeem, gaf into keheh and the retroflex letters into their Arabic neighbours). Letters missing here
// (alef, waw, yeh, ain, hamza) are vowels or vowel carriers in romanised names and are dropped.
const ARABIC_CONSONANTS: Readonly<Record<string, string>> = {
  "\u0628": "b", // beh (and peh)
  "\u062A": "t", // teh (and tteh)
  "\u0637": "t", // tah
  "\u062B": "s", // theh
  "\u0633": "s", // seen
  "\u0635": "s", // sad
  "\u062C": "j", // jeem (and tcheh)
  "\u062D": "h", // hah
  "\u06C1": "h", // heh goal (every heh, after folding)
  "\u062E": "X", // khah
  "\u062F": "d", // dal (and ddal)
  "\u0630": "z", // thal
  "\u0632": "z", // zain (and jeh)
  "\u0636": "z", // dad
  "\u0638": "z", // zah
  "\u0631": "r", // reh (and rreh)
  "\u0634": "S", // sheen
  "\u063A": "G", // ghain
  "\u0641": "f", // feh
  "\u0642": "k", // qaf
  "\u06A9": "k", // keheh (kaf and gaf)
  "\u0644": "l", // lam
  "\u0645": "m", // meem
  "\u0646": "n", // noon
  "\u06BA": "n", // noon ghunna
};
const ARABIC_LETTER = /\p{Script=Arabic}/u;
// Latin spellings mapped to the same alphabet, including the folds normalizeGroupName applies to Arabic
// script (p->b, ch->j, g->k) so that both sides lose the same distinctions.
const LATIN_STEPS: readonly [RegExp, string][] = [
  [/tion/g, "Sn"],
  [/kh/g, "X"],
  [/sh/g, "S"],
  [/gh/g, "G"],
  [/ch/g, "j"],
  [/(?<=[td])h/g, ""],
  [/ph/g, "f"],
  [/zh/g, "z"],
  [/ck/g, "k"],
  [/x/g, "ks"],
  [/c/g, "k"],
  [/q/g, "k"],
  [/g/g, "k"],
  [/p/g, "b"],
  [/h$/g, ""],
  [/[aeiouyvw]/g, ""],
];

function latinConsonants(word: string): string {
  let out = word;
  for (const [pattern, replacement] of LATIN_STEPS) out = out.replace(pattern, replacement);
  return out;
}

function arabicConsonants(word: string): string {
  // The article "ال" is written joined to its word; romanisations drop it (see normalizeGroupName).
  const bare = word.length > 3 && word.startsWith("\u0627\u0644") ? word.slice(2) : word;
  let out = "";
  const chars = [...bare];
  chars.forEach((char, index) => {
    // A word-final heh is a vowel ending ("-a", "-ah", "-e") in romanisation, never a consonant.
    if (char === "\u06C1" && index === chars.length - 1 && index > 0) return;
    out += ARABIC_CONSONANTS[char] ?? (ARABIC_LETTER.test(char) ? "" : char);
  });
  return out;
}

/**
 * Reduces a name in Latin, Urdu, Arabic or Pashto script to its consonants in one shared alphabet, so a
 * name and its transliteration compare equal. Words are kept apart by single spaces; doubled consonants
 * collapse (Arabic script writes gemination as a mark, which is dropped).
 *
 * @example
 * ```ts
 * consonantSkeleton("Tehreek-e-Taliban Pakistan"); // "thrk tlbn bkstn"
 * consonantSkeleton("تحریک طالبان پاکستان"); // "thrk tlbn bkstn"
 * ```
 */
export function consonantSkeleton(name: string): string {
  const words: string[] = [];
  for (const word of normalizeGroupName(name).split(" ")) {
    if (word === "") continue;
    const consonants = (ARABIC_LETTER.test(word) ? arabicConsonants(word) : latinConsonants(word)).replace(
      /(.)\1+/gu,
      "$1",
    );
    if (consonants !== "") words.push(consonants);
  }
  return words.join(" ");
}
