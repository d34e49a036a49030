/**
 * Folding names of proscribed groups into one comparable key. Names reach us in many romanisations
 * ("Tehrik-i-Taliban", "Tehreek-e-Taliban"), with or without diacritics and apostrophes, and in Arabic or
 * Urdu script typed on different keyboards. Every rule here exists so that two spellings a person would
 * call "the same name" compare equal, while names that differ in substance stay apart.
 */

// Apostrophe-like characters are dropped, not turned into spaces: "Qa'ida" is one word, "Qaida".
const APOSTROPHES = /['\u2018\u2019\u201B\u02BB\u02BC\u02BE\u02BF\u0060\u00B4]/g;
// Combining marks (Latin diacritics, Arabic harakat, hamza/madda marks after NFKD).
const MARKS = /\p{M}/gu;
// Invisible format characters (ZWNJ, ZWJ, bidi marks) and Arabic tatweel carry no letters.
const INVISIBLE = /[\p{Cf}\u0640]/gu;
// Everything that is not a letter or a digit separates words: hyphens, dashes, dots, brackets, spaces.
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

// Arabic-script letters that Arabic and Urdu keyboards write differently for the same sound.
const ARABIC_SCRIPT_FOLDS: Readonly<Record<string, string>> = {
  "\u064A": "\u06CC", // Arabic yeh -> Farsi/Urdu yeh
  "\u0649": "\u06CC", // alef maksura -> yeh
  "\u06D2": "\u06CC", // yeh barree (Urdu word-final) -> yeh
  "\u0643": "\u06A9", // Arabic kaf -> keheh
  "\u0647": "\u06C1", // heh -> heh goal
  "\u06BE": "\u06C1", // heh doachashmee -> heh goal
  "\u0629": "\u06C1", // teh marbuta -> heh goal
  "\u06C0": "\u06C1", // heh with yeh above -> heh goal
  "\u06D5": "\u06C1", // ae -> heh goal
  "\u0671": "\u0627", // alef wasla -> alef
  // Letters Arabic keyboards lack: Arabic-script writers substitute the nearest Arabic letter.
  "\u067E": "\u0628", // peh -> beh (پاکستان typed as باكستان)
  "\u0686": "\u062C", // tcheh -> jeem
  "\u0698": "\u0632", // jeh -> zain
  "\u06AF": "\u06A9", // gaf -> keheh
  "\u0679": "\u062A", // tteh (retroflex) -> teh
  "\u0688": "\u062F", // ddal (retroflex) -> dal
  "\u0691": "\u0631", // rreh (retroflex) -> reh
};
const ARABIC_SCRIPT_PATTERN = new RegExp(`[${Object.keys(ARABIC_SCRIPT_FOLDS).join("")}]`, "g");
// Arabic-Indic (U+0660..) and extended Arabic-Indic (U+06F0..) digits -> ASCII digits.
const ARABIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/**
 * Words dropped after folding: izafat and genitive connectors of romanised Urdu/Persian ("-i-", "-e-",
 * "-ul-"), the Arabic article in its assimilated forms ("al-", "ash-", "ad-", ...), and a few English
 * function words ("the", "of", "in", "and"). They are written in their folded form ("ul" becomes "ol").
 */
const CONNECTORS = new Set([
  "i",
  "e",
  "ol",
  "al",
  "el",
  "od",
  "ot",
  "or",
  "os",
  "on",
  "osh",
  "ash",
  "ad",
  "ar",
  "as",
  "at",
  "az",
  "an",
  "the",
  "of",
  "in",
  "and",
]);

/**
 * Folds one Latin word to its romanisation-neutral spelling. Every step is idempotent, and so is their
 * sequence: `q` is gone after the first step, `u` after the second, runs of `e` after the third, and no
 * letter repeats after the last.
 */
function foldWord(word: string): string {
  return (
    word
      // Qaida/Kaida, Tariq/Tarik: Arabic qaf is romanised both ways.
      .replace(/q/g, "k")
      // Baluchistan/Balochistan, Khurasan/Khorasan: short u/o are interchangeable in romanisation.
      .replace(/u/g, "o")
      // Tehreek/Tehrik, Majeed/Majid: a long i is often written "ee".
      .replace(/e{2,}/g, "i")
      // Jundallah/Jundalah, Mohammad/Muhammad: doubled letters are a spelling choice. Not in short words,
      // where the letters are an acronym's ("TTP" stays "ttp").
      .replace(/(.)\1+/gu, (run, letter: string) => (word.length > 3 ? letter : run))
  );
}

/**
 * Normalises a group name or alias into a comparison key: two spellings of the same name give the same
 * key. Used by the registry's `find` and `search`, and exported so other modules (list importers, the
 * account linker) match names exactly the same way.
 *
 * The steps, in order:
 * 1. Unicode NFKD, lower case, and removal of combining marks, so "Tehrīk" and "TEHRIK" equal "tehrik",
 *    and Arabic harakat and hamza/madda marks disappear.
 * 2. Apostrophes are removed ("Qa'ida" -> "qaida"); every other run of non-letters (hyphens, dashes,
 *    slashes, brackets, spaces) becomes one space.
 * 3. Arabic-script letters that Arabic and Urdu keyboards encode differently are folded (ي/ی, ك/ک, ه/ہ,
 *    ة/ہ), and Urdu/Persian letters an Arabic keyboard lacks become the letter Arabic writers use instead
 *    (پ/ب, چ/ج, گ/ک, ٹ/ت, ڈ/د, ڑ/ر, ژ/ز); tatweel and zero-width characters are removed, and
 *    Arabic-Indic digits become ASCII digits.
 * 4. Each Latin word is folded: q -> k, u -> o, "ee" -> i, doubled letters collapsed (in words of four
 *    or more letters, so acronyms keep theirs). This makes
 *    Tehreek/Tehrik, Majeed/Majid, Baluchistan/Balochistan, Khurasan/Khorasan and Qaida/Kaida equal.
 * 5. Connector words are dropped: izafat "-i-"/"-e-", "-ul-", the Arabic article ("al", "ash", "ad", ...)
 *    and "the", "of", "in", "and". So "Tehrik-i-Taliban", "Tehreek-e-Taliban" and "Tehrik Taliban" agree.
 *
 * The result is idempotent (`normalizeGroupName(normalizeGroupName(x)) === normalizeGroupName(x)`) and
 * is the empty string when nothing meaningful is left (for example for `"--"` or `"al"`).
 *
 * It is deliberately not phonetic: names that differ in more than these spelling conventions stay
 * different, so a registry never merges two groups behind the user's back. Fuzzy "did you mean" matching
 * is the job of `search`, which reports a score instead of claiming equality.
 *
 * @param name - A group name or alias, in any script.
 * @returns The comparison key: lower-case words separated by single spaces.
 *
 * @example
 * ```ts
 * normalizeGroupName("Tehreek-e-Taliban Pakistan"); // "tehrik taliban pakistan"
 * normalizeGroupName("Tehrik-i-Taliban Pakistan"); // "tehrik taliban pakistan"
 * normalizeGroupName("Baluchistan Liberation Army") === normalizeGroupName("Balochistan Liberation Army"); // true
 * ```
 */
export function normalizeGroupName(name: string): string {
  const unified = name
    .normalize("NFKD")
    .toLowerCase()
    .normalize("NFKD")
    .replace(MARKS, "")
    .replace(/\u00DF/g, "ss") // German sharp s has no NFKD decomposition but upper-cases to "SS".
    .replace(INVISIBLE, "")
    .replace(APOSTROPHES, "")
    .replace(ARABIC_SCRIPT_PATTERN, (letter) => ARABIC_SCRIPT_FOLDS[letter] ?? letter)
    .replace(ARABIC_DIGITS, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
  const words: string[] = [];
  for (const raw of unified.split(SEPARATORS)) {
    if (raw === "") continue;
    const word = foldWord(raw);
    if (!CONNECTORS.has(word)) words.push(word);
  }
  return words.join(" ");
}

/**
 * The normalised key without spaces, so "ISIS-K", "ISIS K" and "ISISK" meet. Internal: it is a weaker
 * equality than `normalizeGroupName` and the registry scores it a little lower.
 */
export function compactGroupKey(normalized: string): string {
  return normalized.replace(/ /g, "");
}
