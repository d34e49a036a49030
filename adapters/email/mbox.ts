/**
 * Splitting an mbox file into messages. Every message starts with a `From ` line at the start of a line
 * (the envelope line, not a header); a body line that itself began with `From ` was written as `>From `
 * (and `>From ` as `>>From `, the mboxrd rule), so one `>` is taken off again.
 */

/**
 * The messages of an mbox, each as the bytes of an `.eml` (without the `From ` envelope line).
 *
 * @example
 * ```ts
 * const messages = splitMbox(readFileSync("replies.mbox"));
 * ```
 */
export function splitMbox(mbox: string | Buffer): Buffer[] {
  // latin1 maps bytes 1:1, so splitting as text never alters a byte of a message in another charset.
  const text = typeof mbox === "string" ? mbox : mbox.toString("latin1");
  const encoding: BufferEncoding = typeof mbox === "string" ? "utf8" : "latin1";
  const lines = text.split(/\r?\n/);
  const messages: Buffer[] = [];
  let current: string[] | undefined;
  const flush = () => {
    if (!current) return;
    while (current.length > 0 && current[current.length - 1] === "") current.pop();
    if (current.length > 0) messages.push(Buffer.from(`${current.join("\r\n")}\r\n`, encoding));
  };
  for (const line of lines) {
    if (line.startsWith("From ")) {
      flush();
      current = [];
      continue;
    }
    if (!current) continue; // text before the first envelope line is not a message
    current.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  flush();
  return messages;
}

/**
 * True when the bytes look like an mbox (they start with a `From ` envelope line) rather than one message.
 *
 * @example
 * ```ts
 * isMbox(readFileSync("replies.mbox")); // true
 * ```
 */
export function isMbox(content: string | Buffer): boolean {
  const head = typeof content === "string" ? content.slice(0, 5) : content.subarray(0, 5).toString("latin1");
  return head === "From ";
}
