/**
 * Evidence custody: a WARC capture verifies in bounded memory. Writes WARC files of 256 MiB and 1 GiB at
 * run time (1 MiB response records with SHA-256 block digests, written by warcio; never committed), then
 * measures, each in a fresh process, the baseline `hashFile` (a bare streaming SHA-256 of the file) and
 * `verifyCaptures` (the file's SHA-256 and warcio reading every record with its block digest re-computed,
 * in one pass). Prints each run's peak RSS and throughput, and the ratios: verify against the baseline,
 * and 1 GiB against 256 MiB (flat memory: about 1).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WARCRecord, WARCSerializer } from "warcio";

const MiB = 1024 * 1024;
const here = dirname(fileURLToPath(import.meta.url));

async function writeWarc(path: string, records: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (bytes: Uint8Array) => {
    if (!out.write(bytes)) await once(out, "drain");
  };
  const digest = { algo: "sha-256", prefix: "sha256:", base32: false };
  await write(
    await WARCSerializer.serialize(
      WARCRecord.createWARCInfo({ filename: "bench.warc" }, { software: "custody.bench" }),
      { digest },
    ),
  );
  for (let index = 0; index < records; index += 1) {
    const payload = randomBytes(MiB);
    const record = WARCRecord.create(
      {
        url: `https://example.org/capture/${index}`,
        date: "2025-03-01T10:00:00Z",
        type: "response",
        statusline: "HTTP/1.1 200 OK",
        httpHeaders: { "Content-Type": "application/octet-stream" },
      },
      (async function* () {
        yield payload;
      })(),
    );
    await write(await WARCSerializer.serialize(record, { digest }));
  }
  out.end();
  await once(out, "finish");
}

interface Run {
  mode: string;
  seconds: number;
  records: number;
  maxRssKiB: number;
}

function run(mode: "hash" | "verify", file: string): Run {
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", join(here, "support", "custody-child.ts"), mode, file],
    {
      encoding: "utf8",
    },
  );
  if (child.status !== 0) throw new Error(`custody-child ${mode} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Run;
}

const folder = mkdtempSync(join(tmpdir(), "referral-kit-custody-bench-"));
try {
  const sizes = [256, 1024];
  const results: { size: number; bytes: number; hash: Run; verify: Run }[] = [];
  for (const size of sizes) {
    const file = join(folder, `capture-${size}.warc`);
    const start = performance.now();
    await writeWarc(file, size);
    const bytes = statSync(file).size;
    console.log(
      `wrote ${(bytes / MiB).toFixed(0)} MiB (${size} records) in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    results.push({ size, bytes, hash: run("hash", file), verify: run("verify", file) });
    rmSync(file);
  }
  for (const { bytes, hash, verify } of results) {
    for (const r of [hash, verify]) {
      console.log(
        `${`${r.mode === "hash" ? "hashFile (baseline)" : "verifyCaptures"}, ${(bytes / MiB).toFixed(0)} MiB`.padEnd(34)}` +
          ` peak RSS ${(r.maxRssKiB / 1024).toFixed(0).padStart(5)} MiB  ${r.seconds.toFixed(1).padStart(6)} s` +
          `  ${(bytes / MiB / r.seconds).toFixed(0).padStart(5)} MiB/s${r.mode === "verify" ? `  ${r.records} records` : ""}`,
      );
    }
    console.log(
      `  verify / baseline: peak RSS ${(verify.maxRssKiB / hash.maxRssKiB).toFixed(2)}x, time ${(verify.seconds / hash.seconds).toFixed(2)}x;` +
        ` peak RSS / file size ${((verify.maxRssKiB * 1024) / bytes).toFixed(3)}`,
    );
  }
  const [small, large] = results;
  console.log(
    `verify peak RSS, 1 GiB / 256 MiB: ${(large!.verify.maxRssKiB / small!.verify.maxRssKiB).toFixed(2)} (flat memory: about 1)`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
