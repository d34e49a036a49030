import { z } from "zod";
import { Actor, DateTime } from "./common.js";

/**
 * The fields every request event has: when, who, and a note. Event schemas spread it, so a new kind of
 * event (in its own module) looks like the others.
 *
 * @internal
 */
export const eventBase = {
  /** When it happened. */
  at: DateTime,
  /** Who did it (person or system). */
  by: Actor.optional(),
  note: z.string().max(5000).optional(),
};
