import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Evidence, ValidationError } from "referral-kit";
import { hashFile, verifyCaptures, type WarcRecordInfo } from "referral-kit/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseManifest } from "../../src/custody/verify-captures.js";
import { makeWarc } from "../support/warc.js";

const root = mkdtempSync(join(tmpdir(), "referral-kit-captures-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha = (bytes: string | Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const PAGE = { url: "https://t.me/fictional_channel/12", html: "<html>channel post</html>" };

let warc: Buffer;
beforeAll(async () => {
  warc = await makeWarc([PAGE], { gzip: true });
});

function fresh(name: string): string {
  const folder = join(root, name);
  mkdirSync(join(folder, "2025"), { recursive: true });
  writeFileSync(join(folder, "2025", "post.warc.gz"), warc);
  writeFileSync(join(folder, "shot.png"), "png bytes");
  writeFileSync(
    join(folder, "SHA256SUMS"),
    `${sha(warc)}  2025/post.warc.gz\n${sha("png bytes")} *shot.png\n`,
  );
  return folder;
}

describe("verifyCaptures", () => {
  it("re-hashes every file against the manifest and lists the WARC's captured URLs in the same pass", async () => {
    const folder = fresh("clean");
    const seen: [string, WarcRecordInfo][] = [];
    const result = await verifyCaptures(folder, { onRecord: (file, record) => seen.push([file, record]) });
    expect(result.ok).toBe(true);
    expect(result.missing).toEqual([]);
    expect(result.checked.map((file) => [file.name, file.hash, file.size])).toEqual([
      ["2025/post.warc.gz", "matched", warc.length],
      ["shot.png", "matched", 9],
    ]);
    expect(result.checked[0]!.sha256).toBe((await hashFile(join(folder, "2025", "post.warc.gz"))).sha256);
    expect(result.checked[0]!.warc).toMatchObject({ records: 2, blockDigests: { matched: 1, absent: 1 } });
    expect(seen.map(([file, record]) => [file, record.type, record.targetUri])).toEqual([
      ["2025/post.warc.gz", "warcinfo", undefined],
      ["2025/post.warc.gz", "response", PAGE.url],
    ]);
  });

  it("reports a changed file, a missing one, an unlisted one and a broken WARC, and is not ok", async () => {
    const folder = fresh("damaged");
    writeFileSync(join(folder, "shot.png"), "png bytes, edited");
    writeFileSync(join(folder, "notes.txt"), "unlisted");
    rmSync(join(folder, "2025", "post.warc.gz"));
    writeFileSync(join(folder, "cut.warc.gz"), warc.subarray(0, warc.length - 20));
    const result = await verifyCaptures(folder);
    expect(result.ok).toBe(false);
    expect(result.missing.map((file) => file.name)).toEqual(["2025/post.warc.gz"]);
    const byName = Object.fromEntries(result.checked.map((file) => [file.name, file]));
    expect(byName["shot.png"]).toMatchObject({
      hash: "mismatched",
      expected: { sha256: sha("png bytes"), from: "manifest" },
    });
    expect(byName["notes.txt"]!.hash).toBe("unlisted");
    expect(byName["cut.warc.gz"]).toMatchObject({
      hash: "unlisted",
      sha256: sha(warc.subarray(0, warc.length - 20)),
      warc: { error: { problem: "truncated" } },
    });
  });

  it("takes expectations from evidence records, and checks one file against its own only", async () => {
    const folder = fresh("evidence");
    const evidence = {
      url: PAGE.url,
      capturedAt: "2025-03-01T10:00:00Z",
      contentHash: `sha256:${sha(warc)}`,
      archive: { format: "warc", sha256: sha(warc), size: warc.length + 1, name: "2025/post.warc.gz" },
    } as Evidence;
    const result = await verifyCaptures(folder, { evidence: [evidence] });
    // The size on record differs by one byte: that alone is a mismatch.
    expect(result.checked[0]).toMatchObject({
      name: "2025/post.warc.gz",
      hash: "mismatched",
      expected: { from: "evidence" },
    });

    const single = await verifyCaptures(join(folder, "shot.png"), { manifest: join(folder, "SHA256SUMS") });
    expect(single).toMatchObject({ ok: true, missing: [], checked: [{ name: "shot.png", hash: "matched" }] });
  });

  it("refuses a manifest line that is not sha256sum output, naming the line", async () => {
    expect(parseManifest(`${"a".repeat(64)}  a.png\n\n# comment\n`)).toEqual([["a.png", "a".repeat(64)]]);
    const error = (() => {
      try {
        parseManifest(`${"a".repeat(64)}  a.png\nnot a line\n`);
      } catch (caught) {
        return caught;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).issues[0]!.path).toEqual([2]);
  });
});
