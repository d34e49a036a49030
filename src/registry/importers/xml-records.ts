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
  const recordNames = new Set(options.records);
  const maxRecord = options.maxRecordLength ?? DEFAULT_MAX_RECORD;
  const { format } = options;

  let buf = "";
  let pos = 0;
  // Line counting is incremental: `counted` is the buffer index up to which newlines have been counted.
  let counted = 0;
  let line = 1;
  let lineStartAbs = 0; // absolute offset of the first character of the current line
  let bufStartAbs = 0; // absolute offset of buf[0]
  const stack: { name: string; line: number }[] = [];
  // Cast, so TypeScript does not narrow it to null: the nested scanner assigns it.
  let record = null as OpenRecord | null;
  let rootSeen = false;
  let rootClosed = false;

  const positionAt = (index: number): { line: number; column: number } => {
    for (let nl = buf.indexOf("\n", counted); nl !== -1 && nl < index; nl = buf.indexOf("\n", nl + 1)) {
      line += 1;
      lineStartAbs = bufStartAbs + nl + 1;
    }
    if (index > counted) counted = index;
    return { line, column: bufStartAbs + index - lineStartAbs + 1 };
  };
  const fail = (index: number, reason: string): ListFormatError => {
    const at = positionAt(Math.min(index, buf.length));
    return new ListFormatError({ format, line: at.line, column: at.column, reason });
  };

  const tooLong = (open: OpenRecord): ListFormatError =>
    new ListFormatError({
      format,
      line: open.line,
      column: open.column,
      reason: `<${open.name}> is longer than ${maxRecord} characters; the file is probably damaged`,
    });

  // Scans as far as the buffer allows; returns the records completed on the way.
  function* scan(): Generator<XmlEvent> {
    for (;;) {
      const lt = buf.indexOf("<", pos);
      const textEnd = lt === -1 ? buf.length : lt;
      if (stack.length === 0 && /\S/u.test(buf.slice(pos, textEnd))) {
        throw fail(pos + (buf.slice(pos, textEnd).search(/\S/u) || 0), "text outside the root element");
      }
      if (lt === -1) {
        pos = buf.length;
        return;
      }
      pos = lt;
      if (buf.startsWith("<!--", lt)) {
        const end = buf.indexOf("-->", lt + 4);
        if (end === -1) return;
        pos = end + 3;
        continue;
      }
      if (buf.startsWith("<![CDATA[", lt)) {
        if (stack.length === 0) throw fail(lt, "CDATA outside the root element");
        const end = buf.indexOf("]]>", lt + 9);
        if (end === -1) return;
        pos = end + 3;
        continue;
      }
      if (buf.startsWith("<?", lt)) {
        const end = buf.indexOf("?>", lt + 2);
        if (end === -1) return;
        pos = end + 2;
        continue;
      }
      if (buf.startsWith("<!", lt)) {
        if (buf.length - lt < 9) return;
        throw fail(
          lt,
          buf.startsWith("<!DOCTYPE", lt) ? "DOCTYPE declarations are not accepted" : "malformed markup",
        );
      }
      const end = tagEnd(buf, lt + 1);
      if (end === -1) {
        if (buf.length - lt > MAX_TAG) throw fail(lt, "a tag is not closed with '>'");
        return;
      }
      const body = buf.slice(lt + 1, end);
      if (body.startsWith("/")) {
        const name = body.slice(1).trim();
        const open = stack.pop();
        if (!open) throw fail(lt, `closing tag </${name}> without an opening tag`);
        if (open.name !== name) {
          throw fail(lt, `closing tag </${name}> does not match <${open.name}> opened at line ${open.line}`);
        }
        if (stack.length === 0) rootClosed = true;
        if (record && stack.length === record.depth) {
          if (end + 1 - record.start > maxRecord) throw tooLong(record);
          yield {
            kind: "record",
            name: record.name,
            xml: buf.slice(record.start, end + 1),
            line: record.line,
            column: record.column,
          };
          record = null;
        }
      } else {
        const selfClosing = body.endsWith("/");
        const name = /^[^\s/>]+/u.exec(body)?.[0] ?? "";
        if (!NAME.test(name)) throw fail(lt, `malformed tag <${body.slice(0, 40)}>`);
        const local = localName(name);
        const at = positionAt(lt);
        if (stack.length === 0) {
          if (rootClosed) throw fail(lt, `element <${name}> after the end of the root element`);
          if (!options.roots.includes(local)) {
            throw fail(lt, `expected the root element <${options.roots.join("> or <")}>, found <${name}>`);
          }
          rootSeen = true;
          yield {
            kind: "root",
            name: local,
            attributes: parseAttributes(body.slice(name.length)),
            line: at.line,
          };
        } else if (!record && recordNames.has(local)) {
          record = { start: lt, depth: stack.length, name: local, line: at.line, column: at.column };
          if (selfClosing) {
            yield {
              kind: "record",
              name: local,
              xml: buf.slice(lt, end + 1),
              line: at.line,
              column: at.column,
            };
            record = null;
          }
        }
        if (!selfClosing) stack.push({ name, line: at.line });
      }
      pos = end + 1;
    }
  }

  for await (const chunk of chunks) {
    buf += chunk;
    yield* scan();
    // Drop what has been scanned, keeping an open record whole.
    const keep = record ? record.start : pos;
    if (keep > 0) {
      positionAt(keep);
      buf = buf.slice(keep);
      bufStartAbs += keep;
      pos -= keep;
      counted -= keep;
      if (record) record.start = 0;
    }
    if (record && buf.length > maxRecord) throw tooLong(record);
  }
  if (pos < buf.length) throw fail(pos, "the file ends inside a tag, comment or CDATA section");
  const end = positionAt(buf.length);
  if (!rootSeen) {
    throw new ListFormatError({
      format,
      line: end.line,
      column: end.column,
      reason: "the file has no XML root element",
    });
  }
  const open = stack[stack.length - 1];
  if (open) {
    throw new ListFormatError({
      format,
      line: end.line,
      column: end.column,
      reason: `unexpected end of file: <${open.name}> opened at line ${open.line} is not closed (truncated file?)`,
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
