import { z } from "zod";
import { AccountRef } from "../targets/target.js";
import { DateTime, Id } from "./common.js";
import { Evidence } from "./evidence.js";

/**
 * Categories of account that need a second, distinct approver before any request against them is sent,
 * because acting on them wrongly harms press freedom or political life.
 */
export const SensitiveCategorySchema = z.enum(["journalist", "media", "politician", "ngo"]);
/** A category that needs two approvers. */
export type SensitiveCategory = z.infer<typeof SensitiveCategorySchema>;

/** The link between an account and a group, with the evidence for it. */
export const GroupLinkSchema = z.object({
  groupId: Id,
  /** How the account relates to the group. */
  relation: z.enum(["official", "member", "promoter", "fundraiser", "unknown"]).default("unknown"),
  evidence: z.array(Evidence).min(1, "every group link needs at least one piece of evidence"),
});
/** An account's link to a group. */
export type GroupLink = z.infer<typeof GroupLinkSchema>;

/** An account under review: its canonical reference, what was observed, and the groups it is linked to. */
export const Account = z.object({
  ref: AccountRef,
  displayName: z.string().min(1).max(500).optional(),
  observed: z
    .object({
      at: DateTime,
      followers: z.number().int().nonnegative().optional(),
    })
    .optional(),
  groups: z.array(GroupLinkSchema).default([]),
  sensitive: z.array(SensitiveCategorySchema).default([]),
});
/** An account under review. */
export type Account = z.infer<typeof Account>;
/** An account as written by hand: defaults may be left out. */
export type AccountInput = z.input<typeof Account>;
