import { z } from "zod";
import { Id } from "../../domain/schemas/common.js";
import { Designation } from "../../domain/schemas/designation.js";

/**
 * A group an official list links a listed individual to. The list names the group (OFAC's "Linked To:
 * ISIL KHORASAN") or cites its reference (the UN's "(QDe.132)"); `groupId` is filled in when the group is
 * known, for example because it came in the same import.
 *
 * @example
 * ```ts
 * LinkedGroup.parse({ name: "ISIL KHORASAN", statedIn: "Remarks" });
 * ```
 */
export const LinkedGroup = z.object({
  /** The group's id, when it could be resolved. */
  groupId: Id.optional(),
  /** The group's reference on the same list (`QDe.132`), when the list cites one. */
  reference: z.string().min(1).max(100).optional(),
  /** The group's name as the list writes it, when the list names it. */
  name: z.string().min(1).max(500).optional(),
  /** The list field the link was read from (`COMMENTS1`, `Remarks`), so a person can check it. */
  statedIn: z.string().min(1).max(100),
});
/**
 * A group an official list links a listed individual to.
 *
 * @example
 * ```ts
 * import type { LinkedGroup } from "referral-kit/registry";
 *
 * const link: LinkedGroup = { reference: "QDe.132", statedIn: "COMMENTS1", groupId: "tehrik-e-taliban-pakistan-ttp" };
 * ```
 */
export type LinkedGroup = z.infer<typeof LinkedGroup>;

/**
 * A person listed by an authority: accounts run by listed leaders matter as much as group accounts. Names
 * are kept as the list writes them; `originalScriptNames` holds the names in non-Latin script.
 *
 * @example
 * ```ts
 * import { DesignatedIndividual } from "referral-kit/registry";
 * import { validate } from "referral-kit";
 *
 * const person = validate(DesignatedIndividual, {
 *   id: "maulana-fazlullah",
 *   name: "MAULANA FAZLULLAH",
 *   aliases: ["Mullah Fazlullah", "Mullah Radio"],
 *   designations: [
 *     {
 *       authority: "un-1267",
 *       reference: "QDi.352",
 *       listedOn: "2015-04-07",
 *       sources: [{ url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml" }],
 *     },
 *   ],
 *   linkedGroups: [{ reference: "QDe.132", statedIn: "COMMENTS1" }],
 * });
 * ```
 */
export const DesignatedIndividual = z.object({
  id: Id,
  /** The primary name as listed. */
  name: z.string().min(1).max(500),
  aliases: z.array(z.string().min(1).max(500)).default([]),
  /** Names in the original script (Arabic, Urdu, Cyrillic...), as listed. */
  originalScriptNames: z.array(z.string().min(1).max(500)).default([]),
  /** The designations that list the person, each with its own source. */
  designations: z.array(Designation).min(1),
  /** Groups the list links the person to, where it says so. */
  linkedGroups: z.array(LinkedGroup).default([]),
});
/**
 * A person listed by an authority, as {@link DesignatedIndividual} outputs it.
 *
 * @example
 * ```ts
 * import type { DesignatedIndividual } from "referral-kit/registry";
 *
 * const leaders = (people: DesignatedIndividual[], groupId: string) =>
 *   people.filter((person) => person.linkedGroups.some((link) => link.groupId === groupId));
 * ```
 */
export type DesignatedIndividual = z.infer<typeof DesignatedIndividual>;
/**
 * A listed person as written by hand: defaults may be left out.
 *
 * @example
 * ```ts
 * const input: DesignatedIndividualInput = { id: "x", name: "X", designations: [] };
 * ```
 */
export type DesignatedIndividualInput = z.input<typeof DesignatedIndividual>;
