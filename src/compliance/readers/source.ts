import { createReadStream, type ReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { decodeTextStream, InvalidTextError } from "../../text/decode.js";
import { ComplianceInputError } from "../errors.js";

/**
 * A row a reader could not use: where, why, and the record id when it could be read.
 *
 * @example
 * ```ts
 * for (const row of source.skipped) console.error(`line ${row.line}: ${row.reason}`);
 * ```
 */
export interface SkippedRow {
  /** 1-based line in the file (for a CSV row spanning lines, its last line). */
  line: number;
  reason: string;
  recordId?: string;
}

/**
 * Options every reader takes.
 *
 * @example
 * ```ts
 * readComplianceCsv("requests.csv", { strict: true } satisfies ReadOptions);
 * ```
 */
export interface ReadOptions {
  /** Throw {@link ComplianceInputError} at the first bad row instead of skipping it. */
  strict?: boolean;
  /** How many skipped rows to keep in detail (all are counted); keeps memory flat on bad files. Default 1000. */
  maxSkipped?: number;
  /**
   * The bytes' encoding, when not UTF-8 (`latin1`, `windows-1252`, any WHATWG label). Without it, bytes that
   * are not UTF-8 are a {@link ComplianceInputError} on their line: a silently replaced character would be
   * counted under a wrong group or platform.
   */
  encoding?: string;
}

/**
 * What a reader returns: an async iterable of records that also tells, while and after it is read, how far
 * it got and which rows it skipped.
 *
 * @example
 * ```ts
 * import { readComplianceCsv } from "referral-kit/compliance";
 *
 * const source = readComplianceCsv("requests.csv");
 * for await (const record of source) console.log(source.line, record.id);
 * console.log(`${source.skippedCount} rows skipped`, source.skipped);
 * ```
 */
export interface ComplianceSource<T> extends AsyncIterable<T> {
  /** Data rows read so far (good and bad; not the header, not blank lines). */
  readonly rowsRead: number;
  /** The line of the record last yielded. */
  readonly line: number;
  /** Bytes read so far. */
  readonly bytesRead: number;
  /** The file's size when known (a file path), else undefined. */
  readonly totalBytes: number | undefined;
  /** Skipped rows, the first `maxSkipped` of them. */
  readonly skipped: readonly SkippedRow[];
  /** Every skipped row is counted here. */
  readonly skippedCount: number;
  /** Skipped rows counted by reason, with the varying details (values, ids) left out. */
  readonly skippedByReason: Readonly<Record<string, number>>;
}

/** Where a reader reads from: a file path or a readable stream (bytes or strings). */
export type ComplianceInputSource = string | Readable;

/**
 * Shared bookkeeping of the readers: progress and skipped rows. Internal.
 *
 * @internal
 */
export class SourceState {
  rowsRead = 0;
  line = 0;
  totalBytes: number | undefined;
  skipped: SkippedRow[] = [];
  skippedCount = 0;
  skippedByReason: Record<string, number> = {};
  #stream: Readable | undefined;
  #counted = 0;

  constructor(
    readonly strict: boolean,
    readonly maxSkipped: number,
    readonly encoding?: string,
  ) {}

  get bytesRead(): number {
    const stream = this.#stream as ReadStream | undefined;
    return typeof stream?.bytesRead === "number" ? stream.bytesRead : this.#counted;
  }

  /**
   * Opens the input as checked text (strict UTF-8, or the encoding named); for a path, also learns its size
   * (for progress) and turns a missing file into a clear error.
   */
  async open(input: ComplianceInputSource): Promise<Readable> {
    if (typeof input !== "string") {
      // Counted as the decoder pulls them (a "data" listener would set the stream flowing before it reads).
      const counted = async function* (this: SourceState) {
        for await (const chunk of input as AsyncIterable<Buffer | string>) {
          this.#counted += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length;
          yield chunk;
        }
      };
      return this.#decoded(input, counted.call(this));
    }
    try {
      const info = await stat(input);
      if (!info.isFile()) throw new Error("not a file");
      this.totalBytes = info.size;
    } catch (error) {
      throw new ComplianceInputError({ reason: `cannot read ${input}: ${describe(error)}`, cause: error });
    }
    const stream = createReadStream(input, { highWaterMark: 1 << 20 });
    this.#stream = stream;
    return this.#decoded(stream, stream);
  }

  #decoded(stream: Readable, chunks: AsyncIterable<Buffer | string>): Readable {
    const encoding = this.encoding;
    const text = async function* () {
      try {
        yield* decodeTextStream(chunks, encoding);
      } catch (error) {
        if (error instanceof InvalidTextError) {
          throw new ComplianceInputError({
            ...(error.line > 0 ? { line: error.line } : {}),
            reason: error.reason,
            cause: error,
          });
        }
        throw error;
      } finally {
        stream.destroy();
      }
    };
    return Readable.from(text(), { objectMode: false });
  }

  /** Records a bad row, or throws it in strict mode. `kind` is the reason without its varying details. */
  skip(line: number, reason: string, kind: string, recordId?: string): void {
    if (this.strict)
      throw new ComplianceInputError({ line, reason: recordId ? `${recordId}: ${reason}` : reason });
    this.skippedCount++;
    this.skippedByReason[kind] = (this.skippedByReason[kind] ?? 0) + 1;
    if (this.skipped.length < this.maxSkipped) {
      this.skipped.push(recordId === undefined ? { line, reason } : { line, reason, recordId });
    }
  }

  /** A view of this state that is also the async iterable. */
  source<T>(iterate: () => AsyncIterator<T>): ComplianceSource<T> {
    const state = this;
    return {
      get rowsRead() {
        return state.rowsRead;
      },
      get line() {
        return state.line;
      },
      get bytesRead() {
        return state.bytesRead;
      },
      get totalBytes() {
        return state.totalBytes;
      },
      get skipped() {
        return state.skipped;
      },
      get skippedCount() {
        return state.skippedCount;
      },
      get skippedByReason() {
        return state.skippedByReason;
      },
      [Symbol.asyncIterator]: iterate,
    };
  }
}

function describe(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && error.code === "ENOENT") {
    return "no such file";
  }
  return error instanceof Error ? error.message : String(error);
}
