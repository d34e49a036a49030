/**
 * Where the manual channel keeps what it prepared and what was confirmed: its own record, apart from the
 * request's history, because a prepared packet is not a submission. A JSON Lines file (one line per
 * prepare or confirm, append-only, folded on read) or memory.
 */
import { appendFile, readFile } from "node:fs/promises";
import { Actor, DateTime, Id } from "referral-kit";
import { z } from "zod";
import { PreparedFileError } from "./errors.js";

/** A confirmation recorded for a prepared packet. */
export type PortalConfirmation = NonNullable<PreparedRecord["confirmation"]>;

/**
 * A prepared packet as the channel remembers it (the packet's text is not kept: it can be built again).
 *
 * @example
 * ```ts
 * const pending = (await store.list()).filter((r) => !r.confirmation);
 * ```
 */
export interface PreparedRecord {
  readonly requestId: string;
  readonly platform: string;
  readonly portal: string;
  /** When the packet was first prepared: re-preparing does not restart the overdue clock. */
  readonly preparedAt: string;
  readonly idempotencyKey: string;
  readonly targetKeys: readonly string[];
  /** The portal's confirmation number, when and by whom it was recorded; absent while unconfirmed. */
  readonly confirmation?: {
    readonly number: string;
    readonly at: string;
    readonly by: { readonly id: string; readonly name?: string; readonly role?: string };
  };
}

/**
 * The manual channel's store.
 *
 * @example
 * ```ts
 * const store: PreparedStore = openPreparedFile("./portal-submissions.jsonl");
 * ```
 */
export interface PreparedStore {
  get(requestId: string): Promise<PreparedRecord | undefined>;
  list(): Promise<PreparedRecord[]>;
  savePrepared(record: PreparedRecord): Promise<void>;
  saveConfirmation(
    requestId: string,
    confirmation: NonNullable<PreparedRecord["confirmation"]>,
  ): Promise<void>;
}

const LineSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("prepared"),
    requestId: Id,
    platform: z.string().min(1),
    portal: z.string(),
    preparedAt: DateTime,
    idempotencyKey: z.string().min(1),
    targetKeys: z.array(z.string()),
  }),
  z.object({
    type: z.literal("confirmed"),
    requestId: Id,
    number: z.string().min(1).max(200),
    at: DateTime,
    by: Actor,
  }),
]);

type Line = z.infer<typeof LineSchema>;

function fold(lines: Iterable<Line>): Map<string, PreparedRecord> {
  const records = new Map<string, PreparedRecord>();
  for (const line of lines) {
    const existing = records.get(line.requestId);
    if (line.type === "prepared") {
      const { type: _type, ...record } = line;
      records.set(line.requestId, {
        ...record,
        preparedAt: existing?.preparedAt ?? record.preparedAt,
        ...(existing?.confirmation ? { confirmation: existing.confirmation } : {}),
      });
    } else if (existing) {
      records.set(line.requestId, {
        ...existing,
        confirmation: { number: line.number, at: line.at, by: line.by },
      });
    }
  }
  return records;
}

/**
 * A store in memory (tests, one-off scripts).
 *
 * @example
 * ```ts
 * const channel = createManualChannel({ platform: "telegram", portal, store: createMemoryPreparedStore() });
 * ```
 */
export function createMemoryPreparedStore(): PreparedStore {
  const lines: Line[] = [];
  return {
    async get(requestId) {
      return fold(lines).get(requestId);
    },
    async list() {
      return [...fold(lines).values()];
    },
    async savePrepared(record) {
      lines.push({ type: "prepared", ...record, targetKeys: [...record.targetKeys] });
    },
    async saveConfirmation(requestId, confirmation) {
      lines.push({ type: "confirmed", requestId, ...confirmation });
    },
  };
}

/**
 * A store in a JSON Lines file, created on first write. Lines are only appended; a line that does not
 * parse, or bytes that are not UTF-8, are a {@link PreparedFileError} naming the line (the file is an audit
 * record, never silently repaired).
 *
 * @example
 * ```ts
 * import { openPreparedFile } from "referral-kit/adapters/manual";
 *
 * const store = openPreparedFile("./portal-submissions.jsonl");
 * ```
 */
export function openPreparedFile(path: string): PreparedStore {
  const read = async (): Promise<Map<string, PreparedRecord>> => {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return new Map();
      throw error;
    }
    const text = utf8(bytes, path);
    const lines: Line[] = [];
    text.split("\n").forEach((raw, index) => {
      if (raw.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new PreparedFileError(
          path,
          index + 1,
          `not JSON: ${raw.length <= 60 ? raw : `${raw.slice(0, 60)}…`}`,
        );
      }
      const parsed = LineSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new PreparedFileError(
          path,
          index + 1,
          `not a prepared or confirmed record${issue ? ` (${issue.path.join(".") || "line"}: ${issue.message})` : ""}`,
        );
      }
      lines.push(parsed.data);
    });
    return fold(lines);
  };
  const append = (line: Line) => appendFile(path, `${JSON.stringify(line)}\n`, "utf8");
  return {
    async get(requestId) {
      return (await read()).get(requestId);
    },
    async list() {
      return [...(await read()).values()];
    },
    savePrepared: (record) => append({ type: "prepared", ...record, targetKeys: [...record.targetKeys] }),
    saveConfirmation: (requestId, confirmation) => append({ type: "confirmed", requestId, ...confirmation }),
  };
}

/** The file as UTF-8, strictly: a replaced character would be an audit record silently changed. */
function utf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    const lenient = new TextDecoder("utf-8").decode(bytes);
    const line = lenient.slice(0, lenient.indexOf("\uFFFD")).split("\n").length;
    throw new PreparedFileError(path, line, "not valid UTF-8: the file was changed outside referral-kit", {
      cause: error,
    });
  }
}
