/**
 * The sandbox in a process of its own for dispatch.bench (bench/support/sandbox-access.ts starts it with an
 * IPC channel): serves the six platform mocks on a loopback port and answers the bench's questions
 * (records, tallies, reset, close). Ends when the channel closes (the bench ending, however it ends).
 */
import type { KnownPlatformId } from "referral-kit";
import { sandboxOperations } from "./sandbox-access.js";

const ops = await sandboxOperations();
process.on("message", (question: { id: number; op: string; platform?: KnownPlatformId }) => {
  void (async () => {
    try {
      const value =
        question.op === "submits"
          ? ops.submits(question.platform!)
          : question.op === "tally"
            ? ops.tally(question.platform!)
            : question.op === "reset"
              ? ops.reset()
              : question.op === "close"
                ? await ops.close()
                : undefined;
      process.send!({ id: question.id, value });
    } catch (error) {
      process.send!({ id: question.id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: ops.platforms });
