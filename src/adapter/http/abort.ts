/**
 * The abort helpers of the HTTP toolkit: a sleep that ends early on abort, and a race that stops waiting
 * on any promise the moment the signal aborts. They live with the backoff in `src/internal`, shared with
 * the dispatcher; the toolkit's door keeps them.
 */
export { abortableSleep, raceAbort, type Sleep } from "../../internal/abort.js";
