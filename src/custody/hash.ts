import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** A file's SHA-256 (64 lower-case hex digits) and size in bytes. */
export interface FileDigest {
  sha256: string;
  size: number;
}

/**
 * Hashes bytes as they stream past, in bounded memory: each chunk is hashed and dropped. Pass chunks
 * through {@link DigestingReader.wrap} to hash them while another reader consumes them (a WARC parser),
 * so a file is read once.
 *
 * @internal
 */
export class DigestingReader {
  private readonly hash = createHash("sha256");
  /** Bytes seen so far. */
  size = 0;

  /** Yields the source's chunks unchanged, hashing each on the way. */
  async *wrap(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.update(chunk);
      yield chunk;
    }
  }

  /** Hashes one chunk. */
  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.byteLength;
  }

  /** The digest of everything seen (call once, at the end). */
  digest(): FileDigest {
    return { sha256: this.hash.digest("hex"), size: this.size };
  }
}

/**
 * The SHA-256 and size of a file, read as a stream (64 KiB at a time), so a capture of any size is
 * hashed in bounded memory.
 *
 * @example
 * ```ts
 * import { hashFile } from "referral-kit/verify";
 *
 * const { sha256, size } = await hashFile("captures/2025-03-01-x-somename.warc.gz");
 * ```
 */
export async function hashFile(
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<{ /** 64 lower-case hex digits. */ sha256: string /** Bytes. */; size: number }> {
  const reader = new DigestingReader();
  for await (const chunk of createReadStream(path, { signal: options.signal }))
    reader.update(chunk as Buffer);
  return reader.digest();
}
