import { XMLParser, XMLValidator } from "fast-xml-parser";
import { type ListFormat, ListFormatError } from "./errors.js";

/** The root element of an XML list, read before any record. */
export interface XmlRootEvent {
  kind: "root";
  /** Local name (without a namespace prefix). */
  name: string;
  attributes: Record<string, string>;
  line: number;
}

/** One record element (`<ENTITY>...</ENTITY>`), as text, with where it starts. */
export interface XmlRecordEvent {
  kind: "record";
  /** Local name (without a namespace prefix). */
  name: string;
  xml: string;
  line: number;
  column: number;
}

/** What {@link splitXmlRecords} yields. */
export type XmlEvent = XmlRootEvent | XmlRecordEvent;

/** Options of {@link splitXmlRecords}. */
export interface SplitXmlOptions {
  format: ListFormat;
  /** Local names of the root elements the format allows. */
  roots: readonly string[];
  /** Local names of the elements to cut out as records, wherever they occur. */
  records: readonly string[];
  /** Longest record accepted, in characters, so a broken file cannot fill memory. Default 8 MiB. */
  maxRecordLength?: number;
}

interface OpenRecord {
  start: number;
  depth: number;
  name: string;
  line: number;
  column: number;
}

const DEFAULT_MAX_RECORD = 8 * 1024 * 1024;
const MAX_TAG = 64 * 1024;
const NAME = /^[A-Za-z_][\w.:-]*$/u;

/**
 * Cuts an XML document into record elements without building the document: fast-xml-parser is not a
 * streaming parser, so memory stays flat only if it sees one record at a time. The scanner keeps a stack
 * of open elements, so mismatched and unclosed tags are caught with their line, and it skips comments,
 * CDATA sections and processing instructions, so a `</ENTITY>` inside them does not end a record.
 * DOCTYPE declarations are refused: official lists have none, and entity definitions are an attack
 * surface.
 */
export async function* splitXmlRecords(
  chunks: AsyncIterable<string>,
  options: SplitXmlOptions,
): AsyncGenerator<XmlEvent> {
  const scanner = new RecordScanner(options);
  for await (const chunk of chunks) yield* scanner.push(chunk);
  scanner.finish();
}

/** The scanner's state across chunks: the unscanned text, the open elements and the record being cut. */
class RecordScanner {
  private readonly recordNames: ReadonlySet<string>;
  private readonly maxRecord: number;
  private buf = "";
  private pos = 0;
  // Line counting is incremental: `counted` is the buffer index up to which newlines have been counted.
  private counted = 0;
  private line = 1;
  private lineStartAbs = 0; // absolute offset of the first character of the current line
  private bufStartAbs = 0; // absolute offset of buf[0]
  private readonly stack: { name: string; line: number }[] = [];
  private record: OpenRecord | null = null;
  private rootSeen = false;
  private rootClosed = false;

  constructor(private readonly options: SplitXmlOptions) {
    this.recordNames = new Set(options.records);
    this.maxRecord = options.maxRecordLength ?? DEFAULT_MAX_RECORD;
  }

  /** Scans a chunk as far as it goes; yields the records completed on the way. */
  *push(chunk: string): Generator<XmlEvent> {
    this.buf += chunk;
    yield* this.scan();
    // Drop what has been scanned, keeping an open record whole.
    const keep = this.record ? this.record.start : this.pos;
    if (keep > 0) {
      this.positionAt(keep);
      this.buf = this.buf.slice(keep);
      this.bufStartAbs += keep;
      this.pos -= keep;
      this.counted -= keep;
      if (this.record) this.record.start = 0;
    }
    if (this.record && this.buf.length > this.maxRecord) throw this.tooLong(this.record);
  }

  /** Checks the document ended where it may: after its root element, closed. */
  finish(): void {
    if (this.pos < this.buf.length)
      throw this.fail(this.pos, "the file ends inside a tag, comment or CDATA section");
    const end = this.positionAt(this.buf.length);
    const { format } = this.options;
    if (!this.rootSeen) {
      throw new ListFormatError({ format, ...end, reason: "the file has no XML root element" });
    }
    const open = this.stack[this.stack.length - 1];
    if (open) {
      throw new ListFormatError({
        format,
        ...end,
        reason: `unexpected end of file: <${open.name}> opened at line ${open.line} is not closed (truncated file?)`,
      });
    }
  }

