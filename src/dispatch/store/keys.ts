/**
 * The idempotency key of a job: derived from the request id, the batch and the generation only, so a
 * restarted worker sends exactly the key the dead one sent. The generation appears only after a
 * definitive failure was sent again (`requeueFailed`); until then it is left out, which keeps the key of
 * the first (and usually only) generation short and readable.
 *
 * @example
 * ```ts
 * idempotencyKey("req-1", 0, 0); // "rk:req-1:b0"
 * idempotencyKey("req-1", 2, 1); // "rk:req-1:b2:g1"
 * ```
 */
export function idempotencyKey(requestId: string, batch: number, generation: number): string {
  return generation === 0 ? `rk:${requestId}:b${batch}` : `rk:${requestId}:b${batch}:g${generation}`;
}
