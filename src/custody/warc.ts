/**
 * WARC reading on warcio (webrecorder's maintained WARC library): it frames the records and parses the
 * headers; this module adds what evidence needs on top: the checks that a file is WARC and complete, and
 * the re-computation of each record's block digest. Gzip is undone by Node's zlib before warcio sees the
 * bytes: warcio's own inflater drops a record whose gzip member was cut short without a word (a test
 * shows it), where zlib reports the unexpected end.
 */
import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { loadOptional } from "../adapter/load-optional.js";
import { WarcError } from "./errors.js";

type DigestCheck = WarcRecordInfo["blockDigestCheck"];

/** One WARC record as {@link readWarcRecords} reports it. */
export interface WarcRecordInfo {
  /** Byte offset of the record in the WARC stream (after decompression, for `.warc.gz`). */
  offset: number;
  /** `WARC-Type`: `warcinfo`, `response`, `resource`, `request`, `metadata`, `revisit`, ... */
  type: string;
  recordId: string | undefined;
  /** `WARC-Target-URI`: the URL captured. */
  targetUri: string | undefined;
  /** `WARC-Date`. */
  date: string | undefined;
  contentType: string | undefined;
  contentLength: number;
  /** `WARC-Payload-Digest` as recorded (e.g. `sha1:BASE32...` or `sha256:hex...`). */
  payloadDigest: string | undefined;
  /** `WARC-Block-Digest` as recorded. */
  blockDigest: string | undefined;
  /**
   * The block digest re-computed from the bytes and compared with the recorded one: `absent` when the
   * record has none, `unsupported` for an unknown algorithm.
   */
  blockDigestCheck: "matched" | "mismatched" | "absent" | "unsupported";
}

/**
 * Reads the records of a WARC file (or `.warc.gz`) as a stream, in bounded memory, re-computing each
 * record's block digest (`sha1`, `sha256`, `sha512` or `md5`, hex or base32). Needs the optional
 * `warcio` package.
 *
 * @throws {WarcError} the input is not WARC, is truncated, or a record is malformed (with the byte offset).
 * @throws {MissingDependencyError} `warcio` is not installed.
 *
 * @example
 * ```ts
 * import { readWarcRecords } from "referral-kit/verify";
 *
 * for await (const record of readWarcRecords("capture.warc.gz")) {
 *   if (record.type === "response") console.log(record.targetUri, record.payloadDigest, record.blockDigestCheck);
 * }
 * ```
 */
