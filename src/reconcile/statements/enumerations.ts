/**
 * The DSA Transparency Database's enumerations for statements of reasons: each code (what is submitted) with
 * its label (what the database shows), as documented in the fixtures' `dsa-sor-fields.md` (read from the
 * database's own validation rules and model). Submit the code, never the label.
 */

/**
 * Restrictions of the visibility of content (`decision_visibility`, an array).
 *
 * @example
 * ```ts
 * Object.keys(DECISION_VISIBILITIES).length; // 7
 * ```
 */
export const DECISION_VISIBILITIES = Object.freeze({
  DECISION_VISIBILITY_CONTENT_REMOVED: "Removal of content",
  DECISION_VISIBILITY_CONTENT_DISABLED: "Disabling access to content",
  DECISION_VISIBILITY_CONTENT_DEMOTED: "Demotion of content",
  DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED: "Age restricted content",
  DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED: "Restricting interaction with content",
  DECISION_VISIBILITY_CONTENT_LABELLED: "Labelled content",
  DECISION_VISIBILITY_OTHER: "Other restriction (please specify)",
} as const);

/**
 * Restrictions of monetary payments (`decision_monetary`).
 *
 * @example
 * ```ts
 * Object.keys(DECISION_MONETARIES).length; // 3
 * ```
 */
export const DECISION_MONETARIES = Object.freeze({
  DECISION_MONETARY_SUSPENSION: "Suspension of monetary payments",
  DECISION_MONETARY_TERMINATION: "Termination of monetary payments",
  DECISION_MONETARY_OTHER: "Other restriction (please specify)",
} as const);

/**
 * Suspension or termination of the service (`decision_provision`).
 *
 * @example
 * ```ts
 * Object.keys(DECISION_PROVISIONS).length; // 4
 * ```
 */
export const DECISION_PROVISIONS = Object.freeze({
  DECISION_PROVISION_PARTIAL_SUSPENSION: "Partial suspension of the provision of the service",
  DECISION_PROVISION_TOTAL_SUSPENSION: "Total suspension of the provision of the service",
  DECISION_PROVISION_PARTIAL_TERMINATION: "Partial termination of the provision of the service",
  DECISION_PROVISION_TOTAL_TERMINATION: "Total termination of the provision of the service",
} as const);

/**
 * Suspension or termination of the account (`decision_account`).
 *
 * @example
 * ```ts
 * Object.keys(DECISION_ACCOUNTS).length; // 2
 * ```
 */
export const DECISION_ACCOUNTS = Object.freeze({
  DECISION_ACCOUNT_SUSPENDED: "Suspension of the account",
  DECISION_ACCOUNT_TERMINATED: "Termination of the account",
} as const);

/**
 * The type of the account concerned (`account_type`).
 *
 * @example
 * ```ts
 * Object.keys(ACCOUNT_TYPES).length; // 2
 * ```
 */
export const ACCOUNT_TYPES = Object.freeze({
  ACCOUNT_TYPE_BUSINESS: "Business",
  ACCOUNT_TYPE_PRIVATE: "Private",
} as const);

/**
 * Why: illegal content, or content incompatible with the terms and conditions (`decision_ground`).
 *
 * @example
 * ```ts
 * Object.keys(DECISION_GROUNDS).length; // 2
 * ```
 */
export const DECISION_GROUNDS = Object.freeze({
  DECISION_GROUND_ILLEGAL_CONTENT: "Illegal Content",
  DECISION_GROUND_INCOMPATIBLE_CONTENT: "Content incompatible with terms and conditions",
} as const);

/**
 * The type of the content concerned (`content_type`, an array).
 *
 * @example
 * ```ts
 * Object.keys(CONTENT_TYPES).length; // 8
 * ```
 */
export const CONTENT_TYPES = Object.freeze({
  CONTENT_TYPE_APP: "App",
  CONTENT_TYPE_AUDIO: "Audio",
  CONTENT_TYPE_IMAGE: "Image",
  CONTENT_TYPE_PRODUCT: "Product",
  CONTENT_TYPE_SYNTHETIC_MEDIA: "Synthetic Media",
  CONTENT_TYPE_TEXT: "Text",
  CONTENT_TYPE_VIDEO: "Video",
  CONTENT_TYPE_OTHER: "Other",
} as const);

/**
 * The category of the decision (`category`, `category_addition`).
 *
 * @example
 * ```ts
 * Object.keys(STATEMENT_CATEGORIES).length; // 16
 * ```
 */
