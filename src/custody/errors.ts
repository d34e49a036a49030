import { hasMarker, markError } from "../domain/error-marker.js";
import { ReferralKitError } from "../domain/errors.js";

const warcMarker = Symbol.for("referral-kit.error.warc_invalid");

/**
 * Thrown when a file is not a readable WARC: not WARC at all, cut short (a record's block ends before its
 * `Content-Length`), or malformed (a header the format requires is missing or unreadable). `offset` is the
 * byte offset of the record where it went wrong (in the compressed file for `.warc.gz`), `record` its
 * position.
 *
 * @example
 * ```ts
 * import { WarcError, readWarcRecords } from "referral-kit/verify";
 *
 * try {
 *   for await (const record of readWarcRecords("capture.warc.gz")) console.log(record.targetUri);
 * } catch (error) {
 *   if (WarcError.isInstance(error)) console.error(error.problem, "at byte", error.offset);
 * }
 * ```
 */
export class WarcError extends ReferralKitError {
  declare readonly code: "warc_invalid";
  /** Why the file could not be read as WARC. */
  readonly problem: "not-warc" | "truncated" | "malformed";
  /** Byte offset of the offending record. */
  readonly offset: number;
  /** Position of the offending record (0 for the first). */
  readonly record: number;
  /** The file, when reading one. */
  readonly path: string | undefined;

  constructor(args: {
    problem: WarcError["problem"];
    offset: number;
    record: number;
    detail: string;
    path?: string;
  }) {
    const where = `${args.path === undefined ? "" : `${args.path}: `}record ${args.record} at byte ${args.offset}`;
    super("warc_invalid", `${where}: ${args.detail}`);
    this.name = "WarcError";
    markError(this, warcMarker);
    this.problem = args.problem;
    this.offset = args.offset;
    this.record = args.record;
    this.path = args.path;
  }

  static override isInstance(value: unknown): value is WarcError {
    return hasMarker(value, warcMarker);
  }
}
