/**
 * validate.bench: what referral-kit's own checks cost next to plain zod, measured side by side in one run.
 *
 * Three pairs, each over the same 100,000 inputs (100k mixed account links on all six platforms, in the
 * variants people paste, and 100k account records built from them):
 *
 * 1. import (the headline): a pasted link and a record become a canonical, validated account:
 *    `parseTarget(url)` + `targetKey` + `validate(Account, { ref, ...record })`, against plain zod
 *    parsing the same record whose ref is already structured: `Account.parse(record)`. The ratio is
 *    the price of understanding the link on top of validating the record.
 * 2. validate: `validate(Account, record)` against `Account.parse(record)`: the wrapper's cost.
 * 3. targets: `targetKey(parseTarget(url))` against `AccountRef.parse(ref)`, zod validating the
 *    structured ref the link turns into: the parser alone, against the cheapest zod check of its output.
 *
 * Each round runs every pair's two sides back to back, alternating which goes first; the ratio printed
 * is the median of the per-round ratios (time of referral-kit / time of zod). The goal (<= 1.5x) applies
 * to the headline; the others are printed for diagnosis.
 *
 * Run: `npx tsx bench/validate.bench.ts` (about 20 s).
 */

import { Account, parseTarget, type Target, targetKey, validate } from "referral-kit";
import type { z } from "zod";
import { AccountRef } from "../src/domain/targets/target.js";

type AccountInput = z.input<typeof Account>;

const N = 100_000;
const ROUNDS = 9;
const GOAL = 1.5;

// Deterministic inputs: the same links and records on every run (mulberry32).
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const letters = "abcdefghijklmnopqrstuvwxyz";
function word(min: number, max: number, alphabet = `${letters}0123456789`): string {
  const length = min + Math.floor(random() * (max - min + 1));
  let text = pick([...letters]);
  while (text.length < length) text += pick([...alphabet]);
  return text;
}
const digits = (length: number) =>
  String(1 + Math.floor(random() * 9)) + word(length - 1, length - 1, "0123456789").slice(1);

const prefix = () => pick(["https://", "http://", "", "https://www.", "www.", "https://m."]);
const suffix = () => pick(["", "/", "?utm_source=share", "/?s=20", "#top"]);
const LINKS: readonly (() => string)[] = [
  () => `${prefix()}${pick(["x.com", "twitter.com"])}/${word(3, 15, `${letters}_0123456789`)}${suffix()}`,
  () => `${prefix()}instagram.com/${word(3, 12)}.${word(2, 10)}${suffix()}`,
  () => `${prefix()}tiktok.com/@${word(3, 20, `${letters}_.0123456789`)}x${suffix()}`,
  () => `${prefix()}t.me/${word(5, 20)}${suffix()}`,
  () => `${prefix()}t.me/+${word(16, 16, "ABCDEFabcdef0123456789_-")}`,
  () => `${prefix()}facebook.com/${word(5, 20)}.${word(2, 8)}${suffix()}`,
  () => `${prefix()}facebook.com/profile.php?id=${digits(15)}`,
  () => `${prefix()}wa.me/92${digits(10)}`,
  () => `https://api.whatsapp.com/send?phone=92${digits(10)}&text=hi`,
  () => `${prefix()}whatsapp.com/channel/${word(22, 22, "ABCDEFGHabcdefgh0123456789")}`,
];

const generatedUrls: string[] = [];
const generatedRecords: AccountInput[] = [];
while (generatedUrls.length < N) {
  const url = pick(LINKS)();
  const target = parseTarget(url); // every generated link must be valid: fail loudly otherwise
  if (target.type !== "account") throw new Error(`not an account: ${url}`);
  generatedUrls.push(url);
  generatedRecords.push({
    ref: target.account,
    displayName: `Account ${generatedUrls.length}`,
    observed: { at: "2025-03-01T09:30:00Z", followers: Math.floor(random() * 100_000) },
    groups: [
      {
        groupId: pick(["bla", "bla-majeed-brigade", "ttp", "islamic-state-khorasan"]),
        relation: pick(["official", "promoter", "member"] as const),
        evidence: [
          {
            url: `https://archive.example.org/capture/${word(10, 10)}`,
            capturedAt: "2025-02-28T18:04:11Z",
            contentHash: `sha256:${word(64, 64, "0123456789abcdef").replace(/^[^0-9a-f]/, "a")}`,
          },
        ],
      },
    ],
  });
}

