export * from "./account.js";
export * from "./common.js";
export * from "./designation.js";
export {
  type Confidentiality,
  ConfidentialitySchema,
  DATA_CATEGORIES,
  type DataCategory,
  DataCategorySchema,
  DISCLOSURE_INSTRUMENTS,
  type DisclosureDetails,
  type DisclosureDetailsInput,
  DisclosureDetailsSchema,
  type DisclosureInstrument,
  DisclosureInstrumentSchema,
  type EmergencyJustification,
  EmergencyJustificationSchema,
  type PreservationDetails,
  PreservationDetailsSchema,
  type PreservationRuleInput,
  PreservationRuleSchema,
  type ProducedFile,
  ProducedFileSchema,
  type ProductionReceipt,
  type ProductionReceiptInput,
  ProductionReceiptSchema,
} from "./disclosure.js";
export * from "./evidence.js";
export { ESCALATION_LEVELS, type EscalationLevel, EscalationLevelSchema } from "./follow-up.js";
export * from "./outcome.js";
export * from "./request.js";
