import type { SubmitReceipt } from "../adapter/v1/spec.js";
import type { Actor } from "../domain/schemas/common.js";
import type { RequestEvent } from "../domain/schemas/request.js";
import type { Clock } from "./clock.js";
import { notBefore } from "./context.js";
import type { WhenRequestSubmitted } from "./store/port.js";

/**
 * Builds the events appended when a request's last batch is taken: \`submitted\`, and \`rejected\` if
 * intake refused every target.
 */
export function submittedEvents(actor: Actor, clock: Clock): WhenRequestSubmitted {
  return (request, jobs) => {
    const receipts = jobs.map((job) => job.receipt).filter((r): r is SubmitReceipt => r !== undefined);
    const at = notBefore(request, clock.now());
    const refs = receipts.map((r) => r.platformRef);
    const first = jobs[0]!;
    const submitted: RequestEvent = {
      type: "submitted",
      at,
      by: actor,
      channel: request.platform,
      idempotencyKey: first.idempotencyKey,
      platformRef: refs[0]!,
      ...(refs.length > 1 ? { note: `submitted in ${refs.length} calls: ${refs.join(", ")}` } : {}),
    };
    const statuses = receipts.flatMap((receipt) => receipt.targets);
    const rejected = statuses.filter((s) => s.status === "rejected");
    if (statuses.length > 0 && rejected.length === statuses.length) {
      const reasons = [...new Set(rejected.map((s) => (s.status === "rejected" ? s.reason : "")))];
      return [
        submitted,
        {
          type: "rejected",
          at,
          by: actor,
          reason: `rejected at intake: ${reasons.join("; ")}`.slice(0, 5000),
        },
      ];
    }
    if (rejected.length > 0) {
      const note = `${submitted.note ? `${submitted.note}; ` : ""}rejected at intake: ${rejected.map((s) => s.key).join(", ")}`;
      return [{ ...submitted, note: note.slice(0, 5000) }];
    }
    return [submitted];
  };
}
