import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWarcRecords, WarcError } from "referral-kit/verify";
import { afterAll, describe, expect, it } from "vitest";
import { makeWarc, makeWarcRecords } from "../support/warc.js";

const folder = mkdtempSync(join(tmpdir(), "referral-kit-warc-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const PAGES = [
  { url: "https://x.com/fictional_ttp_media", html: "<html><body>profile</body></html>" },
  { url: "https://x.com/fictional_ttp_media/status/1", html: "<html><body>post</body></html>" },
];

async function records(source: string | Uint8Array) {
  const input =
    typeof source === "string"
      ? source
      : (async function* () {
          yield source;
        })();
  const out = [];
  for await (const record of readWarcRecords(input)) out.push(record);
  return out;
}

async function failure(source: string | Uint8Array): Promise<WarcError> {
  try {
    await records(source);
  } catch (error) {
    if (WarcError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a WarcError");
}

describe("readWarcRecords", () => {
  it("lists captured URLs with their digests and re-checks every block digest (sha256 hex, sha1 base32, gzip)", async () => {
    for (const options of [
      {},
      { digest: "sha1" as const },
      { gzip: true },
      { gzip: true, digest: "sha1" as const },
    ]) {
      const path = join(folder, `ok-${options.digest ?? "sha256"}${options.gzip ? ".warc.gz" : ".warc"}`);
      writeFileSync(path, await makeWarc(PAGES, options));
      const found = await records(path);
      expect(found.map((record) => [record.type, record.targetUri, record.blockDigestCheck])).toEqual([
        ["warcinfo", undefined, "absent"],
        ["response", PAGES[0]!.url, "matched"],
        ["response", PAGES[1]!.url, "matched"],
      ]);
      expect(found[1]!.offset).toBeGreaterThan(0);
      if (options.digest !== "sha1") {
        const payload = createHash("sha256").update(PAGES[0]!.html).digest("hex");
        expect(found[1]!.payloadDigest).toBe(`sha256:${payload}`);
      } else {
        expect(found[1]!.payloadDigest).toMatch(/^sha1:[A-Z2-7]{32}$/);
      }
    }
  });

  it("reports a record whose bytes were changed after capture", async () => {
    const bytes = await makeWarc(PAGES);
    const text = bytes.toString("latin1").replace("<body>post</body>", "<body>POST</body>");
    const found = await records(Buffer.from(text, "latin1"));
    expect(found.map((record) => record.blockDigestCheck)).toEqual(["absent", "matched", "mismatched"]);
  });

  it("refuses a file that is not WARC, an empty one and one without Content-Length, with the offset", async () => {
    expect(await failure(Buffer.from("GIF89a not a web archive\r\n\r\n"))).toMatchObject({
      code: "warc_invalid",
      problem: "not-warc",
      offset: 0,
      record: 0,
    });
    expect(await failure(Buffer.alloc(0))).toMatchObject({ problem: "not-warc" });
    const bytes = (await makeWarc(PAGES)).toString("latin1").replace(/Content-Length: \d+\r\n/, "");
    expect(await failure(Buffer.from(bytes, "latin1"))).toMatchObject({ problem: "malformed", record: 0 });
  });

  it("refuses a file cut at any byte with a typed error, never a hang or a silent short list", async () => {
    for (const gzip of [false, true]) {
      const parts = await makeWarcRecords(PAGES, { gzip });
      const whole = Buffer.concat(parts);
      const ends = parts.map((_, index) =>
        parts.slice(0, index + 1).reduce((sum, part) => sum + part.length, 0),
      );
      const complete = await records(whole);
      for (let cut = 1; cut < whole.length; cut += gzip ? 1 : 3) {
        const part = whole.subarray(0, cut);
        let outcome: string;
        try {
          const found = await records(part);
          // Only a cut between records (or in the blank lines after one) reads cleanly, and then every
          // record it reads is complete: WARC has no end marker, so a file hash catches a lost record.
          outcome = `ok:${found.length}`;
          expect(found).toEqual(complete.slice(0, found.length));
          // Cut inside a record's block or gzip member: never a clean read.
          const end = ends[found.length - 1]!;
          if (gzip) expect(cut, `cut at ${cut} (gzip) read ${found.length} records`).toBe(end);
          else expect(cut, `cut at ${cut} read ${found.length} records`).toBeGreaterThanOrEqual(end - 4);
        } catch (error) {
          expect(WarcError.isInstance(error), `cut at ${cut} (gzip ${gzip}): ${String(error)}`).toBe(true);
          outcome = (error as WarcError).problem;
        }
        expect(outcome).toBeDefined();
      }
    }
  }, 120_000);
});
