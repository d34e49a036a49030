import {
  createMirrorIndex,
  type KnownAccount,
  MIRROR_WEIGHTS,
  MirrorOptionsError,
} from "referral-kit/mirrors";
import { describe, expect, it } from "vitest";
import { combineWeights } from "../../src/mirrors/reasons.js";

const ttp: KnownAccount = {
  platform: "x",
  handle: "ttp_official",
  displayName: "Tehreek-e-Taliban Pakistan",
  links: ["https://umar-media.example.net/join"],
  phones: ["+92 300 1234567"],
  avatarHash: "f0e1d2c3b4a59687",
  group: "ttp",
  actionedAt: "2025-03-01T00:00:00Z",
};
const index = createMirrorIndex([ttp]);
const best = (
  account: Parameters<typeof index.candidates>[0] extends Iterable<infer A> ? A : never,
  minScore = 0,
) => index.candidates([account], { minScore })[0];

describe("scores and reasons", () => {
  it("combines weights as independent evidence, within [0, 1]", () => {
    expect(combineWeights([])).toBe(0);
    expect(combineWeights([0.75, 0.45])).toBeCloseTo(0.8625);
    expect(combineWeights([1, 0.5])).toBe(1);
  });

  it("gives each matching field its typed reason", () => {
    const candidate = best({
      platform: "telegram",
      handle: "7tp.officiall2",
      displayName: "تحریک طالبان پاکستان",
      links: ["umar-media.example.net/join?utm_source=tg"],
      phones: ["0300-1234567"],
      avatarHash: "f0e1d2c3b4a59686",
      createdAt: "2025-03-03T00:00:00Z",
    });
    expect(candidate?.known).toBe("x:ttp_official");
    expect(candidate?.reasons.map((reason) => reason.kind).sort()).toEqual([
      "created-soon-after",
      "same-avatar",
      "same-display-name",
      "shared-link",
      "shared-phone",
      "similar-handle",
    ]);
    expect(candidate!.score).toBeGreaterThan(0.95);
    expect(candidate!.score).toBeLessThanOrEqual(1);
    for (const reason of candidate!.reasons) {
      expect(reason.detail.length).toBeGreaterThan(0);
      expect(reason.weight).toBeGreaterThan(0);
    }
  });

  it("weighs a same skeleton above a same core above a merely similar one", () => {
    const skeleton = best({ platform: "x", handle: "ttр_оfficial" })!; // Cyrillic er and o
    const sameCore = best({ platform: "x", handle: "official_ttp2" })!;
    expect(skeleton.reasons[0]).toMatchObject({
      kind: "similar-handle",
      weight: MIRROR_WEIGHTS.sameSkeleton,
    });
    expect(sameCore.reasons[0]).toMatchObject({ kind: "similar-handle", weight: MIRROR_WEIGHTS.sameCore });
    const other = createMirrorIndex([{ platform: "x", handle: "umar_media_voice" }]);
    const similar = other.candidates([{ platform: "x", handle: "umar_medya_voice" }], { minScore: 0 })[0]!;
    expect(similar.reasons[0]!.weight).toBeLessThan(MIRROR_WEIGHTS.sameCore);
  });

  it("never lets one weak reason reach the default minScore", () => {
    expect(
      index.candidates([{ platform: "x", handle: "somebody", displayName: "Tehrik-i-Taliban Pakistan" }]),
    ).toEqual([]);
    expect(
      index.candidates([
        { platform: "x", handle: "somebody", links: ["https://umar-media.example.net/join"] },
      ]),
    ).toEqual([]);
    expect(
      index.candidates([{ platform: "x", handle: "somebody", createdAt: "2025-03-02T00:00:00Z" }]),
    ).toEqual([]);
  });

  it("adds created-soon-after only with another reason, by days since the known account was actioned", () => {
    const within = best({ platform: "x", handle: "ttp_backup", createdAt: "2025-03-05T00:00:00Z" })!;
    expect(within.reasons.find((reason) => reason.kind === "created-soon-after")?.weight).toBe(
      MIRROR_WEIGHTS.createdWithinWeek,
    );
    const late = best({ platform: "x", handle: "ttp_backup", createdAt: "2025-06-05T00:00:00Z" })!;
    expect(late.reasons.some((reason) => reason.kind === "created-soon-after")).toBe(false);
  });

  it("does not match an account with itself", () => {
    expect(index.candidates([{ platform: "x", handle: "@TTP_Official" }], { minScore: 0 })).toEqual([]);
  });

  it("orders per new account best first and honours limit", () => {
    const many = createMirrorIndex([
      { platform: "x", handle: "ttp_official" },
      { platform: "x", handle: "ttp_media" },
      { platform: "telegram", handle: "ttp_official" },
    ]);
    const list = many.candidates([{ platform: "tiktok", handle: "ttp.official" }], { limit: 2, minScore: 0 });
    expect(list).toHaveLength(2);
    expect(list[0]!.score).toBeGreaterThanOrEqual(list[1]!.score);
  });

  it("rejects options out of range with a typed error", () => {
    expect(() => index.candidates([], { minScore: 2 })).toThrow(MirrorOptionsError);
    try {
      index.candidates([], { limit: 0 });
    } catch (error) {
      expect(MirrorOptionsError.isInstance(error)).toBe(true);
      expect((error as MirrorOptionsError).code).toBe("mirror_options_invalid");
    }
  });
});

describe("decoys", () => {
  const known: KnownAccount[] = [
    {
      platform: "x",
      handle: "ttp_official",
      displayName: "TTP",
      links: ["https://umar-media.example.net/"],
      actionedAt: "2025-03-01",
    },
  ];
  const decoyIndex = createMirrorIndex(known);

  it("a news outlet reporting on TTP does not outrank a real mirror", () => {
    const list = decoyIndex.candidates(
      [
        {
          platform: "x",
          handle: "ttp_news_watch",
          displayName: "TTP News Watch",
          links: ["https://umar-media.example.net/"],
          createdAt: "2025-03-02",
        },
        { platform: "x", handle: "ttp_officiall", createdAt: "2025-03-04" },
      ],
      { minScore: 0 },
    );
    expect(list[0]!.new).toBe("x:ttp_officiall");
    const news = list.find((candidate) => candidate.new === "x:ttp_news_watch");
    if (news) {
      expect(news.score).toBeLessThan(0.5);
      expect(news.cautions[0]?.kind).toBe("reporting-terms");
    }
  });

  it("halves the score of an account whose display name reports on the group, and says why", () => {
    const [candidate] = decoyIndex.candidates(
      [{ platform: "x", handle: "ttp.official", displayName: "TTP journalist" }],
      {
        minScore: 0,
      },
    );
    expect(candidate!.cautions).toEqual([expect.objectContaining({ kind: "reporting-terms", factor: 0.5 })]);
    expect(candidate!.cautions[0]!.detail).toContain('"journalist"');
    expect(candidate!.score).toBeCloseTo(MIRROR_WEIGHTS.sameSkeleton * 0.5, 3);
  });

  it("critics and common words stay below the default minScore", () => {
    const list = decoyIndex.candidates([
      { platform: "x", handle: "anti_ttp", displayName: "Against TTP" },
      { platform: "x", handle: "ttp_exposed", displayName: "TTP Exposed" },
      { platform: "x", handle: "official_news", displayName: "Official News" },
    ]);
    expect(list).toEqual([]);
  });
});
