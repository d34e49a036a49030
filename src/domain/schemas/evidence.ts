/**
 * Evidence and its chain of custody: how a capture was made, the stored file, whether this is the
 * evidentiary original or a working copy, and an append-only log of everyone who held it. The vocabulary
 * follows the Berkeley Protocol on Digital Open Source Investigations (OHCHR and UC Berkeley Human Rights
 * Center, 2022), which separates the preserved original from the copies analysts work on and asks for a
 * record of every hand the material passed through.
 */
import { z } from "zod";
import { Actor, DateTime, HttpUrlSchema, Id } from "./common.js";

/**
 * A SHA-256 digest as 64 lower-case hex digits (no prefix).
 *
 * @example
 * ```ts
 * Sha256Schema.parse("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
 * ```
 */
export const Sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, "a SHA-256 digest is 64 lower-case hex digits");

/**
 * How a capture was made.
 *
 * | method | what it is |
 * | --- | --- |
 * | `web-archive` | a crawl of the page into WARC or WACZ (request, response and resources as the server sent them) |
 * | `screenshot` | an image of what the screen showed |
 * | `screen-recording` | a video of the screen (scrolling feeds, stories, live streams) |
 * | `file-download` | the original file as the platform served it (a video, an image, a PDF) |
 * | `platform-production` | data the platform itself produced in answer to a disclosure request |
 *
 * @example
 * ```ts
 * CaptureMethodSchema.parse("web-archive");
 * ```
 */
export const CaptureMethodSchema = z.enum([
  "web-archive",
  "screenshot",
  "screen-recording",
  "file-download",
  "platform-production",
]);
/** How a capture was made. */
export type CaptureMethod = z.infer<typeof CaptureMethodSchema>;

/**
 * The tool that made a capture and its version, so a court can ask how it behaves.
 *
 * @example
 * ```ts
 * const tool: CaptureTool = { name: "browsertrix-crawler", version: "1.5.4" };
 * ```
 */
export const CaptureToolSchema = z.object({
  name: z.string().min(1).max(200),
  version: z.string().min(1).max(100),
});
/** The tool that made a capture and its version. */
export type CaptureTool = z.infer<typeof CaptureToolSchema>;

/**
 * The format of a stored capture. `warc` covers gzip-compressed WARC files (`.warc.gz`) too.
 *
 * @example
 * ```ts
 * ArchiveFormatSchema.parse("wacz");
 * ```
 */
export const ArchiveFormatSchema = z.enum([
  "warc",
  "wacz",
  "png",
  "jpeg",
  "pdf",
  "mp4",
  "html",
  "zip",
  "other",
]);
/** The format of a stored capture. */
export type ArchiveFormat = z.infer<typeof ArchiveFormatSchema>;

/**
 * The stored file of a capture: its format, SHA-256 and size in bytes, and optionally its name in the
 * agency's evidence store (a relative path), which `verifyCaptures` uses to find it again.
 *
 * @example
 * ```ts
 * const archive: Archive = {
 *   format: "warc",
 *   sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
 *   size: 0,
 *   name: "2025/03/x-somename.warc.gz",
 * };
 * ```
 */
export const ArchiveSchema = z.object({
  format: ArchiveFormatSchema,
  sha256: Sha256Schema,
  size: z.number().int().nonnegative(),
  name: z.string().min(1).max(1000).optional(),
});
/** The stored file of a capture. */
export type Archive = z.infer<typeof ArchiveSchema>;

/**
 * Whether a file is the preserved original (`evidentiary`, never opened for analysis, only copied and
 * verified) or a copy made from it to work on (`working`), as the Berkeley Protocol distinguishes them.
 *
 * @example
 * ```ts
 * EvidenceCopySchema.parse("evidentiary");
 * ```
 */
export const EvidenceCopySchema = z.enum(["evidentiary", "working"]);
/** Evidentiary original or working copy. */
export type EvidenceCopy = z.infer<typeof EvidenceCopySchema>;

/**
 * What a custodian did with a capture:
 * `collected` (made or received it), `copied` (made a copy), `transferred` (handed it to someone),
 * `produced` (gave it to a court, a platform or another authority), `verified` (re-hashed it).
 *
 * @example
 * ```ts
 * CustodyActionSchema.parse("transferred");
 * ```
 */
