/**
 * referral-kit/adapters/manual: the manual portal channel, for platforms whose government-request intake
 * is a web form. `submit` prepares a packet for a person to enter into the form and records it as
 * prepared (the request is not submitted); `confirm` records the portal's confirmation number as the
 * `submitted` event; `overdue` lists packets left unconfirmed too long.
 *
 * @packageDocumentation
 */
export { createManualChannel, type ManualChannel } from "./channel.js";
export { ManualConfirmationError, PreparedFileError } from "./errors.js";
export type { PortalForm, SubmissionPacket } from "./packet.js";
export {
  createMemoryPreparedStore,
  openPreparedFile,
  type PreparedRecord,
  type PreparedStore,
} from "./store.js";
