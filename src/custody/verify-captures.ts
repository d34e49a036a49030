import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { ValidationError } from "../domain/errors.js";
import type { Evidence } from "../domain/schemas/evidence.js";
import { WarcError } from "./errors.js";
import { DigestingReader, type FileDigest, hashFile } from "./hash.js";
import { readWarcRecords, type WarcRecordInfo } from "./warc.js";

/** The name of the manifest `verifyCaptures` reads from a directory when none is given (`sha256sum` output). */
export const MANIFEST_NAME = "SHA256SUMS";

/** One file checked by `verifyCaptures`. @internal */
export type CaptureCheck = CaptureVerification["checked"][number];

type ExpectedDigest = NonNullable<CaptureCheck["expected"]>;
type WarcCheck = NonNullable<CaptureCheck["warc"]>;

/** What {@link verifyCaptures} found. */
export interface CaptureVerification {
  /** Each file checked. */
  checked: {
    /** Path relative to the directory verified (the file name for a single file). */
    name: string;
    sha256: string;
    size: number;
    /** What the file's hash should be, and where that was read; `undefined` when nothing says. */
    expected: { sha256: string; size?: number; from: "manifest" | "evidence" } | undefined;
    /** `matched` or `mismatched` against the expectation; `unlisted` when nothing says what it should be. */
    hash: "matched" | "mismatched" | "unlisted";
    /** For WARC files (`.warc`, `.warc.gz`): the records and their digests. */
    warc?: {
      records: number;
      /** Records whose re-computed block digest matched, did not match, was absent, or used an unknown algorithm. */
      blockDigests: Record<WarcRecordInfo["blockDigestCheck"], number>;
      /** The records whose bytes no longer match their block digest. */
      mismatchedRecords: WarcRecordInfo[];
      /** Why the file could not be read to the end as WARC. */
      error?: { problem: WarcError["problem"]; offset: number; record: number; message: string };
    };
  }[];
  /** Files the manifest or the evidence names that are not there. */
  missing: { name: string; expected: NonNullable<CaptureVerification["checked"][number]["expected"]> }[];
  /** True when nothing mismatched, nothing is missing and every WARC read cleanly. */
  ok: boolean;
}

/**
 * Re-hashes stored captures (a file, or every file under a directory) as streams, in bounded memory, and
 * reports any whose bytes no longer match what was recorded. Expectations come from a `SHA256SUMS`
 * manifest (the output of `sha256sum`, found in the directory or given as `manifest`) and from evidence
 * records (`archive.name` and `archive.sha256`). WARC files are also read record by record (one pass for
 * both): each record's block digest is re-computed, and `onRecord` receives every record (the captured
 * URLs and their digests) as it is read.
 *
 * @throws {ValidationError} the manifest has a line that is not `<sha256>  <name>`.
 * @throws {MissingDependencyError} a WARC file is found and `warcio` is not installed.
 *
 * @example
 * ```ts
 * import { verifyCaptures } from "referral-kit/verify";
 *
 * const result = await verifyCaptures("evidence/2025-03", {
 *   onRecord: (file, record) => console.log(file, record.targetUri, record.payloadDigest),
 * });
 * for (const file of result.checked) if (file.hash === "mismatched") console.error("changed:", file.name);
 * ```
 */
