import { StoreError } from "../../errors.js";
import type {
  AttemptOutcome,
  EnqueueEntry,
  RequestFilter,
  RequestStore,
  WhenRequestSubmitted,
} from "../port.js";
import { sqlDeconfliction } from "./deconfliction-sql.js";
import type { SqlDriver } from "./driver.js";
import { KnownHeads, SavedHistories } from "./history-caches.js";
import { sqlAuditTrail } from "./history-chain-sql.js";
import { SqlJobQueue } from "./job-queue.js";
import { SqlRequestRepository } from "./request-repository.js";
import { typedDriver } from "./typed-driver.js";

/**
 * The SQL implementation of {@link RequestStore}, over any {@link SqlDriver}: the embedded PGlite store
 * and the PostgreSQL store are this, with a different driver. Claims use `FOR UPDATE SKIP LOCKED`, so
 * workers sharing a database never take the same job, and a lease that expired (a dead worker) is
 * claimable again. Completing a request's last job and appending its events happen in one transaction,
 * under a lock on the request row, so two workers finishing sibling batches append the events once.
 * Run the migrations first (the `open…Store` functions do).
 *
 * @example
 * ```ts
 * const store = createSqlStore(driver, { kind: "postgres", location: "db.internal/referrals" });
 * ```
 */
export function createSqlStore(
  untypedDriver: SqlDriver,
  info: {
    kind: string;
    location: string;
    onClose?: () => Promise<void>;
    /** The database has one session (PGlite), so transactions never overlap and row locks can be skipped. */
    singleSession?: boolean;
  },
): RequestStore {
  return new SqlStore(untypedDriver, info);
}

/**
 * The parts behind `createSqlStore`, composed: the request repository (requests, histories, the
 * target index), the job queue (jobs, leases, attempts, settles), deconfliction holds and the audit trail,
 * over one driver. This class only checks the store is open and routes each call.
 */
class SqlStore implements RequestStore {
  private closed = false;

  private readonly driver: SqlDriver;

  private readonly requests: SqlRequestRepository;

  private readonly queue: SqlJobQueue;

  private readonly deconfliction: ReturnType<typeof sqlDeconfliction>;

  readonly kind: string;

  constructor(
    untypedDriver: SqlDriver,
    private readonly info: Parameters<typeof createSqlStore>[1],
  ) {
    this.kind = info.kind;
    // No raw driver error leaves the store: each becomes a StoreError with the driver's code kept.
    this.driver = typedDriver(untypedDriver, info.location);
    const singleSession = info.singleSession ?? false;
    // What one part writes and another reads back without a query (see each class).
    const heads = new KnownHeads();
    const saved = new SavedHistories();
    this.requests = new SqlRequestRepository(this.driver, heads, saved, singleSession);
    this.queue = new SqlJobQueue(this.driver, heads, saved, singleSession);
    this.deconfliction = sqlDeconfliction(this.driver);
  }

  private readonly open = () => {
    if (this.closed)
      throw new StoreError("store_closed", `the ${this.info.kind} store at ${this.info.location} is closed`);
  };

  private readonly wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    this.open();
    return work();
  };

  readonly saveRequests = (entries: readonly EnqueueEntry[], now: number) =>
    // The jobs go in with the requests, in one transaction.
    this.wrap(() => this.requests.save(entries, (tx, fresh) => this.queue.enqueue(tx, fresh, now)));

  readonly getRequest = (id: string) => this.wrap(() => this.requests.get(id));

  async *listRequests(filter: RequestFilter = {}) {
    this.open();
    yield* this.requests.list(filter);
  }

  readonly appendEvents = (
    requestId: Parameters<RequestStore["appendEvents"]>[0],
    events: Parameters<RequestStore["appendEvents"]>[1],
    options: Parameters<RequestStore["appendEvents"]>[2] = {},
  ) => this.wrap(() => this.requests.append(requestId, events, options));

  readonly claim = (options: Parameters<RequestStore["claim"]>[0]) =>
    this.wrap(() => this.queue.claim(options));

  readonly renew = (options: Parameters<RequestStore["renew"]>[0]) =>
    this.wrap(() => this.queue.renew(options));

  readonly settle = (
    outcomes: readonly AttemptOutcome[],
    whenRequestSubmitted: WhenRequestSubmitted,
    now: number,
  ) => this.wrap(() => this.queue.settle(outcomes, whenRequestSubmitted, now));

  readonly requeueFailed = (options: Parameters<RequestStore["requeueFailed"]>[0]) =>
    this.wrap(() => this.queue.requeueFailed(options));

  readonly listJobs = (filter: Parameters<RequestStore["listJobs"]>[0] = {}) =>
    this.wrap(() => this.queue.listJobs(filter));

  readonly findJobByPlatformRef = (
    platform: Parameters<RequestStore["findJobByPlatformRef"]>[0],
    platformRef: Parameters<RequestStore["findJobByPlatformRef"]>[1],
  ) => this.wrap(() => this.queue.findJobByPlatformRef(platform, platformRef));

  readonly listAttempts = (requestId: Parameters<RequestStore["listAttempts"]>[0]) =>
    this.wrap(() => this.queue.listAttempts(requestId));

  readonly counts = (
    platform: Parameters<RequestStore["counts"]>[0],
    now: Parameters<RequestStore["counts"]>[1],
  ) => this.wrap(() => this.queue.counts(platform, now));

  readonly platforms = () => this.wrap(() => this.queue.platforms());

  auditTrail() {
    this.open();
    return sqlAuditTrail(this.driver);
  }

  readonly findCovering = (targetKeys: Parameters<RequestStore["findCovering"]>[0]) =>
    this.wrap(() => this.deconfliction.findCovering(targetKeys));

  readonly placeHold = (
    hold: Parameters<RequestStore["placeHold"]>[0],
    now: Parameters<RequestStore["placeHold"]>[1],
  ) => this.wrap(() => this.deconfliction.placeHold(hold, now));

  readonly releaseHold = (options: Parameters<RequestStore["releaseHold"]>[0]) =>
    this.wrap(() => this.deconfliction.releaseHold(options));

  readonly listHolds = (filter: Parameters<RequestStore["listHolds"]>[0]) =>
    this.wrap(() => this.deconfliction.listHolds(filter));

  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.info.onClose?.();
  }
}