export async function* readWarcRecords(
  source: string | AsyncIterable<Uint8Array>,
  options: { signal?: AbortSignal; path?: string } = {},
): AsyncGenerator<WarcRecordInfo> {
  const { WARCParser } = await loadOptional<typeof import("warcio")>("warcio", "reading WARC files");
  const file = typeof source === "string" ? createReadStream(source, { signal: options.signal }) : undefined;
  const path = typeof source === "string" ? source : options.path;
  const parser = new WARCParser(gunzipped(file ?? (source as AsyncIterable<Uint8Array>)), {
    parseHttp: false,
    keepHeadersCase: true,
  });
  let index = 0;
  const fail = (problem: WarcError["problem"], detail: string, offset = parser.offset) =>
    new WarcError({ problem, offset, record: index, detail, ...(path === undefined ? {} : { path }) });
  try {
    for (;;) {
      let record: Awaited<ReturnType<typeof parser.parse>>;
      try {
        record = await parser.parse();
      } catch (error) {
        throw fail(
          "malformed",
          `the record cannot be read (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      if (record === null) break;
      const statusline = record.warcHeaders.statusline.trim();
      if (!/^WARC\/\d+\.\d+$/.test(statusline)) {
        throw fail(
          index === 0 ? "not-warc" : "malformed",
          `expected a WARC version line ("WARC/1.1"), found ${JSON.stringify(statusline.slice(0, 40))}`,
        );
      }
      const declared = record.warcHeader("Content-Length");
      const length = Number(declared);
      if (declared == null || declared.trim() === "" || !Number.isSafeInteger(length) || length < 0) {
        throw fail(
          "malformed",
          `Content-Length is ${declared == null ? "missing" : JSON.stringify(declared)}`,
        );
      }
      const offset = parser.offset;
      const blockDigest = record.warcBlockDigest ?? undefined;
      const checker = digestChecker(blockDigest);
      let read = 0;
      try {
        for await (const chunk of record.reader) {
          read += chunk.byteLength;
          checker?.hash.update(chunk);
        }
      } catch (error) {
        throw readFailure(error, (problem, detail) => fail(problem, detail, offset));
      }
      // warcio stops at the end of the input without saying so; a short block is a cut-off file.
      if (read < length) {
        throw fail(
          "truncated",
          `the record declares ${length} bytes but the file ends after ${read}`,
          offset,
        );
      }
      yield {
        offset,
        type: String(record.warcType ?? ""),
        recordId: record.warcHeader("WARC-Record-ID") ?? undefined,
        targetUri: record.warcTargetURI ?? undefined,
        date: record.warcDate ?? undefined,
        contentType: record.warcContentType ?? undefined,
        contentLength: length,
        payloadDigest: record.warcPayloadDigest ?? undefined,
        blockDigest,
        blockDigestCheck: checker === undefined ? (blockDigest ? "unsupported" : "absent") : checker.check(),
      };
      index += 1;
    }
    if (index === 0) throw fail("not-warc", "the file holds no WARC record", 0);
  } finally {
    file?.destroy();
  }
}

/** The WARC stream of a file that may be gzipped (whole, or one member per record): gzip magic decides. */
async function* gunzipped(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* all(): AsyncGenerator<Uint8Array> {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (!(first.value[0] === 0x1f && first.value[1] === 0x8b)) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  const done = pipeline(Readable.from(all()), gunzip);
  // The pipeline's error (a cut or corrupt gzip member) also ends the iteration below with it.
  done.catch(() => {});
  yield* gunzip;
  await done;
}

/** A read error as a WarcError: zlib's unexpected end is a truncation, its other errors corruption. */
function readFailure(
  error: unknown,
  fail: (problem: WarcError["problem"], detail: string) => WarcError,
): WarcError {
  if (WarcError.isInstance(error)) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "Z_BUF_ERROR") return fail("truncated", `the gzip data ends early (${message})`);
  if (typeof code === "string" && code.startsWith("Z_"))
    return fail("malformed", `the gzip data is corrupt (${message})`);
  return fail("malformed", `the record cannot be read (${message})`);
}

const ALGORITHMS: Record<string, { name: string; bytes: number }> = {
  sha1: { name: "sha1", bytes: 20 },
  sha256: { name: "sha256", bytes: 32 },
  sha512: { name: "sha512", bytes: 64 },
  md5: { name: "md5", bytes: 16 },
};

/** A hash for a recorded `algorithm:value` digest, and the comparison once the bytes are in. */
function digestChecker(recorded: string | undefined): { hash: Hash; check(): DigestCheck } | undefined {
  if (!recorded) return undefined;
  const colon = recorded.indexOf(":");
  const algorithm = ALGORITHMS[recorded.slice(0, colon).trim().toLowerCase().replace("-", "")];
  if (colon < 0 || algorithm === undefined) return undefined;
  const expected = decodeDigest(recorded.slice(colon + 1).trim(), algorithm.bytes);
  if (expected === undefined) return undefined;
  const hash = createHash(algorithm.name);
  return { hash, check: () => (hash.digest().equals(expected) ? "matched" : "mismatched") };
}

/** A digest value in hex or in base32 (RFC 4648, the WARC convention for `sha1:`), as bytes. */
function decodeDigest(value: string, bytes: number): Buffer | undefined {
  if (value.length === bytes * 2 && /^[0-9a-f]+$/i.test(value)) return Buffer.from(value, "hex");
  const decoded = base32Decode(value);
  return decoded?.length === bytes ? decoded : undefined;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * RFC 4648 base32 (upper or lower case, padding optional). Node has no base32 codec and warcio does not
 * export the one it uses, so WARC's `sha1:BASE32` digests are decoded here.
 */
function base32Decode(text: string): Buffer | undefined {
  const clean = text.replace(/=+$/, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const character of clean) {
    const digit = BASE32.indexOf(character);
    if (digit < 0) return undefined;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}
