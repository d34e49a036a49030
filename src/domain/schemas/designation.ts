import { z } from "zod";
import { DateSchema, HttpUrlSchema, Id } from "./common.js";

/**
 * The designating authorities referral-kit knows by name. Other authorities (another country's national
 * schedule, say) use an id of the form `national:<ISO 3166 alpha-2>:<slug>`, e.g. `national:in:uapa`.
 *
 * - `un-1267`: UN Security Council ISIL (Da'esh) and Al-Qaida Sanctions List (resolutions 1267/1989/2253)
 * - `un-1988`: UN Security Council 1988 Sanctions List (the Taliban regime, resolution 1988 (2011)):
 *   entities `TAe.`, individuals `TAi.`, e.g. the Haqqani Network. A regime of its own, never merged
 *   into `un-1267`.
 * - `us-fto`: US State Department Foreign Terrorist Organization (INA section 219)
 * - `us-sdgt`: US Specially Designated Global Terrorist (Executive Order 13224)
 * - `uk-proscribed`: UK Terrorism Act 2000, Schedule 2 (proscribed organisations)
 * - `pk-ata-first-schedule`: Pakistan Anti-Terrorism Act 1997, First Schedule (proscribed organisations)
 */
export const KNOWN_AUTHORITIES = [
  "un-1267",
  "un-1988",
  "us-fto",
  "us-sdgt",
  "uk-proscribed",
  "pk-ata-first-schedule",
] as const;

/** A designating authority: a known id or `national:<cc>:<slug>`. */
export const Authority = z.union([
  z.enum(KNOWN_AUTHORITIES),
  z
    .string()
    .regex(/^national:[a-z]{2}:[a-z0-9-]+$/, "a custom authority is national:<ISO 3166 alpha-2>:<slug>"),
]);
/** A designating authority id. */
export type Authority = z.infer<typeof Authority>;

/** Where a designation is published: the official page, and when it was read. */
export const Source = z.object({
  url: HttpUrlSchema,
  title: z.string().min(1).max(500).optional(),
  publisher: z.string().min(1).max(200).optional(),
  /** When the source was last read (ISO date). */
  retrievedOn: DateSchema.optional(),
});
/** A published source for a designation. */
export type Source = z.infer<typeof Source>;

/**
 * One authority's designation of one group. Dates and reference numbers are `null` when unknown, and
 * `notes` says so (or says where sources disagree) instead of guessing.
 */
export const Designation = z.object({
  authority: Authority,
  /** The name under which the authority lists the group. */
  listedName: z.string().min(1).max(500).optional(),
  /** The authority's reference number (e.g. `QDe.132`), `null` when the authority publishes none. */
  reference: z.string().min(1).max(100).nullable(),
  /** Date of listing, `null` when not established from a source. */
  listedOn: DateSchema.nullable(),
  /** `delisted` keeps the history of a designation that was revoked. */
  status: z.enum(["listed", "delisted"]).default("listed"),
  delistedOn: DateSchema.nullable().optional(),
  /** Official sources; at least one. */
  sources: z.array(Source).min(1),
  /** Uncertainties, disagreements between sources, amendments. */
  notes: z.array(z.string().min(1).max(2000)).default([]),
});
/** One authority's designation of one group. */
export type Designation = z.infer<typeof Designation>;
/** A designation as written by hand: `status` and `notes` may be left out. */
export type DesignationInput = z.input<typeof Designation>;

/**
 * A proscribed group: names and aliases (any script), an optional parent group (the Majeed Brigade is
 * part of the BLA), and the designations that proscribe it, each with its own source. A group designated by
 * one authority only carries that one designation and nothing more.
 */
export const ProscribedGroup = z.object({
  id: Id,
  name: z.string().min(1).max(500),
  aliases: z.array(z.string().min(1).max(500)).default([]),
  parentId: Id.optional(),
  description: z.string().max(5000).optional(),
  designations: z.array(Designation).default([]),
});
/** A proscribed group with its designations. */
export type ProscribedGroup = z.infer<typeof ProscribedGroup>;
/** A proscribed group as written by hand: defaults may be left out. */
export type ProscribedGroupInput = z.input<typeof ProscribedGroup>;

/**
 * A request's pointer to the designation it relies on: the group and the authority, and the authority's
 * reference number where it has one.
 */
export const DesignationRef = z.object({
  groupId: Id,
  authority: Authority,
  reference: z.string().min(1).max(100).optional(),
});
/** A pointer from a request to a designation. */
export type DesignationRef = z.infer<typeof DesignationRef>;