  private *scan(): Generator<XmlEvent> {
    const { buf } = this;
    for (;;) {
      const lt = buf.indexOf("<", this.pos);
      const textEnd = lt === -1 ? buf.length : lt;
      if (this.stack.length === 0 && /\S/u.test(buf.slice(this.pos, textEnd))) {
        throw this.fail(
          this.pos + (buf.slice(this.pos, textEnd).search(/\S/u) || 0),
          "text outside the root element",
        );
      }
      if (lt === -1) {
        this.pos = buf.length;
        return;
      }
      this.pos = lt;
      const skipped = this.skipMarkup(lt);
      if (skipped === "wait") return;
      if (skipped !== undefined) {
        this.pos = skipped;
        continue;
      }
      const end = tagEnd(buf, lt + 1);
      if (end === -1) {
        if (buf.length - lt > MAX_TAG) throw this.fail(lt, "a tag is not closed with '>'");
        return;
      }
      const body = buf.slice(lt + 1, end);
      if (body.startsWith("/")) yield* this.closeTag(lt, end, body.slice(1).trim());
      else yield* this.openTag(lt, end, body);
      this.pos = end + 1;
    }
  }

  /**
   * Where a comment, CDATA section or processing instruction at `lt` ends; `"wait"` when its end has not
   * arrived yet; `undefined` when `lt` starts an element tag.
   */
  private skipMarkup(lt: number): number | "wait" | undefined {
    const { buf } = this;
    const past = (close: string, from: number) => {
      const end = buf.indexOf(close, from);
      return end === -1 ? "wait" : end + close.length;
    };
    if (buf.startsWith("<!--", lt)) return past("-->", lt + 4);
    if (buf.startsWith("<![CDATA[", lt)) {
      if (this.stack.length === 0) throw this.fail(lt, "CDATA outside the root element");
      return past("]]>", lt + 9);
    }
    if (buf.startsWith("<?", lt)) return past("?>", lt + 2);
    if (buf.startsWith("<!", lt)) {
      if (buf.length - lt < 9) return "wait";
      throw this.fail(
        lt,
        buf.startsWith("<!DOCTYPE", lt) ? "DOCTYPE declarations are not accepted" : "malformed markup",
      );
    }
    return undefined;
  }

  private *closeTag(lt: number, end: number, name: string): Generator<XmlEvent> {
    const open = this.stack.pop();
    if (!open) throw this.fail(lt, `closing tag </${name}> without an opening tag`);
    if (open.name !== name) {
      throw this.fail(lt, `closing tag </${name}> does not match <${open.name}> opened at line ${open.line}`);
    }
    if (this.stack.length === 0) this.rootClosed = true;
    const { record } = this;
    if (record && this.stack.length === record.depth) {
      if (end + 1 - record.start > this.maxRecord) throw this.tooLong(record);
      yield {
        kind: "record",
        name: record.name,
        xml: this.buf.slice(record.start, end + 1),
        line: record.line,
        column: record.column,
      };
      this.record = null;
    }
  }

  private *openTag(lt: number, end: number, body: string): Generator<XmlEvent> {
    const selfClosing = body.endsWith("/");
    const name = /^[^\s/>]+/u.exec(body)?.[0] ?? "";
    if (!NAME.test(name)) throw this.fail(lt, `malformed tag <${body.slice(0, 40)}>`);
    const local = localName(name);
    const at = this.positionAt(lt);
    if (this.stack.length === 0) {
      if (this.rootClosed) throw this.fail(lt, `element <${name}> after the end of the root element`);
      const { roots } = this.options;
      if (!roots.includes(local)) {
        throw this.fail(lt, `expected the root element <${roots.join("> or <")}>, found <${name}>`);
      }
      this.rootSeen = true;
      yield {
        kind: "root",
        name: local,
        attributes: parseAttributes(body.slice(name.length)),
        line: at.line,
      };
    } else if (!this.record && this.recordNames.has(local)) {
      if (selfClosing) {
        yield {
          kind: "record",
          name: local,
          xml: this.buf.slice(lt, end + 1),
          line: at.line,
          column: at.column,
        };
      } else {
        this.record = { start: lt, depth: this.stack.length, name: local, line: at.line, column: at.column };
      }
    }
    if (!selfClosing) this.stack.push({ name, line: at.line });
  }

