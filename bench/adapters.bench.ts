/**
 * adapters.bench: 10,000 submits through a reference adapter (X) against the sandbox on loopback, versus a
 * raw ky loop doing the same HTTP calls (same body, same auth and idempotency headers, same concurrency) in
 * the same run. Goal (issue 4): the adapter reaches at least 0.8x the raw loop's throughput.
 *
 * Rounds alternate the two sides on fresh idempotency keys after a warm-up; the median per-round ratio
 * counts, because this machine is shared and absolute times are not comparable across runs.
 *
 * Run: `npx tsx bench/adapters.bench.ts` (or `npm run bench adapters`). Exit code 1 when the goal fails.
 */
import ky from "ky";
import { createXAdapter } from "referral-kit/adapters/x";
import { conformanceRequest, defaultTarget, startSandbox } from "referral-kit/testing";

const TOTAL = 10_000;
const ROUNDS = 4; // per side, each a quarter of the total
const CONCURRENCY = 8;
const GOAL = 0.8;

const sandbox = await startSandbox({ port: 0, platforms: ["x"] });
const { url: baseUrl, credentials } = sandbox.platforms.x;
const adapter = createXAdapter({ baseUrl, bearerToken: credentials.bearerToken });
const request = conformanceRequest({
  platform: "x",
  kind: "suspend",
  targets: [defaultTarget("x")(1, "account")],
});

// One submit through the adapter shows exactly what goes on the wire; the raw loop replays it.
await adapter.submit({ request, targets: request.targets }, { idempotencyKey: "bench-probe" });
const probe = sandbox.mocks.x.records.at(-1)!;
const rawPath = new URL(probe.url).pathname.replace(new URL(baseUrl).pathname, "").replace(/^\//, "");
const idempotencyHeader = Object.keys(probe.headers).find((name) => probe.headers[name] === "bench-probe")!;
const rawHeaders = { authorization: `Bearer ${credentials.bearerToken}`, "content-type": "application/json" };
const raw = ky.create({ prefixUrl: baseUrl, retry: 0, timeout: 30_000 });

async function pool(count: number, work: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

const viaAdapter = (round: number) =>
  pool(TOTAL / ROUNDS, (index) =>
    adapter.submit({ request, targets: request.targets }, { idempotencyKey: `a-${round}-${index}` }),
  );
const viaRaw = (round: number) =>
  pool(TOTAL / ROUNDS, (index) =>
    raw
      .post(rawPath, {
        json: probe.body,
        headers: { ...rawHeaders, [idempotencyHeader]: `r-${round}-${index}` },
      })
      .json(),
  );

// Warm-up: JIT, sockets, the mock's maps.
await viaAdapter(-1);
await viaRaw(-1);
sandbox.mocks.x.reset();

const ratios: number[] = [];
const adapterRates: number[] = [];
const rawRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which side goes first, so neither always meets a warmer (or more loaded) machine.
  const [a, r] =
    round % 2 === 0
      ? [await viaAdapter(round), await viaRaw(round)]
      : await viaRaw(round).then(async (rate) => [await viaAdapter(round), rate] as const);
  adapterRates.push(a);
  rawRates.push(r);
  ratios.push(a / r);
  sandbox.mocks.x.reset();
}
await sandbox.close();

const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const ratio = median(ratios);
console.log(
  `adapters.bench: ${TOTAL} submits to the sandbox's X API on loopback, concurrency ${CONCURRENCY}`,
);
console.log(
  `  X adapter   ${Math.round(median(adapterRates)).toLocaleString("en")} submits/s (median of ${ROUNDS} rounds)`,
);
console.log(
  `  raw ky loop ${Math.round(median(rawRates)).toLocaleString("en")} submits/s (same body and headers)`,
);
console.log(`  per-round ratios ${ratios.map((value) => value.toFixed(2)).join(", ")}`);
const pass = ratio >= GOAL;
console.log(`adapters.bench: ratio ${ratio.toFixed(2)}x (goal >= ${GOAL}x) ${pass ? "PASS" : "FAIL"}`);
process.exitCode = pass ? 0 : 1;
