import { type ReferralRequest, targetKey } from "referral-kit";
import { openStore } from "referral-kit/dispatch";

/** Saves requests into the store at `location`, each sent in one call naming all its targets. */
export async function seedStore(location: string, requests: readonly ReferralRequest[]): Promise<void> {
  const opened = await openStore(location);
  try {
    await opened.saveRequests(
      requests.map((request) => ({ request, batches: [request.targets.map((t) => targetKey(t.target))] })),
      Date.now(),
    );
  } finally {
    await opened.close();
  }
}