export const STATEMENT_CATEGORIES = Object.freeze({
  STATEMENT_CATEGORY_ANIMAL_WELFARE: "Animal welfare",
  STATEMENT_CATEGORY_CONSUMER_INFORMATION: "Consumer information infringements",
  STATEMENT_CATEGORY_CYBER_VIOLENCE: "Cyber violence",
  STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN: "Cyber violence against women",
  STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS: "Data protection and privacy violations",
  STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH: "Illegal or harmful speech",
  STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS: "Intellectual property infringements",
  STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS:
    "Negative effects on civic discourse or elections",
  STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE: "Type of alleged illegal content not specified by the notifier",
  STATEMENT_CATEGORY_OTHER_VIOLATION_TC: "Other violation of provider’s terms and conditions",
  STATEMENT_CATEGORY_PROTECTION_OF_MINORS: "Protection of minors",
  STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY: "Risk for public security",
  STATEMENT_CATEGORY_SCAMS_AND_FRAUD: "Scams and/or fraud",
  STATEMENT_CATEGORY_SELF_HARM: "Self-harm",
  STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS: "Unsafe, non-compliant or prohibited products",
  STATEMENT_CATEGORY_VIOLENCE: "Violence",
} as const);

/**
 * Sub-categories (`category_specification`, an array); the database calls them keywords.
 *
 * @example
 * ```ts
 * Object.keys(STATEMENT_KEYWORDS).length; // 69
 * ```
 */
export const STATEMENT_KEYWORDS = Object.freeze({
  KEYWORD_ADULT_SEXUAL_MATERIAL: "Adult sexual material",
  KEYWORD_AGE_SPECIFIC_RESTRICTIONS: "Age-specific restrictions",
  KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS: "Age-specific restrictions concerning minors",
  KEYWORD_ANIMAL_HARM: "Animal harm",
  KEYWORD_BIOMETRIC_DATA_BREACH: "Biometric data breach",
  KEYWORD_BULLYING_AGAINST_GIRLS: "Cyber bullying and intimidation against girls",
  KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL: "Child sexual abuse material",
  KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE:
    "Child sexual abuse material containing deepfake or similar technology",
  KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS: "Content promoting eating disorders",
  KEYWORD_COORDINATED_HARM: "Coordinated harm",
  KEYWORD_COPYRIGHT_INFRINGEMENT: "Copyright infringements",
  KEYWORD_CYBER_BULLYING_INTIMIDATION: "Cyber bullying and intimidation",
  KEYWORD_CYBER_HARASSMENT: "Cyber harassment",
  KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN: "Cyber harassment against women",
  KEYWORD_CYBER_INCITEMENT: "Cyber incitement to hatred or violence",
  KEYWORD_CYBER_STALKING: "Cyber stalking",
  KEYWORD_CYBER_STALKING_AGAINST_WOMEN: "Cyber stalking against women",
  KEYWORD_DATA_FALSIFICATION: "Data falsification",
  KEYWORD_DEFAMATION: "Defamation",
  KEYWORD_DESIGN_INFRINGEMENT: "Design infringements",
  KEYWORD_DISCRIMINATION: "Discrimination",
  KEYWORD_FEMALE_GENDERED_DISINFORMATION: "Gendered disinformation",
  KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT: "Geographic indications infringements",
  KEYWORD_GEOGRAPHICAL_REQUIREMENTS: "Geographical requirements",
  KEYWORD_GOODS_SERVICES_NOT_PERMITTED: "Goods/services not permitted to be offered on the platform",
  KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS: "Grooming/sexual enticement of minors",
  KEYWORD_HATE_SPEECH:
    "Illegal incitement to violence and hatred based on protected characteristics (hate speech)",
  KEYWORD_HIDDEN_ADVERTISEMENT: "Hidden advertisement or commercial communication, including by influencers",
  KEYWORD_HUMAN_EXPLOITATION: "Human exploitation",
  KEYWORD_HUMAN_TRAFFICKING: "Human trafficking",
  KEYWORD_ILLEGAL_ORGANIZATIONS: "Illegal organizations",
  KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING: "Impersonation or account hijacking",
  KEYWORD_INAUTHENTIC_ACCOUNTS: "Inauthentic accounts",
  KEYWORD_INAUTHENTIC_LISTINGS: "Inauthentic listings",
  KEYWORD_INAUTHENTIC_USER_REVIEWS: "Inauthentic user reviews",
  KEYWORD_INCITEMENT_AGAINST_WOMEN: "Illegal incitement to violence and hatred against women",
  KEYWORD_INCITEMENT_VIOLENCE_HATRED: "General calls or incitement to violence and/or hatred",
  KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS: "Insufficient information on traders",
  KEYWORD_LANGUAGE_REQUIREMENTS: "Language requirements",
  KEYWORD_MISINFORMATION_DISINFORMATION:
    "Misinformation, disinformation, foreign information manipulation and interference",
  KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS: "Misleading information about the consumer's rights",
  KEYWORD_MISLEADING_INFO_GOODS_SERVICES:
    "Misleading information about the characteristics of the goods and services",
  KEYWORD_MISSING_PROCESSING_GROUND: "Missing processing ground for data",
  KEYWORD_NON_CONSENSUAL_IMAGE_SHARING:
    "Non-consensual (intimate) material sharing, including (image-based) sexual abuse (excluding content depicting minors)",
  KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN:
    "Non-consensual (intimate) material sharing against women, including (image-based) sexual abuse against women (excluding content depicting minors)",
  KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE:
    "Non-consensual sharing of material containing deepfake or similar technology using a third party's features (excluding content depicting minors)",
  KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN:
    "Non-consensual sharing of material containing deepfake or similar technology using a third party's features against women (excluding content depicting minors)",
  KEYWORD_NONCOMPLIANCE_PRICING: "Non-compliance with pricing regulations",
  KEYWORD_NUDITY: "Nudity",
  KEYWORD_PATENT_INFRINGEMENT: "Patent infringements",
  KEYWORD_PHISHING: "Phishing",
  KEYWORD_PROHIBITED_PRODUCTS: "Prohibited or restricted products",
  KEYWORD_PYRAMID_SCHEMES: "Pyramid schemes",
  KEYWORD_RIGHT_TO_BE_FORGOTTEN: "Right to be forgotten",
  KEYWORD_RISK_ENVIRONMENTAL_DAMAGE: "Risk for environmental damage",
  KEYWORD_RISK_PUBLIC_HEALTH: "Risk for public health",
  KEYWORD_SELF_MUTILATION: "Self-mutilation",
  KEYWORD_STALKING: "Stalking",
  KEYWORD_SUICIDE: "Suicide",
  KEYWORD_TERRORIST_CONTENT: "Terrorist content",
  KEYWORD_TRADE_SECRET_INFRINGEMENT: "Trade secret infringements",
  KEYWORD_TRADEMARK_INFRINGEMENT: "Trademark infringements",
  KEYWORD_TRAFFICKING_WOMEN_GIRLS: "Trafficking in women and girls",
  KEYWORD_UNLAWFUL_SALE_ANIMALS: "Unlawful sale of animals",
  KEYWORD_UNSAFE_CHALLENGES: "Unsafe challenges",
  KEYWORD_UNSAFE_PRODUCTS: "Unsafe or non-compliant products",
  KEYWORD_VIOLATION_EU_LAW: "Violation of EU law relevant to civic discourse or elections",
  KEYWORD_VIOLATION_NATIONAL_LAW: "Violation of national law relevant to civic discourse or elections",
  KEYWORD_OTHER: "Not captured by any other keyword",
} as const);

