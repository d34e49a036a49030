import unhomoglyph from "unhomoglyph";

/**
 * The Unicode TR39 skeleton, from Unicode's own `confusables.txt` as shipped by the `unhomoglyph` package
 * (the complete "MA" mapping table of Unicode 13.0.0; MIT). We call the package one code point at a time
 * and memoise, so each distinct character pays for the package's large regular expression once.
 */
const memo = new Map<string, string>();

// TR39 removes default-ignorable code points (zero-width joiners, bidi marks, variation selectors).
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
// Arabic-script letters are left to the transliteration step: confusables.txt maps some of them to Latin
// look-alikes (heh to "o", alef to "l"), which would turn Urdu names into Latin noise.
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

function prototypeOf(char: string): string {
  let mapped = memo.get(char);
  if (mapped === undefined) {
    mapped = ARABIC_SCRIPT.test(char) ? char : unhomoglyph(char);
    memo.set(char, mapped);
  }
  return mapped;
}

/**
 * The TR39 skeleton of `text`: NFD, default-ignorable code points removed, every code point replaced by
 * its prototype from `confusables.txt`, NFD again. Two strings that look alike have the same skeleton.
 * Arabic-script letters are kept as they are (see {@link consonantSkeleton} for those). The result is for
 * comparison only, never for display: `m` becomes `rn`, `0` becomes `O`.
 *
 * @example
 * ```ts
 * confusableSkeleton("ttр_official") === confusableSkeleton("ttp_official"); // true (Cyrillic "р")
 * confusableSkeleton("ｔｔｐ"); // "ttp"
 * ```
 */
export function confusableSkeleton(text: string): string {
  const decomposed = text.normalize("NFD").replace(IGNORABLE, "");
  let out = "";
  for (const char of decomposed) out += prototypeOf(char);
  return out.normalize("NFD");
}
