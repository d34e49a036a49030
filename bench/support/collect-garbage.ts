/**
 * A full garbage collection, for benchmarks that start every timed phase on a collected heap (so no phase
 * pays for the garbage the one before left). Reached without --expose-gc on the command line: `npm run
 * bench` passes the flag, `npx tsx bench/…` does not.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");

export const collectGarbage = runInNewContext("gc") as () => void;
