import type { RequestStatus } from "../../../domain/lifecycle.js";
import {
  CLOSED_KIND_STATES,
  type HoldInput,
  notOwned,
  notOwnHold,
  type TargetCover,
  type TargetHold,
} from "../../deconfliction.js";
import type { SqlDriver } from "./driver.js";

/**
 * The store-wide index of targets (`rk_targets`: which requests cover each target key, filled from the
 * job plans of the requests already stored) and the holds units place on targets (`rk_holds`).
 */
export const DECONFLICTION_SQL = `
create table rk_targets (
  target_key text not null,
  request_id text not null references rk_requests (id),
  primary key (target_key, request_id)
);
insert into rk_targets (target_key, request_id)
  select distinct k.value, j.request_id from rk_jobs j, jsonb_array_elements_text(j.target_keys) k;

create table rk_holds (
  id bigserial primary key,
  target_key text not null,
  unit text not null,
  until bigint not null,
  reason text not null,
  placed_by text not null,
  placed_at bigint not null
);
create index rk_holds_target on rk_holds (target_key, until);
`;

/** The unit of stored request `r`, as SQL. */
export const UNIT_OF = "r.content->'issuingAuthority'->>'unit'";

/** Stored request `r` is open (see `isOpen`), given the closed `kind:status` pairs as parameter `param`. */
const open = (param: string) => `(r.content->>'kind') || ':' || r.status <> all(${param}::text[])`;

interface HoldRow {
  id: string | number;
  target_key: string;
  unit: string;
  until: string | number;
  reason: string;
  placed_by: string;
  placed_at: string | number;
}

const HOLD_COLUMNS = "id, target_key, unit, until, reason, placed_by, placed_at";

function toHold(row: HoldRow): TargetHold {
  return {
    id: Number(row.id),
    targetKey: row.target_key,
    unit: row.unit,
    until: Number(row.until),
    reason: row.reason,
    placedBy: row.placed_by,
    placedAt: Number(row.placed_at),
  };
}

/** The deconfliction part of the SQL store: the target index and the holds. */
export function sqlDeconfliction(driver: SqlDriver) {
  return {
    async findCovering(targetKeys: readonly string[]): Promise<TargetCover[]> {
      if (targetKeys.length === 0) return [];
      const rows = await driver.query<{
        target_key: string;
        request_id: string;
        unit: string | null;
        status: RequestStatus;
      }>(
        `select t.target_key, t.request_id, ${UNIT_OF} as unit, r.status
         from rk_targets t join rk_requests r on r.id = t.request_id
         where t.target_key = any($1::text[]) and ${open("$2")}
         order by r.seq, t.target_key`,
        [[...new Set(targetKeys)], CLOSED_KIND_STATES],
      );
      return rows.map((row) => ({
        targetKey: row.target_key,
        requestId: row.request_id,
        unit: row.unit ?? undefined,
        status: row.status,
      }));
    },

    placeHold: (hold: HoldInput, now: number): Promise<TargetHold> =>
      driver.transaction(async (tx) => {
        const owned = await tx.query(
          `select 1 from rk_targets t join rk_requests r on r.id = t.request_id
           where t.target_key = $1 and ${UNIT_OF} = $2 and ${open("$3")} limit 1`,
          [hold.targetKey, hold.unit, CLOSED_KIND_STATES],
        );
        if (owned.length === 0) throw notOwned(hold);
        const [row] = await tx.query<HoldRow>(
          `insert into rk_holds (target_key, unit, until, reason, placed_by, placed_at)
           values ($1, $2, $3, $4, $5, $6) returning ${HOLD_COLUMNS}`,
          [hold.targetKey, hold.unit, hold.until, hold.reason, hold.placedBy, now],
        );
        return toHold(row!);
      }),

    releaseHold: (options: { id: number; unit: string; now: number }): Promise<TargetHold> =>
      driver.transaction(async (tx) => {
        const [row] = await tx.query<HoldRow>(
          `select ${HOLD_COLUMNS} from rk_holds where id = $1 for update`,
          [options.id],
        );
        const hold = row ? toHold(row) : undefined;
        if (!hold || hold.unit !== options.unit) throw notOwnHold(options, hold);
        const [updated] = await tx.query<HoldRow>(
          `update rk_holds set until = least(until, $2) where id = $1 returning ${HOLD_COLUMNS}`,
          [options.id, options.now],
        );
        return toHold(updated!);
      }),

    async listHolds(
      filter: { activeAt?: number; targetKeys?: readonly string[]; unit?: string } = {},
    ): Promise<TargetHold[]> {
      const rows = await driver.query<HoldRow>(
        `select ${HOLD_COLUMNS} from rk_holds
         where ($1::bigint is null or until > $1)
           and ($2::text[] is null or target_key = any($2::text[]))
           and ($3::text is null or unit = $3)
         order by id`,
        [filter.activeAt ?? null, filter.targetKeys ?? null, filter.unit ?? null],
      );
      return rows.map(toHold);
    },
  };
}
