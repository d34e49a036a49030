import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
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
}

/**
 * What a reader returns: an async iterable of typed rows that also tells, while and after it is read, how
 * many rows it read and which issues it found.
 *
 * @example
 * ```ts
 * import { readGoogleRemovals } from "referral-kit/reconcile";
 *
 * const source = readGoogleRemovals("google-government-removal-requests.csv");
 * for await (const row of source) if (row.country === "PK") console.log(row.line, row.requests);
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
  ) {}

  static from(input: PublishedInput, options: ReadPublishedOptions): ReaderState {
    const name = options.name ?? (typeof input === "string" ? input : "stream");
    return new ReaderState(name, options.strict ?? false, options.maxIssues ?? 1000);
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

  /** Opens the input; a path that is missing or not a file is a clear error. */
  async open(input: PublishedInput): Promise<Readable> {
    if (typeof input !== "string") return input;
    try {
      const info = await stat(input);
      if (!info.isFile()) throw new Error("not a file");
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why = code === "ENOENT" ? "no such file" : error instanceof Error ? error.message : String(error);
      throw this.fatal(`cannot read the file: ${why}`, undefined, error);
    }
    return createReadStream(input, { highWaterMark: 1 << 20 });
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
