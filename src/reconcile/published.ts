import { PassThrough, Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import type { PublishedFormat } from "./definitions.js";
import type { PublishedIssue } from "./errors.js";
import {
  dsaFigures,
  googleDetailedFigure,
  googleFigures,
  type PublishedFigure,
  tiktokFigure,
} from "./figures.js";
import type { PublishedMetric } from "./metrics.js";
import { type PublishedPeriod, toPeriod } from "./period.js";
import { readDsaMemberStateOrders } from "./read/dsa-orders.js";
import { readGoogleDetailedRemovals, readGoogleRemovals } from "./read/google.js";
import { type PublishedSource, ReaderState, type ReadPublishedOptions } from "./read/source.js";
import { readTikTokReport } from "./read/tiktok.js";

/** Internal name of a type the public signatures write out. */
export type PublishedCollection = Awaited<ReturnType<typeof collectPublishedFigures>>;

/**
 * Options of {@link readPublishedFigures}: the reader's options and filters. A filter keeps the figures that
 * match it; figures of other rows are not built at all.
 *
 * @example
 * ```ts
 * readPublishedFigures("tiktok.csv", { country: "PK", period: "2025-H1", strict: true });
 * ```
 */
export interface PublishedFigureOptions extends ReadPublishedOptions {
  /** Publishers to keep (`google`, `tiktok`, `x`, `facebook`, ...). */
  platform?: string | readonly string[];
  /** ISO 3166-1 alpha-2 code to keep (`GR` also matches Meta's `EL`); `null` keeps the totals only. */
  country?: string | null;
  /** The period to keep: `2025-H1`, `2025`, `2025-07-01/2025-12-31`, or `{ start, end }`; exact match. */
  period?: string | PublishedPeriod;
  /** Metrics to keep. */
  metric?: PublishedMetric | readonly PublishedMetric[];
}

/**
 * Reads the figures of a published file, one figure per metric per source row, never aggregated (that is
 * `reconcileWithPublished`'s job), each with its definition, the publisher's note where the file has one,
 * and its file and line. The format is recognised from the header (Google's two removal files, TikTok's
 * long-format files, DSA table 3); a file of another format is an error that says so. Readers stream, so
 * the file is never held in memory.
 *
 * @throws {PublishedReportError} a file that is not one of these formats, cannot be read, or is malformed;
 * in strict mode, the first issue (an unknown column, metric or value, a blank or unreadable number).
 * @throws {RangeError} a `period` filter that is not a period.
 *
 * @example
 * ```ts
 * import { readPublishedFigures } from "referral-kit/reconcile";
 *
 * const source = readPublishedFigures("tiktok-government-removal-requests.csv", { country: "PK", period: "2025-H2" });
 * for await (const figure of source) console.log(figure.metric, figure.value, `line ${figure.source.line}`);
 * ```
 */
export function readPublishedFigures(
  input: string | Readable,
  options: PublishedFigureOptions = {},
): PublishedSource<PublishedFigure> & {
  /** The file's format, known once reading has started; for TikTok, from the first data row. */
  readonly format: PublishedFormat | undefined;
} {
  const state = ReaderState.from(input, options);
  const keep = figureFilter(options);
  let format: PublishedFormat | undefined;
  let inner: PublishedSource<unknown> | undefined;
  async function* figures(): AsyncGenerator<PublishedFigure> {
    const stream = await state.open(input);
    const peeked = await peek(stream);
    const detected = detectFormat(peeked.head, state);
    const readerOptions: ReadPublishedOptions = { ...options, name: state.file };
    if (detected === "google-removals") {
      format = detected;
      const source = readGoogleRemovals(peeked.stream, readerOptions);
      inner = source;
      for await (const row of source) {
        if (!keep.row("google", row.country, row.period)) continue;
        for (const figure of googleFigures(row, state.file)) if (keep.metric(figure.metric)) yield figure;
      }
    } else if (detected === "google-detailed-removals") {
      format = detected;
      const source = readGoogleDetailedRemovals(peeked.stream, readerOptions);
      inner = source;
      for await (const row of source) {
        if (!keep.row("google", row.country, row.period) || !keep.metric("detailed-total")) continue;
        yield googleDetailedFigure(row, state.file);
      }
    } else if (detected === "tiktok") {
      const source = readTikTokReport(peeked.stream, readerOptions);
      inner = source;
      for await (const row of source) {
        format ??= row.report === "removals" ? "tiktok-removals" : "tiktok-information";
        if (!keep.row("tiktok", row.country, row.period) || !keep.metric(row.metric)) continue;
        yield tiktokFigure(row, state.file);
      }
    } else {
      format = detected;
      const source = readDsaMemberStateOrders(peeked.stream, readerOptions);
      inner = source;
      let fileNotes: readonly string[] | undefined;
      for await (const row of source) {
        fileNotes ??= row.context;
        if (!keep.row(row.platform, row.country, row.period)) continue;
        for (const figure of dsaFigures(row, state.file, fileNotes))
          if (keep.metric(figure.metric)) yield figure;
      }
    }
  }
  return {
    get file() {
      return state.file;
    },
    get format() {
      return format;
    },
    get rowsRead() {
      return inner?.rowsRead ?? 0;
    },
    get issues() {
      return inner?.issues ?? [];
    },
    get issueCount() {
      return inner?.issueCount ?? 0;
    },
    [Symbol.asyncIterator]: figures,
  };
}

/**
 * Reads several published files with {@link readPublishedFigures} and collects the figures kept by the
 * filters (use a `country` filter on large files: the figures are held in memory). An input may carry the
 * name its figures give as their file (`{ input, name }`).
 *
 * @throws {PublishedReportError} as {@link readPublishedFigures}, for the first file that fails.
 *
 * @example
 * ```ts
 * import { collectPublishedFigures } from "referral-kit/reconcile";
 *
 * const published = await collectPublishedFigures(
 *   ["google-government-removal-requests.csv", "tiktok-government-removal-requests.csv"],
 *   { country: "PK" },
 * );
 * console.log(published.figures.length);
 * ```
 */
export async function collectPublishedFigures(
  inputs: ReadonlyArray<string | Readable | { input: string | Readable; name: string }>,
  options: PublishedFigureOptions = {},
  /**
   * What {@link collectPublishedFigures} returns: every figure kept, and per file what its reader found.
   */
): Promise<{
  figures: PublishedFigure[];
  files: Array<{
    file: string;
    format: PublishedFormat | undefined;
    rowsRead: number;
    issues: readonly PublishedIssue[];
    issueCount: number;
  }>;
}> {
  const collection: PublishedCollection = { figures: [], files: [] };
  for (const entry of inputs) {
    const named = typeof entry === "object" && "input" in entry;
    const source = readPublishedFigures(
      named ? entry.input : entry,
      named ? { ...options, name: entry.name } : options,
    );
    for await (const figure of source) collection.figures.push(figure);
    collection.files.push({
      file: source.file,
      format: source.format,
      rowsRead: source.rowsRead,
      issues: source.issues,
      issueCount: source.issueCount,
    });
  }
  return collection;
}

/** Recognises a format by its header: two signature columns each. */
function detectFormat(head: string, state: ReaderState): PublishedFormat | "tiktok" {
  const start = head.replace(/^\uFEFF/, "").trimStart();
  if (start === "") throw state.fatal("the file is empty");
  if (start.startsWith("{") || start.startsWith("[")) {
    throw state.fatal(
      "this is JSON, not a published figures file; statements of reasons are read with readStatementsOfReasons",
    );
  }
  let header: string[];
  try {
    header =
      (parse(start, { to_line: 1, relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
  } catch {
    header = [];
  }
  const has = (...names: string[]) => names.every((name) => header.some((column) => column.trim() === name));
  if (has("time_period", "number_of_requests")) return "google-removals";
  if (has("Period Ending", "CLDR Territory Code")) return "google-detailed-removals";
  if (has("metric_name", "location_value")) return "tiktok";
  if (has("Number of orders to act against illegal content received", "Scope"))
    return "dsa-member-state-orders";
  const shown = header
    .slice(0, 3)
    .map((column) => JSON.stringify(column.slice(0, 40)))
    .join(", ");
  throw state.fatal(
    `not a published file this library reads (its header starts ${shown || "with nothing readable"}); it reads Google's removal requests CSVs, TikTok's transparency CSVs and DSA table 3 (Member State orders)`,
    1,
  );
}

/** The start of a stream (up to its first line break, or 64 KiB) and a stream that still yields everything. */
async function peek(stream: Readable): Promise<{ head: string; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const ended = await new Promise<boolean>((resolve, reject) => {
    const cleanup = () => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", onError);
    };
    const onReadable = () => {
      for (let chunk = stream.read(); chunk !== null; chunk = stream.read()) {
        const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
        chunks.push(buffer);
        size += buffer.length;
        if (size >= 65_536 || buffer.includes(10)) {
          cleanup();
          resolve(false);
          return;
        }
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(true);
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    stream.on("readable", onReadable);
    stream.on("end", onEnd);
    stream.on("error", onError);
  });
  const head = Buffer.concat(chunks);
  if (ended) return { head: head.toString("utf8"), stream: Readable.from(head.length > 0 ? [head] : []) };
  // A new stream of the start and the rest: unshift() is refused by a stream that has already ended.
  const rest = new PassThrough();
  rest.write(head);
  stream.on("error", (error) => rest.destroy(error));
  rest.on("close", () => {
    if (!stream.destroyed) stream.destroy();
  });
  stream.pipe(rest);
  return { head: head.toString("utf8"), stream: rest };
}

/** The filters as two predicates: one per row (platform, country, period), one per metric. */
function figureFilter(options: PublishedFigureOptions): {
  row(platform: string, country: string | null, period: PublishedPeriod): boolean;
  metric(metric: PublishedMetric): boolean;
} {
  const platforms = options.platform === undefined ? undefined : new Set([options.platform].flat());
  const metrics = options.metric === undefined ? undefined : new Set([options.metric].flat());
  const period = options.period === undefined ? undefined : toPeriod(options.period, "period");
  const country = typeof options.country === "string" ? options.country.toUpperCase() : options.country;
  return {
    row: (rowPlatform, rowCountry, rowPeriod) =>
      (platforms === undefined || platforms.has(rowPlatform)) &&
      (country === undefined || rowCountry === country) &&
      (period === undefined || (rowPeriod.start === period.start && rowPeriod.end === period.end)),
    metric: (metric) => metrics === undefined || metrics.has(metric),
  };
}
