/**
 * What a platform mock has received and created since its last reset, with the indexes that spare every
 * call a scan of the records or submissions.
 */
import { ArrivalTimes } from "./arrival-index.js";
import type { MockOperation } from "./faults.js";
import type { MockRecord, MockSubmission } from "./types.js";

/** A record while its call is answered (status, targets and reference are filled in as it goes). */
export type MutableRecord = { -readonly [K in keyof MockRecord]: MockRecord[K] };
/** A submission as the mock changes it (forced states, withdrawals). */
export type MutableSubmission = { -readonly [K in keyof MockSubmission]: MockSubmission[K] };

/** The first answer to an idempotent call, replayed to the same key and body. */
export interface StoredAnswer {
  readonly fingerprint: string;
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: string;
  readonly targets: readonly string[];
  readonly platformRef: string | undefined;
}

const NONE: readonly MockSubmission[] = Object.freeze([]);

/**
 * The calls and submissions of one mock. `clear()` empties everything (the mock's `reset()`).
 * @internal
 *
 * @example
 * ```ts
 * const ledger = new MockLedger();
 * ledger.addRecord(record);
 * ledger.countCalls({ since: 0, operation: "submit" }); // 1
 * ```
 */
export class MockLedger {
  records: MockRecord[] = [];
  submissions: MutableSubmission[] = [];
  /** Answers of idempotent calls, by `<operation> <key>`. */
  answers = new Map<string, StoredAnswer>();
  private sequence = 0;
  private byRef = new Map<string, MutableSubmission>();
  private byTarget = new Map<string, MutableSubmission[]>();
  private positions = new Map<MockSubmission, number>();
  private arrivals = new ArrivalTimes();
  private arrivalsByOperation = new Map<MockOperation, ArrivalTimes>();

  /** The sequence number of the next call (1 after a reset). */
  nextSequence(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addRecord(entry: MockRecord): void {
    this.records.push(entry);
    this.arrivals.add(entry.at);
    let times = this.arrivalsByOperation.get(entry.operation);
    if (!times) {
      times = new ArrivalTimes();
      this.arrivalsByOperation.set(entry.operation, times);
    }
    times.add(entry.at);
  }

  addSubmission(submission: MutableSubmission): void {
    this.positions.set(submission, this.submissions.length);
    this.submissions.push(submission);
    if (!this.byRef.has(submission.ref)) this.byRef.set(submission.ref, submission);
    for (const { key } of submission.targets) {
      const naming = this.byTarget.get(key);
      if (!naming) this.byTarget.set(key, [submission]);
      else if (naming[naming.length - 1] !== submission) naming.push(submission);
    }
  }

  find(ref: string): MutableSubmission | undefined {
    return this.byRef.get(ref);
  }

  /** The submissions naming a target key, in order of creation (do not modify). */
  naming(key: string): readonly MockSubmission[] {
    return this.byTarget.get(key) ?? NONE;
  }

  /** The submissions naming any of the keys, each once, in order of creation. */
  namingAny(keys: Iterable<string>): MockSubmission[] {
    const naming = new Set<MockSubmission>();
    for (const key of keys) for (const submission of this.byTarget.get(key) ?? []) naming.add(submission);
    return [...naming].sort((a, b) => (this.positions.get(a) ?? 0) - (this.positions.get(b) ?? 0));
  }

  countCalls({
    since,
    after = false,
    operation,
  }: {
    since: number;
    after?: boolean;
    operation?: MockOperation;
  }) {
    const times = operation === undefined ? this.arrivals : this.arrivalsByOperation.get(operation);
    return times ? times.countSince(since, after) : 0;
  }

  /** References by the idempotency key they were created with. */
  referencesByIdempotencyKey(): Map<string, string[]> {
    const byKey = new Map<string, string[]>();
    for (const s of this.submissions) {
      if (s.idempotencyKey === undefined) continue;
      byKey.set(s.idempotencyKey, [...(byKey.get(s.idempotencyKey) ?? []), s.ref]);
    }
    return byKey;
  }

  clear(): void {
    this.records = [];
    this.submissions = [];
    this.answers = new Map();
    this.sequence = 0;
    this.byRef = new Map();
    this.byTarget = new Map();
    this.positions = new Map();
    this.arrivals = new ArrivalTimes();
    this.arrivalsByOperation = new Map();
  }
}
