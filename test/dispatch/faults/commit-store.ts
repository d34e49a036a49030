/**
 * Opens the embedded store at argv[2] (fsync as argv[3]: "on" or "off"), prints "open", waits for a line on
 * standard input, commits one request, prints "committed". The durability test traces it between the two.
 */
import { createInterface } from "node:readline";
import { openPgliteStore } from "referral-kit/dispatch";
import { approvedRequest } from "../support/requests.js";

const store = await openPgliteStore({ path: process.argv[2]!, fsync: process.argv[3] !== "off" });
process.stdout.write("open\n");
const lines = createInterface({ input: process.stdin });
for await (const _line of lines) break;
const id = `req-${Date.now()}`;
await store.saveRequests([{ request: approvedRequest(id), batches: [[`x:${id}-t0`]] }], Date.now());
process.stdout.write("committed\n");
await store.close();
process.exit(0);
