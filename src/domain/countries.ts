/**
 * The officially assigned ISO 3166-1 alpha-2 country codes (249), as the ISO 3166 Maintenance Agency
 * lists them. User-assigned codes (`XK` for Kosovo, `EU`, `UN`, `ZZ`) and exceptionally or transitionally
 * reserved ones (`AC`, `EA`, `UK`, ...) are not country codes here: a platform that withholds "in XK"
 * must be recorded by the agency as it sees fit, not silently accepted. A test checks every code against
 * the CLDR region names that Node's ICU carries. Kept as data rather than a dependency: the packages that
 * carry the list (`i18n-iso-countries`, `countries-list`) also carry names in many languages that the
 * domain does not use.
 */
const CODES =
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW " +
  "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI " +
  "FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN " +
  "IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
  "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF " +
  "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
  "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE " +
  "YT ZA ZM ZW";

/**
 * Every officially assigned ISO 3166-1 alpha-2 code, upper case, in alphabetical order.
 *
 * @example
 * ```ts
 * COUNTRY_CODES.length; // 249
 * ```
 */
export const COUNTRY_CODES: readonly string[] = Object.freeze(CODES.split(" "));

const known = new Set(COUNTRY_CODES);

/**
 * True when `code` is an officially assigned ISO 3166-1 alpha-2 code, upper case (`PK`, not `pk`).
 *
 * @example
 * ```ts
 * isCountryCode("PK"); // true
 * isCountryCode("XK"); // false: user-assigned, not ISO 3166
 * ```
 */
export function isCountryCode(code: string): boolean {
  return known.has(code);
}