/**
 * What the decision was based on: a notice, a trusted flagger, another notification (such as an authority's order), or the platform's own initiative (`source_type`).
 *
 * @example
 * ```ts
 * Object.keys(SOURCE_TYPES).length; // 4
 * ```
 */
export const SOURCE_TYPES = Object.freeze({
  SOURCE_ARTICLE_16: "Notice submitted in accordance with Article 16 DSA",
  SOURCE_TRUSTED_FLAGGER: "Notice submitted by a trusted flagger",
  SOURCE_TYPE_OTHER_NOTIFICATION: "Other type of notification",
  SOURCE_VOLUNTARY: "Own voluntary initiative",
} as const);

/**
 * Whether the decision was automated (`automated_decision`).
 *
 * @example
 * ```ts
 * Object.keys(AUTOMATED_DECISIONS).length; // 3
 * ```
 */
export const AUTOMATED_DECISIONS = Object.freeze({
  AUTOMATED_DECISION_FULLY: "Fully automated",
  AUTOMATED_DECISION_PARTIALLY: "Partially automated",
  AUTOMATED_DECISION_NOT_AUTOMATED: "Not Automated",
} as const);

/**
 * Upper-case ISO 639-1 codes the database accepts for `content_language` (184).
 *
 * @example
 * ```ts
 * STATEMENT_LANGUAGES.includes("UR"); // true
 * ```
 */