export async function verifyCaptures(
  target: string,
  options: {
    manifest?: string;
    evidence?: Iterable<Evidence>;
    onRecord?: (file: string, record: WarcRecordInfo) => void;
    signal?: AbortSignal;
  } = {},
): Promise<CaptureVerification> {
  const info = await stat(target);
  const root = info.isDirectory() ? target : undefined;
  const files = root === undefined ? [target] : await listFiles(root);
  const manifestPath =
    options.manifest ??
    (root !== undefined && files.includes(join(root, MANIFEST_NAME)) ? join(root, MANIFEST_NAME) : undefined);
  const expected = new Map<string, ExpectedDigest>();
  if (manifestPath !== undefined) {
    for (const [name, sha256] of parseManifest(await readFile(manifestPath, "utf8"), manifestPath)) {
      expected.set(normalise(name), { sha256, from: "manifest" });
    }
  }
  for (const evidence of options.evidence ?? []) {
    const archive = evidence.archive;
    if (archive?.name !== undefined) {
      expected.set(normalise(archive.name), { sha256: archive.sha256, size: archive.size, from: "evidence" });
    }
  }

  const checked: CaptureCheck[] = [];
  const seen = new Set<string>();
  for (const path of files) {
    if (manifestPath !== undefined && path === manifestPath) continue;
    options.signal?.throwIfAborted();
    const name = normalise(root === undefined ? basename(path) : relative(root, path));
    seen.add(name);
    const { digest, warc } = isWarcName(name)
      ? await inspectWarc(path, name, options.onRecord, options.signal)
      : { digest: await hashFile(path, { signal: options.signal }), warc: undefined };
    const want = expected.get(name);
    const matches =
      want !== undefined && want.sha256 === digest.sha256 && (want.size ?? digest.size) === digest.size;
    checked.push({
      name,
      ...digest,
      expected: want,
      hash: want === undefined ? "unlisted" : matches ? "matched" : "mismatched",
      ...(warc === undefined ? {} : { warc }),
    });
  }
  // A single file is checked against its own expectation only; a directory against everything listed.
  const missing =
    root === undefined
      ? []
      : [...expected].filter(([name]) => !seen.has(name)).map(([name, want]) => ({ name, expected: want }));
  const ok =
    missing.length === 0 &&
    checked.every(
      (file) =>
        file.hash !== "mismatched" &&
        file.warc?.error === undefined &&
        (file.warc?.blockDigests.mismatched ?? 0) === 0,
    );
  return { checked, missing, ok };
}

/**
 * Reads a `SHA256SUMS` manifest (`sha256sum` output: `<64 hex>  <name>`, or `<64 hex> *<name>` in binary
 * mode; blank lines and `#` comments ignored) into name and digest pairs.
 *
 * @throws {ValidationError} a line does not have that form (the path is the line number).
 *
 * @example
 * ```ts
 * parseManifest("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  subscriber.csv\n");
 * // [["subscriber.csv", "9f86d0..."]]
 * ```
 */
export function parseManifest(text: string, source = MANIFEST_NAME): [name: string, sha256: string][] {
  const entries: [string, string][] = [];
  const problems: ValidationError["issues"] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (match) entries.push([match[2]!, match[1]!.toLowerCase()]);
    else
      problems.push({
        path: [index + 1],
        message: `line ${index + 1} is not "<sha256>  <name>"`,
        code: "custom",
      });
  });
  if (problems.length > 0) throw new ValidationError(source, problems);
  return entries;
}

/** True for the names of WARC files: `.warc` and `.warc.gz`. */
function isWarcName(name: string): boolean {
  return /\.warc(\.gz)?$/i.test(name);
}

/**
 * Hashes a WARC file and reads its records in the same pass. When the WARC breaks off, the file is hashed
 * on its own so its digest is still reported.
 */
async function inspectWarc(
  path: string,
  name: string,
  onRecord: ((file: string, record: WarcRecordInfo) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<{ digest: FileDigest; warc: WarcCheck }> {
  const warc: WarcCheck = {
    records: 0,
    blockDigests: { matched: 0, mismatched: 0, absent: 0, unsupported: 0 },
    mismatchedRecords: [],
  };
  const reader = new DigestingReader();
  const file = createReadStream(path, { signal });
  try {
    for await (const record of readWarcRecords(reader.wrap(file), { path: name })) {
      warc.records += 1;
      warc.blockDigests[record.blockDigestCheck] += 1;
      if (record.blockDigestCheck === "mismatched") warc.mismatchedRecords.push(record);
      onRecord?.(name, record);
    }
  } catch (error) {
    if (!WarcError.isInstance(error)) throw error;
    warc.error = {
      problem: error.problem,
      offset: error.offset,
      record: error.record,
      message: error.message,
    };
    return { digest: await hashFile(path, { signal }), warc };
  } finally {
    file.destroy();
  }
  // warcio reads to the end of the input to find there is no next record, so every byte went through
  // the hash; should it ever stop short, the file is hashed on its own rather than reported wrong.
  const digest = reader.digest();
  const { size } = await stat(path);
  return { digest: digest.size === size ? digest : await hashFile(path, { signal }), warc };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** Forward slashes and no leading `./`, so names from manifests, records and the disk compare equal. */
function normalise(name: string): string {
  return name.split(sep).join("/").replace(/\\/g, "/").replace(/^\.\//, "");
}
