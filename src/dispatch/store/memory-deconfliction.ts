import { notOwned, notOwnHold, type TargetCover, type TargetHold } from "../deconfliction.js";
import type { MemoryRequestRepository } from "./memory-request-repository.js";
import type { RequestStore } from "./port.js";

/**
 * The memory store's deconfliction: which open requests cover a target (from the repository's index of
 * targets), and the holds units place on targets they own.
 */
export class MemoryDeconfliction {
  private readonly holds: TargetHold[] = [];

  constructor(private readonly requests: MemoryRequestRepository) {}

  /** See `RequestStore.findCovering`. */
  findCovering(targetKeys: readonly string[]): TargetCover[] {
    const covers: (TargetCover & { seq: number })[] = [];
    for (const targetKey of new Set(targetKeys)) {
      for (const { request, seq } of this.requests.openCovering(targetKey)) {
        const status = request.events[request.events.length - 1]!.type;
        covers.push({ targetKey, requestId: request.id, unit: request.issuingAuthority.unit, status, seq });
      }
    }
    return covers.sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...cover }) => cover);
  }

  /** See `RequestStore.placeHold`. */
  placeHold(input: Parameters<RequestStore["placeHold"]>[0], now: number): TargetHold {
    const owned = [...this.requests.openCovering(input.targetKey)].some(
      ({ request }) => request.issuingAuthority.unit === input.unit,
    );
    if (!owned) throw notOwned(input);
    const hold: TargetHold = { ...input, id: this.holds.length + 1, placedAt: now };
    this.holds.push(hold);
    return { ...hold };
  }

  /** See `RequestStore.releaseHold`. */
  releaseHold(options: Parameters<RequestStore["releaseHold"]>[0]): TargetHold {
    const index = this.holds.findIndex((hold) => hold.id === options.id);
    const hold = this.holds[index];
    if (!hold || hold.unit !== options.unit) throw notOwnHold(options, hold);
    this.holds[index] = { ...hold, until: Math.min(hold.until, options.now) };
    return { ...this.holds[index]! };
  }

  /** See `RequestStore.listHolds`. */
  listHolds(filter: Parameters<RequestStore["listHolds"]>[0] = {}): TargetHold[] {
    const keys = filter.targetKeys ? new Set(filter.targetKeys) : undefined;
    return this.holds
      .filter(
        (hold) =>
          (filter.activeAt === undefined || hold.until > filter.activeAt) &&
          (!keys || keys.has(hold.targetKey)) &&
          (filter.unit === undefined || hold.unit === filter.unit),
      )
      .map((hold) => ({ ...hold }));
  }
}