export const STATEMENT_LANGUAGES: readonly string[] = Object.freeze([
  "AA",
  "AB",
  "AE",
  "AF",
  "AK",
  "AM",
  "AN",
  "AR",
  "AS",
  "AV",
  "AY",
  "AZ",
  "BA",
  "BE",
  "BG",
  "BH",
  "BI",
  "BM",
  "BN",
  "BO",
  "BR",
  "BS",
  "CA",
  "CE",
  "CH",
  "CO",
  "CR",
  "CS",
  "CU",
  "CV",
  "CY",
  "DA",
  "DE",
  "DV",
  "DZ",
  "EE",
  "EL",
  "EN",
  "EO",
  "ES",
  "ET",
  "EU",
  "FA",
  "FF",
  "FI",
  "FJ",
  "FO",
  "FR",
  "FY",
  "GA",
  "GD",
  "GL",
  "GN",
  "GU",
  "GV",
  "HA",
  "HE",
  "HI",
  "HO",
  "HR",
  "HT",
  "HU",
  "HY",
  "HZ",
  "IA",
  "ID",
  "IE",
  "IG",
  "II",
  "IK",
  "IO",
  "IS",
  "IT",
  "IU",
  "JA",
  "JV",
  "KA",
  "KG",
  "KI",
  "KJ",
  "KK",
  "KL",
  "KM",
  "KN",
  "KO",
  "KR",
  "KS",
  "KU",
  "KV",
  "KW",
  "KY",
  "LA",
  "LB",
  "LG",
  "LI",
  "LN",
  "LO",
  "LT",
  "LU",
  "LV",
  "MG",
  "MH",
  "MI",
  "MK",
  "ML",
  "MN",
  "MR",
  "MS",
  "MT",
  "MY",
  "NA",
  "NB",
  "ND",
  "NE",
  "NG",
  "NL",
  "NN",
  "NO",
  "NR",
  "NV",
  "NY",
  "OC",
  "OJ",
  "OM",
  "OR",
  "OS",
  "PA",
  "PI",
  "PL",
  "PS",
  "PT",
  "QU",
  "RM",
  "RN",
  "RO",
  "RU",
  "RW",
  "SA",
  "SC",
  "SD",
  "SE",
  "SG",
  "SI",
  "SK",
  "SL",
  "SM",
  "SN",
  "SO",
  "SQ",
  "SR",
  "SS",
  "ST",
  "SU",
  "SV",
  "SW",
  "TA",
  "TE",
  "TG",
  "TH",
  "TI",
  "TK",
  "TL",
  "TN",
  "TO",
  "TR",
  "TS",
  "TT",
  "TW",
  "TY",
  "UG",
  "UK",
  "UR",
  "UZ",
  "VE",
  "VI",
  "VO",
  "WA",
  "WO",
  "XH",
  "YI",
  "YO",
  "ZA",
  "ZH",
  "ZU",
]);

/**
 * Member states and EEA countries `territorial_scope` takes (ISO 3166-1 alpha-2; Greece is `GR`, not `EL`).
 *
 * @example
 * ```ts
 * STATEMENT_TERRITORIES.includes("EL"); // false
 * ```
 */
export const STATEMENT_TERRITORIES: readonly string[] = Object.freeze([
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IS",
  "IT",
  "LI",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "NO",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
]);

/**
 * The EU-27: {@link STATEMENT_TERRITORIES} without Iceland, Liechtenstein and Norway.
 *
 * @example
 * ```ts
 * EU_MEMBER_STATES.length; // 27
 * ```
 */
export const EU_MEMBER_STATES: readonly string[] = Object.freeze(
  STATEMENT_TERRITORIES.filter((code) => !["IS", "LI", "NO"].includes(code)),
);

/**
 * The DSA Transparency Database's vocabulary for statements of reasons, by the field that takes it: for
 * each coded field, its codes with their labels (`decision_ground.DECISION_GROUND_ILLEGAL_CONTENT` is
 * "Illegal Content"); for `content_language` and `territorial_scope`, the accepted codes. What the schemas
 * check statements against, for forms and for reading codes back as words.
 *
 * @example
 * ```ts
 * import { DSA_STATEMENT_VOCABULARY } from "referral-kit/reconcile";
 *
 * DSA_STATEMENT_VOCABULARY.category.STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH; // "Illegal or harmful speech"
 * Object.keys(DSA_STATEMENT_VOCABULARY.category_specification).length; // 69
 * DSA_STATEMENT_VOCABULARY.territorial_scope.includes("EL"); // false (Greece is "GR")
 * ```
 */
export const DSA_STATEMENT_VOCABULARY = Object.freeze({
  decision_visibility: DECISION_VISIBILITIES,
  decision_monetary: DECISION_MONETARIES,
  decision_provision: DECISION_PROVISIONS,
  decision_account: DECISION_ACCOUNTS,
  account_type: ACCOUNT_TYPES,
  decision_ground: DECISION_GROUNDS,
  content_type: CONTENT_TYPES,
  category: STATEMENT_CATEGORIES,
  category_specification: STATEMENT_KEYWORDS,
  source_type: SOURCE_TYPES,
  automated_decision: AUTOMATED_DECISIONS,
  content_language: STATEMENT_LANGUAGES,
  territorial_scope: STATEMENT_TERRITORIES,
} as const);
