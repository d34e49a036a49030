/**
 * `npm run bench`: runs every `bench/*.bench.ts` one after the other, each in its own process so one
 * benchmark's memory never skews the next. Each prints its own ratios, measured side by side in one run.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// `npm run bench dispatch-memory -- --sizes 10000`: names filter the benchmarks; from the first `--`
// option on, the arguments go to each benchmark run.
const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith("--"));
const only = firstOption < 0 ? args : args.slice(0, firstOption);
const options = firstOption < 0 ? [] : args.slice(firstOption);
const all = readdirSync(here).filter((name) => name.endsWith(".bench.ts"));
// A filter that names a benchmark runs that one only (`dispatch` is not also `dispatch-layers`); any
// other filter runs every benchmark whose file name contains it.
const matches = (name: string, filter: string) =>
  all.includes(`${filter}.bench.ts`) ? name === `${filter}.bench.ts` : name.includes(filter);
const files = all.filter((name) => only.length === 0 || only.some((filter) => matches(name, filter))).sort();

let failed = 0;
for (const file of files) {
  console.log(`\n### ${file}`);
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "--expose-gc", join(here, file), ...options],
    {
      stdio: "inherit",
    },
  );
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
