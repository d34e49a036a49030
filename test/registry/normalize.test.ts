import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeGroupName } from "../../src/registry/normalize.js";

describe("normalizeGroupName", () => {
  it.each([
    ["Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan"],
    ["Tehrik-e-Taliban Pakistan", "Tehrik e Taliban Pakistan"],
    ["Tehrik-e Taliban Pakistan", "TEHRIK-E TALIBAN PAKISTAN"],
    ["Tehrīk-ī-Ṭālibān Pākistān", "Tehrik Taliban Pakistan"],
    ["Balochistan Liberation Army", "Baluchistan Liberation Army"],
    ["Majeed Brigade", "Majid Brigade"],
    ["Islamic State Khorasan", "Islamic State Khurasan"],
    ["Al-Qaida", "al Qa'ida"],
    ["Al-Qaida", "Al-Kaida"],
    ["Jamaat-ul-Ahrar", "Jamaat Ahrar"],
    ["ISIL’S SOUTH ASIA BRANCH", "ISIL's South Asia Branch"],
    ["The Islamic State of Iraq and ash-Sham—Khorasan Province", "Islamic State Iraq Sham Khorasan Province"],
    ["تحریک طالبان پاکستان", "تحريك طالبان باكستان"], // Urdu vs typed on an Arabic keyboard
    ["تحریک طالبان پاک\u200Cستان", "تحریک طالبان پاکستان"], // zero-width non-joiner inside a word
    ["تحریـــک طالبان", "تحریک طالبان"], // tatweel
    ["ولاية خراسان", "وِلايَة خُراسان"], // with harakat
    ["Jundallah", "Jundalah"],
  ])("treats %j and %j as the same name", (a, b) => {
    expect(normalizeGroupName(a)).toBe(normalizeGroupName(b));
  });

  it.each([
    ["Balochistan Liberation Army", "Balochistan Liberation Front"],
    ["TTP", "TP"],
    ["ISIS", "ISIL"],
    ["BLA", "BLF"],
  ])("keeps %j and %j apart", (a, b) => {
    expect(normalizeGroupName(a)).not.toBe(normalizeGroupName(b));
  });

  it("produces lower-case words separated by single spaces", () => {
    expect(normalizeGroupName("  Tehreek-e-Taliban   Pakistan (TTP) ")).toBe("tehrik taliban pakistan ttp");
  });

  it("returns an empty key when nothing meaningful is left", () => {
    expect(normalizeGroupName("--")).toBe("");
    expect(normalizeGroupName("al-")).toBe("");
    expect(normalizeGroupName("")).toBe("");
  });
});

// Names built from the characters real group names use, so case and diacritic changes are meaningful.
const wordArbitrary = fc
  .array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), { minLength: 1, maxLength: 9 })
  .map((letters) => letters.join(""));
const nameArbitrary = fc.array(wordArbitrary, { minLength: 1, maxLength: 5 });
const separatorArbitrary = fc.constantFrom(" ", "-", " - ", "  ", "—", "_");
const COMBINING_MARKS = ["\u0301", "\u0300", "\u0304", "\u0308", "\u0323", "\u0327"];

describe("normalizeGroupName properties", () => {
  it("is idempotent on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (input) => {
        const once = normalizeGroupName(input);
        expect(normalizeGroupName(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("is idempotent on mixed Latin, Arabic-script and punctuation input", () => {
    const mixed = fc
      .array(fc.constantFrom(..."aAeEiIqQuUkK '-’ـ\u200Cيیكکهہةپبتحریکطالبانخراسانًٌٍَُِ٣۳"), { maxLength: 30 })
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(mixed, (input) => {
        const once = normalizeGroupName(input);
        expect(normalizeGroupName(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it("ignores case", () => {
    fc.assert(
      fc.property(nameArbitrary, fc.array(fc.boolean(), { minLength: 50, maxLength: 50 }), (words, upper) => {
        const name = words.join(" ");
        const mixedCase = [...name]
          .map((char, i) => (upper[i % upper.length] ? char.toUpperCase() : char))
          .join("");
        expect(normalizeGroupName(mixedCase)).toBe(normalizeGroupName(name));
        expect(normalizeGroupName(name.toUpperCase())).toBe(normalizeGroupName(name));
      }),
    );
  });

  it("treats any run of hyphens, dashes and spaces between words alike", () => {
    fc.assert(
      fc.property(
        nameArbitrary,
        fc.array(separatorArbitrary, { minLength: 5, maxLength: 5 }),
        (words, separators) => {
          const spaced = words.join(" ");
          const mixed = words.reduce(
            (joined, word, i) => (i === 0 ? word : `${joined}${separators[i % 5]}${word}`),
            "",
          );
          expect(normalizeGroupName(mixed)).toBe(normalizeGroupName(spaced));
        },
      ),
    );
  });

  it("ignores diacritics, composed or decomposed", () => {
    fc.assert(
      fc.property(
        nameArbitrary,
        fc.array(fc.option(fc.constantFrom(...COMBINING_MARKS)), { minLength: 60, maxLength: 60 }),
        fc.boolean(),
        (words, marks, compose) => {
          const name = words.join(" ");
          let accented = [...name].map((char, i) => (char === " " ? char : char + (marks[i] ?? ""))).join("");
          if (compose) accented = accented.normalize("NFC");
          expect(normalizeGroupName(accented)).toBe(normalizeGroupName(name));
        },
      ),
    );
  });
});
