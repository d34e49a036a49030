import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { decodeText, decodeTextStream, InvalidTextError } from "../../text/decode.js";
import { type PublishedIssue, PublishedReportError } from "../errors.js";

/**
 * Where a reader reads from: a file path, or a readable stream of bytes or text.
 *
 * @example
 * ```ts
 * readGoogleRemovals(process.stdin, { name: "stdin" }); // or a path: readGoogleRemovals("google.csv")
 * ```
 */
export type PublishedInput = string | Readable;

/**
 * Options every published-file reader takes.
 *
 * @example
 * ```ts
 * readTikTokReport("tiktok.csv", { strict: true } satisfies ReadPublishedOptions);
 * ```
 */
export interface ReadPublishedOptions {
  /** Throw {@link PublishedReportError} at the first issue instead of reporting it and going on. */
  strict?: boolean;
  /** How many issues to keep in detail (all are counted). Default 1000. */
  maxIssues?: number;
  /** The name figures and errors give the input: default the path as given, or `stream`. */
  name?: string;
  /**
   * The bytes' encoding when not UTF-8 (`latin1`, `windows-1252`, any WHATWG label). Without it, bytes that
   * are not UTF-8 are refused with their line, never read as U+FFFD.
   */
  encoding?: string;
}

/**
 * What a reader returns: an async iterable of what it reads (figures, statements) that also tells, while and
 * after it is read, how many rows it read and which issues it found.
 *
 * @example
 * ```ts
 * import { readPublishedFigures } from "referral-kit/reconcile";
 *
 * const source = readPublishedFigures("google-government-removal-requests.csv");
 * for await (const figure of source) if (figure.country === "PK") console.log(figure.source.line, figure.value);
 * console.log(source.rowsRead, source.issues);
 * ```
 */
export interface PublishedSource<T> extends AsyncIterable<T> {
  /** The input's name as figures and errors give it. */
  readonly file: string;
  /** Data rows read so far (not the header, not blank lines). */
  readonly rowsRead: number;
  /** Issues found so far, the first `maxIssues` of them. */
  readonly issues: readonly PublishedIssue[];
  /** Every issue is counted here. */
  readonly issueCount: number;
}

/**
 * A reader's bookkeeping: rows read, issues, strictness. Internal.
 *
 * @internal
 */
export class ReaderState {
  rowsRead = 0;
  readonly issues: PublishedIssue[] = [];
  issueCount = 0;

  constructor(
    readonly file: string,
    readonly strict: boolean,
    readonly maxIssues: number,
    readonly encoding?: string,
  ) {}

  static from(input: PublishedInput, options: ReadPublishedOptions): ReaderState {
    const name = options.name ?? (typeof input === "string" ? input : "stream");
    return new ReaderState(name, options.strict ?? false, options.maxIssues ?? 1000, options.encoding);
  }

  /** Reports an issue, or throws it in strict mode. */
  report(issue: PublishedIssue): void {
    if (this.strict) {
      throw new PublishedReportError({
        file: this.file,
        line: issue.line,
        column: issue.column,
        issue: issue.code,
        reason: issue.message,
      });
    }
    this.issueCount++;
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
  }

  /** An error for a file that cannot be read as a whole. */
  fatal(reason: string, line?: number, cause?: unknown): PublishedReportError {
    return new PublishedReportError({ file: this.file, line, reason, cause });
  }

  /**
   * Opens the input as checked text (strict UTF-8, or the encoding named); a path that is missing or not
   * a file is a clear error, and so are bytes that are not text, with their line.
   */
  async open(input: PublishedInput): Promise<Readable> {
    if (typeof input === "string") {
      try {
        const info = await stat(input);
        if (!info.isFile()) throw new Error("not a file");
      } catch (error) {
        const code = (error as { code?: string }).code;
        const why =
          code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
        throw this.fatal(`cannot read the file: ${why}`, undefined, error);
      }
    }
    const stream = typeof input === "string" ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
    if (this.encoding === undefined || /^utf-?8$/i.test(this.encoding)) return this.#checkedUtf8(stream);
    const state = this;
    const text = async function* () {
      try {
        yield* decodeTextStream(stream, state.encoding);
      } catch (error) {
        throw state.#notText(error, 0);
      } finally {
        stream.destroy();
      }
    };
    return Readable.from(text(), { objectMode: false });
  }

  /**
   * UTF-8 bytes passed on as they are, checked on the way (csv-parse works on bytes: decoding them to text
   * first would have it encode them again; reconcile-readers.bench). A sequence split between chunks is
   * carried to the next one, so every piece checked is whole.
   */
  #checkedUtf8(stream: Readable): Readable {
    let carry: Buffer = Buffer.alloc(0);
    let line = 1;
    const check = (piece: Buffer): Error | undefined => {
      if (isUtf8(piece)) {
        for (let at = piece.indexOf(10); at !== -1; at = piece.indexOf(10, at + 1)) line++;
        return undefined;
      }
      try {
        decodeText(piece);
        return undefined;
      } catch (error) {
        return this.#notText(error, line - 1);
      }
    };
    const checked = new Transform({
      transform(chunk: Buffer | string, _encoding, done) {
        if (typeof chunk === "string") return done(null, chunk);
        const whole = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        const tail = incompleteTail(whole);
        carry = Buffer.from(whole.subarray(whole.length - tail));
        const piece = tail > 0 ? whole.subarray(0, whole.length - tail) : whole;
        const problem = check(piece);
        done(problem ?? null, problem ? undefined : piece);
      },
      flush(done) {
        if (carry.length === 0) return done();
        const problem = check(carry);
        if (problem) return done(problem);
        this.push(carry);
        done();
      },
    });
    stream.on("error", (error) => checked.destroy(error));
    return stream.pipe(checked);
  }

  /** A decoding error as the reader's error, its line counted from the start of the file. */
  #notText(error: unknown, linesBefore: number): Error {
    if (!(error instanceof InvalidTextError))
      return error instanceof Error ? error : new Error(String(error));
    return this.fatal(error.reason, error.line > 0 ? error.line + linesBefore : undefined, error);
  }

  /** A view of this state that is also the async iterable. */
  source<T>(iterate: () => AsyncIterator<T>): PublishedSource<T> {
    const state = this;
    return {
      get file() {
        return state.file;
      },
      get rowsRead() {
        return state.rowsRead;
      },
      get issues() {
        return state.issues;
      },
      get issueCount() {
        return state.issueCount;
      },
      [Symbol.asyncIterator]: iterate,
    };
  }
}

/** How many bytes at the end of `bytes` begin a UTF-8 sequence that `bytes` does not finish. */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}
