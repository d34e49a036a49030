import { describe, expect, it } from "vitest";
import {
  hammingDistance,
  normaliseAvatarHash,
  normaliseDisplayName,
  normaliseHandle,
  normaliseLink,
  normalisePhone,
} from "../../src/mirrors/normalise.js";
import { confusableSkeleton } from "../../src/mirrors/skeleton.js";
import { consonantSkeleton } from "../../src/mirrors/transliterate.js";

const core = (handle: string) => normaliseHandle(handle).core;

describe("confusableSkeleton (TR39, from Unicode's confusables.txt)", () => {
  it("maps Cyrillic and Greek look-alikes to Latin", () => {
    expect(confusableSkeleton("ttр_official")).toBe(confusableSkeleton("ttp_official")); // Cyrillic er
    expect(confusableSkeleton("\u0430")).toBe("a"); // Cyrillic a
    expect(confusableSkeleton("\u03BF")).toBe("o"); // Greek omicron
  });

  it("maps mathematical letters (fullwidth ones need NFKC first, which normaliseHandle applies)", () => {
    expect(confusableSkeleton("𝐭𝐭𝐩")).toBe("ttp");
    expect(normaliseHandle("ｔｔｐ").skeleton).toBe("ttp");
  });

  it("removes default-ignorable characters (zero-width joiners)", () => {
    expect(confusableSkeleton("tt\u200Dp")).toBe("ttp");
  });

  it("leaves Arabic-script letters to transliteration", () => {
    expect(confusableSkeleton("طالبان")).toBe("طالبان".normalize("NFD"));
  });
});

describe("normaliseHandle", () => {
  it("defeats confusables: Cyrillic 'а' equals Latin 'a'", () => {
    expect(normaliseHandle("t\u0430liban_voice").skeleton).toBe(normaliseHandle("taliban_voice").skeleton);
  });

  it("defeats fullwidth letters and case", () => {
    expect(normaliseHandle("ＴＴＰ_Official").skeleton).toBe("ttpofficial");
    expect(normaliseHandle("TTP_OFFICIAL").skeleton).toBe("ttpofficial");
  });

  it("defeats separators", () => {
    expect(normaliseHandle("ttp.official").skeleton).toBe(normaliseHandle("ttp__official").skeleton);
    expect(normaliseHandle("t_t_p").skeleton).toBe("ttp");
  });

  it("defeats leetspeak", () => {
    expect(core("7tp")).toBe("ttp");
    expect(core("0fficial_m3dia")).toBe(core("official_media"));
    expect(core("s4fe_h4ven")).toBe("safehaven");
    expect(core("1slam_voice")).toBe(core("islam_voice"));
  });

  it("drops numbering digits and affixes, in any order", () => {
    for (const variant of [
      "ttp_official2",
      "official_ttp",
      "ttp.officiall",
      "real_ttp_backup",
      "ttpofficial",
      "ttp_2025",
    ]) {
      expect(core(variant), variant).toBe("ttp");
    }
  });

  it("keeps reporting words: a news outlet's handle keeps its identity", () => {
    expect(core("ttp_news_watch")).toBe("ttpnewswatch");
  });

  it("keeps a core of at least three letters: affixes alone are the name then", () => {
    expect(core("the_official")).toBe(normaliseHandle("the_official").folded);
  });

  it("sorts words so reordered handles meet", () => {
    expect(normaliseHandle("pakistan_taliban").sortedCore).toBe(
      normaliseHandle("taliban_pakistan").sortedCore,
    );
  });

  it("collapses doubled letters in its collapsed form", () => {
    expect(normaliseHandle("umarr_mediaa").collapsedCore).toBe(normaliseHandle("umar_media").collapsedCore);
  });

  it("folds the ASCII look-alikes rn/m and l/1/I", () => {
    expect(core("ttp_rnedia")).toBe(core("ttp_media"));
    expect(core("ahIar")).toBe(core("ahlar"));
  });

  it("transliterates Arabic-script handles to consonants", () => {
    expect(normaliseHandle("طالبان").skeleton).toBe("tlbn");
  });
});

describe("normaliseDisplayName", () => {
  it("folds look-alikes, romanisation variants and affixes", () => {
    expect(normaliseDisplayName("ТТР").key).toBe("ttp"); // Cyrillic capitals
    expect(normaliseDisplayName("Tehreek-e-Taliban Pakistan (Official)").key).toBe(
      normaliseDisplayName("Tehrik-i-Taliban Pakistan").key,
    );
  });

  it("gives Urdu and Latin spellings the same consonants", () => {
    const urdu = normaliseDisplayName("تحریک طالبان پاکستان");
    const latin = normaliseDisplayName("Tehreek-e-Taliban Pakistan");
    expect(urdu.consonants).toBe(latin.consonants);
    expect(urdu.arabicScript).toBe(true);
    expect(latin.arabicScript).toBe(false);
  });

  it("handles Arabic and Pashto spellings of common names", () => {
    expect(consonantSkeleton("جماعت الاحرار")).toBe(consonantSkeleton("Jamaat-ul-Ahrar"));
    expect(consonantSkeleton("ولایت خراسان")).toBe(consonantSkeleton("Wilayat Khurasan"));
    expect(consonantSkeleton("لشکر جھنگوی")).toBe(consonantSkeleton("Lashkar-e-Jhangvi"));
    expect(consonantSkeleton("بلوچ لبریشن آرمی")).toBe(consonantSkeleton("Baloch Liberation Army"));
  });
});

describe("links, phones and avatar hashes", () => {
  it("canonicalises account links and strips tracking", () => {
    expect(normaliseLink("https://twitter.com/SomeName?s=20")).toBe("x:somename");
    expect(normaliseLink("x.com/somename")).toBe("x:somename");
    expect(normaliseLink("HTTP://www.Example.org/donate/?utm_source=x")).toBe("example.org/donate");
    expect(normaliseLink("not a link")).toBeUndefined();
  });

  it("compares phone numbers by their last ten digits", () => {
    expect(normalisePhone("+92 300 1234567")).toBe(normalisePhone("0300-1234567"));
    expect(normalisePhone("0092 300 1234567")).toBe(normalisePhone("+923001234567"));
    expect(normalisePhone("۰۳۰۰۱۲۳۴۵۶۷")).toBe(normalisePhone("03001234567"));
    expect(normalisePhone("12345")).toBeUndefined();
  });

  it("reads hexadecimal hashes and measures bits apart", () => {
    expect(normaliseAvatarHash("0xF0E1D2C3B4A59687")).toBe("f0e1d2c3b4a59687");
    expect(normaliseAvatarHash("not-hex!")).toBeUndefined();
    expect(hammingDistance("ff00", "fe00")).toBe(1);
    expect(hammingDistance("ff00", "ff0000")).toBeUndefined();
  });
});
