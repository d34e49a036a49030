import { expiryEvent } from "../domain/expiry.js";
import type { RequestStatus } from "../domain/lifecycle.js";
import type { Actor } from "../domain/schemas/common.js";
import { StoreError } from "./errors.js";
import type { RequestStore } from "./store/port.js";

/** States in which a request can expire (the others are decided, withdrawn, or waiting on the agency). */
const EXPIRABLE: readonly RequestStatus[] = [
  "submitted",
  "acknowledged",
  "information-supplied",
  "escalated",
];

/**
 * Appends `expired` to every stored request whose deadline in force has passed at `now` with no decision
 * (see `expiryEvent`). Idempotent: a request already expired since its deadline was last set, decided, or
 * waiting on the agency's answer is left alone, so running it again appends nothing. `sync` runs it after
 * polling; `referral-kit expire` runs it on its own (for channels nobody polls: email, portals).
 *
 * @example
 * ```ts
 * import { expireOverdue, openStore } from "referral-kit/dispatch";
 *
 * const store = await openStore("./referrals.store");
 * const { expired } = await expireOverdue(store, { now: Date.now() });
 * ```
 */
export async function expireOverdue(
  store: RequestStore,
  options: { now: number; platforms?: readonly string[]; by?: Actor },
): Promise<{
  /** Requests looked at (those in a state that can expire). */
  readonly checked: number;
  /** Ids of the requests an `expired` event was appended to. */
  readonly expired: readonly string[];
}> {
  const by = options.by ?? { id: "referral-kit.expire" };
  const due: string[] = [];
  let checked = 0;
  const platforms = options.platforms ?? [undefined];
  // Collected first, appended after: a store's listing is not meant to be iterated while it is written.
  for (const platform of platforms) {
    const filter = platform === undefined ? { status: EXPIRABLE } : { platform, status: EXPIRABLE };
    for await (const request of store.listRequests(filter)) {
      checked += 1;
      if (expiryEvent(request, options.now, by)) due.push(request.id);
    }
  }
  const expired: string[] = [];
  for (const id of due) {
    for (let round = 0; round < 3; round += 1) {
      const request = await store.getRequest(id);
      const event = request ? expiryEvent(request, options.now, by) : null;
      if (!request || !event) break;
      try {
        await store.appendEvents(id, [event], { expectedCount: request.events.length });
        expired.push(id);
        break;
      } catch (error) {
        // Someone appended first (a sync, a decision): read again and decide again.
        if (!(StoreError.isInstance(error) && error.code === "store_conflict")) throw error;
      }
    }
  }
  return { checked, expired };
}
