/** Creates the embedded store at argv[2] and exits; the kill-during-creation test SIGKILLs it on the way. */
import { openPgliteStore } from "referral-kit/dispatch";

process.stdout.write("creating\n");
const store = await openPgliteStore({ path: process.argv[2]! });
await store.close();
process.stdout.write("created\n");
