import { WARCRecord, WARCSerializer } from "warcio";

/** One captured page: the URL and the HTML the server sent. */
export interface Page {
  url: string;
  html: string;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * A WARC file (warcinfo, then one response record per page) written by warcio itself, with SHA-256 block
 * and payload digests in hex, or SHA-1 in base32 (the older convention), gzipped per record if asked.
 */
export async function makeWarc(
  pages: readonly Page[],
  options: { gzip?: boolean; digest?: "sha256" | "sha1" } = {},
): Promise<Buffer> {
  return Buffer.concat(await makeWarcRecords(pages, options));
}

/** The records of {@link makeWarc}, one buffer each (one gzip member each when gzipped). */
export async function makeWarcRecords(
  pages: readonly Page[],
  options: { gzip?: boolean; digest?: "sha256" | "sha1" } = {},
): Promise<Uint8Array[]> {
  const digest =
    options.digest === "sha1"
      ? { algo: "sha-1", prefix: "sha1:", base32: true }
      : { algo: "sha-256", prefix: "sha256:", base32: false };
  const parts: Uint8Array[] = [];
  const info = WARCRecord.createWARCInfo(
    { filename: "capture.warc", warcVersion: "WARC/1.1" },
    { software: "referral-kit tests" },
  );
  parts.push(await WARCSerializer.serialize(info, { gzip: options.gzip ?? false, digest }));
  for (const page of pages) {
    const record = WARCRecord.create(
      {
        url: page.url,
        date: "2025-03-01T10:00:00Z",
        type: "response",
        warcVersion: "WARC/1.1",
        statusline: "HTTP/1.1 200 OK",
        httpHeaders: { "Content-Type": "text/html; charset=utf-8" },
      },
      once(new TextEncoder().encode(page.html)),
    );
    parts.push(await WARCSerializer.serialize(record, { gzip: options.gzip ?? false, digest }));
  }
  return parts;
}