export const CustodyActionSchema = z.enum(["collected", "copied", "transferred", "produced", "verified"]);
/** What a custodian did with a capture. */
export type CustodyAction = z.infer<typeof CustodyActionSchema>;

/**
 * Whether the hash was re-checked at a custody step: `matched`, `mismatched`, or `not-checked`.
 *
 * @example
 * ```ts
 * HashCheckSchema.parse("matched");
 * ```
 */
export const HashCheckSchema = z.enum(["matched", "mismatched", "not-checked"]);
/** Whether the hash was re-checked at a custody step. */
export type HashCheck = z.infer<typeof HashCheckSchema>;

/**
 * One entry of a capture's custody log: who, when, what, to whom (for a transfer or production), and
 * whether the hash was re-checked.
 *
 * @example
 * ```ts
 * const entry: CustodyEntry = {
 *   at: "2025-03-02T10:00:00Z",
 *   by: { id: "analyst-7" },
 *   action: "transferred",
 *   to: "evidence-unit",
 *   hash: "matched",
 * };
 * ```
 */
export const CustodyEntry = z
  .object({
    at: DateTime,
    by: Actor,
    action: CustodyActionSchema,
    /** Who received it, for `transferred` and `produced` (a unit, a court, an authority). */
    to: z.string().min(1).max(200).optional(),
    hash: HashCheckSchema.default("not-checked"),
    note: z.string().min(1).max(2000).optional(),
  })
  .superRefine((entry, context) => {
    if ((entry.action === "transferred" || entry.action === "produced") && entry.to === undefined) {
      context.addIssue({
        code: "custom",
        path: ["to"],
        message: `a "${entry.action}" entry names who received it`,
      });
    }
    if (entry.action === "verified" && entry.hash === "not-checked") {
      context.addIssue({
        code: "custom",
        path: ["hash"],
        message: 'a "verified" entry says whether the hash matched or mismatched',
      });
    }
  });
/** One entry of a capture's custody log. */
export type CustodyEntry = z.infer<typeof CustodyEntry>;
/** A custody entry as written by hand (`hash` may be left out). @internal */
export type CustodyEntryInput = z.input<typeof CustodyEntry>;

/**
 * Evidence for a claim (this account promotes that group; this post is propaganda): where it was seen,
 * when it was captured, and the hash of the capture. The capture itself stays in the agency's evidence
 * store; exports reference it by hash only.
 *
 * The custody fields are optional, so evidence recorded before them stays valid. When a custody log is
 * given it must read in time order and start with `collected`.
 */
export const Evidence = z
  .object({
    url: HttpUrlSchema,
    capturedAt: DateTime,
    /** Hash of the captured file, `sha256:` and 64 lower-case hex digits. */
    contentHash: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, "contentHash is sha256: followed by 64 lower-case hex digits"),
    note: z.string().min(1).max(2000).optional(),
    capturedBy: Id.optional(),
    captureMethod: CaptureMethodSchema.optional(),
    captureTool: CaptureToolSchema.optional(),
    /** The stored file; for a single-file capture (a PNG, a PDF) its SHA-256 is the one in `contentHash`. */
    archive: ArchiveSchema.optional(),
    copy: EvidenceCopySchema.optional(),
    /** Who held the capture, in order. Append-only: see `appendCustody`. */
    custody: z.array(CustodyEntry).optional(),
  })
  .superRefine((evidence, context) => {
    const custody = evidence.custody ?? [];
    if (custody.length > 0 && custody[0]!.action !== "collected") {
      context.addIssue({
        code: "custom",
        path: ["custody", 0, "action"],
        message: `a custody log starts with "collected", not "${custody[0]!.action}"`,
      });
    }
    for (let index = 1; index < custody.length; index += 1) {
      if (Date.parse(custody[index]!.at) < Date.parse(custody[index - 1]!.at)) {
        context.addIssue({
          code: "custom",
          path: ["custody", index, "at"],
          message: `custody entry ${index} at ${custody[index]!.at} is earlier than the entry before it`,
        });
      }
    }
  });
/** Evidence for a claim, referenced by hash, with its custody. */
export type Evidence = z.infer<typeof Evidence>;
/** Evidence as written by hand. */
export type EvidenceInput = z.input<typeof Evidence>;