  private positionAt(index: number): { line: number; column: number } {
    const { buf } = this;
    for (let nl = buf.indexOf("\n", this.counted); nl !== -1 && nl < index; nl = buf.indexOf("\n", nl + 1)) {
      this.line += 1;
      this.lineStartAbs = this.bufStartAbs + nl + 1;
    }
    if (index > this.counted) this.counted = index;
    return { line: this.line, column: this.bufStartAbs + index - this.lineStartAbs + 1 };
  }

  private fail(index: number, reason: string): ListFormatError {
    const at = this.positionAt(Math.min(index, this.buf.length));
    return new ListFormatError({ format: this.options.format, line: at.line, column: at.column, reason });
  }

  private tooLong(open: OpenRecord): ListFormatError {
    return new ListFormatError({
      format: this.options.format,
      line: open.line,
      column: open.column,
      reason: `<${open.name}> is longer than ${this.maxRecord} characters; the file is probably damaged`,
    });
  }
}

/** Index of the `>` that ends a tag starting at `from`, ignoring `>` inside quoted attribute values. */
function tagEnd(text: string, from: number): number {
  let quote = "";
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = "";
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ">") {
      return index;
    }
  }
  return -1;
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu)) {
    attributes[match[1] ?? ""] = match[2] ?? match[3] ?? "";
  }
  return attributes;
}

/** A parsed XML element: text, or child elements by local name. */
export type XmlNode = string | { [name: string]: XmlNode | XmlNode[] };

/**
 * Parses one record cut by {@link splitXmlRecords} with fast-xml-parser, after validating it, so a
 * malformed record fails with its position in the file rather than a position inside the record.
 */
export function parseXmlRecord(
  event: XmlRecordEvent,
  format: ListFormat,
  repeated: ReadonlySet<string>,
): Record<string, XmlNode> {
  const valid = XMLValidator.validate(event.xml);
  if (valid !== true) {
    throw new ListFormatError({
      format,
      line: event.line + valid.err.line - 1,
      column: valid.err.line === 1 ? event.column + valid.err.col - 1 : valid.err.col,
      reason: valid.err.msg,
    });
  }
  const parser = recordParser(repeated);
  const parsed = parser.parse(event.xml) as Record<string, unknown>;
  const node = parsed[event.name];
  return typeof node === "object" && node !== null && !Array.isArray(node)
    ? (node as Record<string, XmlNode>)
    : {};
}

// One parser per set of repeated element names: building a parser per record is measurable on a 50 MB list.
const parsers = new WeakMap<ReadonlySet<string>, XMLParser>();

function recordParser(repeated: ReadonlySet<string>): XMLParser {
  let parser = parsers.get(repeated);
  if (!parser) {
    parser = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: true,
      removeNSPrefix: true,
      // Numeric character references (&#x2019;) are decoded only with this option.
      htmlEntities: true,
      isArray: (name) => repeated.has(name),
    });
    parsers.set(repeated, parser);
  }
  return parser;
}

/** The text of a child element, `""` when absent or not text. */
export function childText(node: Record<string, XmlNode> | XmlNode | undefined, name: string): string {
  if (node === undefined || typeof node === "string") return "";
  const value = (node as Record<string, XmlNode | XmlNode[]>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

/** The child elements with a name, always as an array. */
export function children(node: Record<string, XmlNode> | XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === "string") return [];
  const value = (node as Record<string, XmlNode | XmlNode[]>)[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