/*
 * Both sides read their inputs the way an import does: from JSON. This also matters for fairness: strings
 * built with template literals are ropes that V8 reads more slowly, character by character, than the
 * flat strings a file or an HTTP body yields.
 */
const { urls, records } = JSON.parse(JSON.stringify({ urls: generatedUrls, records: generatedRecords })) as {
  urls: string[];
  records: AccountInput[];
};
const refs: unknown[] = records.map((record) => record.ref);

/** Records with the ref left out: the import side builds it from the pasted link. */
const recordsWithoutRef = records.map(({ ref: _ref, ...rest }) => rest);

let sink = 0; // consumed after the run, so no side is optimised away

interface Pair {
  name: string;
  subject: string;
  baseline: string;
  runSubject(): void;
  runBaseline(): void;
}

const pairs: Pair[] = [
  {
    name: "import",
    subject: "parseTarget(url) + targetKey + validate(Account, { ref, ...rest })",
    baseline: "Account.parse({ ref, ...rest }) with the ref already structured",
    runSubject() {
      for (let index = 0; index < N; index++) {
        const target: Target = parseTarget(urls[index]!);
        if (target.type !== "account") continue;
        sink += targetKey(target).length;
        sink += validate(Account, { ref: target.account, ...recordsWithoutRef[index]! }).groups.length;
      }
    },
    runBaseline() {
      for (let index = 0; index < N; index++) {
        sink += Account.parse({ ref: refs[index], ...recordsWithoutRef[index]! }).groups.length;
      }
    },
  },
  {
    name: "validate",
    subject: "validate(Account, record)",
    baseline: "Account.parse(record)",
    runSubject() {
      for (let index = 0; index < N; index++) sink += validate(Account, records[index]).groups.length;
    },
    runBaseline() {
      for (let index = 0; index < N; index++) sink += Account.parse(records[index]).groups.length;
    },
  },
  {
    name: "targets",
    subject: "targetKey(parseTarget(url))",
    baseline: "AccountRef.parse(ref)",
    runSubject() {
      for (let index = 0; index < N; index++) sink += targetKey(parseTarget(urls[index]!)).length;
    },
    runBaseline() {
      for (let index = 0; index < N; index++) sink += AccountRef.parse(refs[index]).kind.length;
    },
  },
];

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const opsPerSecond = (ms: number) => Math.round((N / ms) * 1000);
const format = (ops: number) => ops.toLocaleString("en-GB").padStart(11);

// Warm up: let the JIT see every path on both sides before timing.
for (const pair of pairs) {
  pair.runSubject();
  pair.runBaseline();
}

const results = pairs.map(() => ({
  subject: [] as number[],
  baseline: [] as number[],
  ratio: [] as number[],
}));
for (let round = 0; round < ROUNDS; round++) {
  pairs.forEach((pair, index) => {
    const result = results[index]!;
    let subjectMs: number;
    let baselineMs: number;
    if (round % 2 === 0) {
      subjectMs = time(pair.runSubject);
      baselineMs = time(pair.runBaseline);
    } else {
      baselineMs = time(pair.runBaseline);
      subjectMs = time(pair.runSubject);
    }
    result.subject.push(subjectMs);
    result.baseline.push(baselineMs);
    result.ratio.push(subjectMs / baselineMs);
  });
}

console.log(
  `validate.bench: ${N.toLocaleString("en-GB")} inputs per side, ${ROUNDS} interleaved rounds, medians`,
);
pairs.forEach((pair, index) => {
  const result = results[index]!;
  const ratio = median(result.ratio);
  const note = index === 0 ? `goal <= ${GOAL}x` : "diagnostic, no goal";
  console.log(`\n  ${pair.name}: ratio ${ratio.toFixed(2)}x (${note})`);
  console.log(`    referral-kit ${format(opsPerSecond(median(result.subject)))} ops/s  ${pair.subject}`);
  console.log(`    plain zod    ${format(opsPerSecond(median(result.baseline)))} ops/s  ${pair.baseline}`);
});

const headline = median(results[0]!.ratio);
const pass = headline <= GOAL;
console.log(`\n(sink ${sink % 10})`);
console.log(
  `validate.bench: ratio ${headline.toFixed(2)}x (goal <= ${GOAL}x, import of a pasted link vs plain zod) ${pass ? "PASS" : "FAIL"}`,
);
process.exitCode = pass ? 0 : 1;
