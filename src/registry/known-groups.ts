/*
 * Built-in dataset of proscribed groups.
 *
 * NOT LEGAL ADVICE. This is a convenience starting point for tooling, not an authoritative list. Lists
 * change; before relying on a designation (in a request's legal basis, say), check the authority's current
 * official list.
 *
 * How it was researched (2026-11-23): from the excerpts of official lists in the project's fixtures (the
 * UN Security Council Consolidated List XML generated 2025-11-20, and the OFAC SDN CSV of about April 2021),
 * and from a stored corpus of public web pages searched by keyword: State Department press statements and
 * FTO list page, the UN narrative summary for ISIL-K, UK Hansard and legislation.gov.uk, the NACTA page,
 * and Pakistani and international press reports of Ministry of Interior notifications. Live official
 * sites were not fetched, so no source carries `retrievedOn`. Where only a press report gives a date, the
 * report is listed as a second source next to the official list and a note says so. Where sources
 * disagree or no source gives a date, `listedOn` is `null` and a note explains why. Reference numbers are
 * the UN's (`QDe.…`) and, for US designations, the OFAC SDN entry number (`ent_num`) that carries the
 * program; the UK and Pakistan publish none.
 *
 * Names in Urdu or Arabic script are included only where a source showed them.
 */
import type { ProscribedGroup, Source } from "../domain/schemas/designation.js";
import { deepFreeze } from "./freeze.js";

// Official sources shared by several entries.
const UN_CONSOLIDATED_LIST: Source = {
  url: "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
  title: "United Nations Security Council Consolidated List (XML)",
  publisher: "United Nations Security Council",
};
const OFAC_SDN_CSV: Source = {
  url: "https://www.treasury.gov/ofac/downloads/sdn.csv",
  title: "Specially Designated Nationals and Blocked Persons List (CSV)",
  publisher: "US Department of the Treasury, Office of Foreign Assets Control",
};
const STATE_FTO_LIST: Source = {
  url: "https://www.state.gov/foreign-terrorist-organizations/",
  title: "Foreign Terrorist Organizations",
  publisher: "US Department of State, Bureau of Counterterrorism",
};
const UK_PROSCRIBED_LIST: Source = {
  url: "https://www.gov.uk/government/publications/proscribed-terror-groups-or-organisations--2",
  title: "Proscribed terrorist groups or organisations",
  publisher: "UK Home Office",
};
const NACTA_PROSCRIBED_LIST: Source = {
  url: "https://nacta.gov.pk/proscribed-organizations/",
  title: "Proscribed Organizations",
  publisher: "National Counter Terrorism Authority, Pakistan",
};
// Secondary: press reports of the Ministry of Interior's list with proscription dates.
const DAWN_BANNED_LIST_2012: Source = {
  url: "https://www.dawn.com/news/748273/45-organisations-banned-in-11-years",
  title: "45 organisations banned in 11 years (secondary source: press report of the official list)",
  publisher: "Dawn",
};
const DAILY_TIMES_BANNED_LIST_2020: Source = {
  url: "https://dailytimes.com.pk/611186/sindh-separatist-outfits-including-jsqm-a-banned/",
  title: "Sindh separatist outfits including JSQM-A banned (secondary source: press report)",
  publisher: "Daily Times",
};

const UN_FIXTURE_NOTE =
  "Checked against the consolidated list XML as generated 2025-11-20 (an excerpt kept as a test fixture), not the live file.";
const OFAC_REFERENCE_NOTE =
  "The reference is the OFAC SDN entry number (ent_num) carrying this program; seen in the SDN CSV of about April 2021.";
const PK_DATE_NOTE =
  "Date from the Ministry of Interior's list as reported by Dawn (2012) and Daily Times (2020), which agree; the NACTA PDF itself was not read.";

const groups: ProscribedGroup[] = [
  {
    id: "ttp",
    name: "Tehrik-e-Taliban Pakistan",
    aliases: [
      "TTP",
      "Tehrik-e Taliban Pakistan",
      "Tehrik-i-Taliban Pakistan",
      "Tehreek-e-Taliban Pakistan",
      "Tehreek-i-Taliban Pakistan",
      "Tehrik-e-Taliban",
      "Tehreek-e-Taliban",
      "Pakistani Taliban",
      "Fitna al-Khawarij",
      "تحریک طالبان پاکستان",
      "ٹی ٹی پی",
    ],
    description:
      "Pakistan- and Afghanistan-based umbrella militant group formed in 2007. Since 2024 Pakistan's Ministry of Interior refers to it as 'Fitna al-Khawarij' in official communications (reported by The Nation, 2024-08-01).",
    designations: [
      {
        authority: "un-1267",
        listedName: "TEHRIK-E TALIBAN PAKISTAN (TTP)",
        reference: "QDe.132",
        listedOn: "2011-07-29",
        status: "listed",
        sources: [UN_CONSOLIDATED_LIST],
        notes: [UN_FIXTURE_NOTE],
      },
      {
        authority: "us-fto",
        listedName: "Tehrik-e Taliban Pakistan (TTP)",
        reference: "12206",
        listedOn: "2010-09-01",
        status: "listed",
        sources: [
          {
            url: "https://2009-2017.state.gov/r/pa/prs/ps/2010/09/146545.htm",
            title: "Designations of Tehrik-e Taliban Pakistan and Two Senior Leaders",
            publisher: "US Department of State",
          },
          STATE_FTO_LIST,
          OFAC_SDN_CSV,
        ],
        notes: [OFAC_REFERENCE_NOTE],
      },
      {
        authority: "us-sdgt",
        listedName: "TEHRIK-E TALIBAN PAKISTAN (TTP)",
        reference: "12206",
        listedOn: "2010-09-01",
        status: "listed",
        sources: [
          {
            url: "https://2009-2017.state.gov/r/pa/prs/ps/2010/09/146545.htm",
            title: "Designations of Tehrik-e Taliban Pakistan and Two Senior Leaders",
            publisher: "US Department of State",
          },
          OFAC_SDN_CSV,
        ],
        notes: [
          "Designated under E.O. 13224 in the same action as the FTO designation.",
          OFAC_REFERENCE_NOTE,
        ],
      },
      {
        authority: "uk-proscribed",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [
          UK_PROSCRIBED_LIST,
          {
            url: "https://hansard.parliament.uk/Lords/2011-01-20/debates/11012045000634/TerrorismAct2000(ProscribedOrganisations)(Amendment)Order2011",
            title: "Terrorism Act 2000 (Proscribed Organisations) (Amendment) Order 2011, House of Lords",
            publisher: "UK Parliament (Hansard)",
          },
        ],
        notes: [
          "Added to Schedule 2 by the Terrorism Act 2000 (Proscribed Organisations) (Amendment) Order 2011; the House of Lords approved the draft order on 2011-01-20. The order's coming-into-force date was not verified, so listedOn is null.",
          "The exact name under which Schedule 2 lists the group was not verified.",
        ],
      },
      {
        authority: "pk-ata-first-schedule",
        listedName: "Tehreek-e-Taliban Pakistan",
        reference: null,
        listedOn: "2008-08-25",
        status: "listed",
        sources: [NACTA_PROSCRIBED_LIST, DAWN_BANNED_LIST_2012, DAILY_TIMES_BANNED_LIST_2020],
        notes: [PK_DATE_NOTE],
      },
    ],
  },
  {
    id: "bla",
    name: "Balochistan Liberation Army",
    aliases: [
      "BLA",
      "Baloch Liberation Army",
      "Baluchistan Liberation Army",
      "Fateh Squad",
      "Zephyr Intelligence Research and Analysis Bureau",
    ],
    description:
      "Armed Baloch separatist group active mainly in Pakistan's Balochistan province. Its Majeed Brigade is a separate entry ('majeed-brigade') with this group as parent. The US added 'Fateh Squad' and 'Zephyr Intelligence Research and Analysis Bureau' as aliases in August 2025 (reported from the Federal Register notices; not read in the Federal Register itself).",
    designations: [
      {
        authority: "us-sdgt",
        listedName: "BALOCHISTAN LIBERATION ARMY",
        reference: "26953",
        listedOn: "2019-07-02",
        status: "listed",
        sources: [OFAC_SDN_CSV],
        notes: [
          "Designated by the State Department under E.O. 13224 on 2019-07-02 (press release, read in republished copies); the 2021 SDN CSV lists the SDGT program only.",
          "On 2025-08-11 the State Department added 'The Majeed Brigade' as an alias to this designation.",
          OFAC_REFERENCE_NOTE,
        ],
      },
      {
        authority: "us-fto",
        listedName: "Balochistan Liberation Army (a.k.a. The Majeed Brigade)",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [STATE_FTO_LIST],
        notes: [
          "Announced by the State Department on 2025-08-11 ('Terrorist Designation of the Majeed Brigade'). An FTO designation takes effect on publication in the Federal Register; that date was not verified, so listedOn is null.",
          "The announcement was read in republished copies; the copy of the state.gov FTO list we read predates it.",
          "Whether OFAC added the FTO program to SDN entry 26953 was not verified, so no reference is given.",
        ],
      },
      {
        authority: "uk-proscribed",
        listedName: "Baluchistan Liberation Army",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [
          UK_PROSCRIBED_LIST,
          {
            url: "https://hansard.parliament.uk/Commons/2008-01-08/debates/08010864000109/Terrorism",
            title: "Terrorism (written answers), House of Commons, 8 January 2008",
            publisher: "UK Parliament (Hansard)",
          },
        ],
        notes: [
          "Proscribed in 2006 by the Terrorism Act 2000 (Proscribed Organisations) (Amendment) Order 2006, per Home Office answers in Hansard (2008-01-08, 2008-04-22); the exact date was not verified, so listedOn is null.",
        ],
      },
      {
        authority: "pk-ata-first-schedule",
        listedName: "Balochistan Liberation Army (BLA)",
        reference: null,
        listedOn: "2006-04-07",
        status: "listed",
        sources: [NACTA_PROSCRIBED_LIST, DAWN_BANNED_LIST_2012, DAILY_TIMES_BANNED_LIST_2020],
        notes: [PK_DATE_NOTE],
      },
    ],
  },
  {
    id: "majeed-brigade",
    name: "Majeed Brigade",
    aliases: ["The Majeed Brigade", "Majid Brigade", "Majeed Brigade Group", "مجید بریگیڈ"],
    parentId: "bla",
    description:
      "Suicide-attack unit of the Balochistan Liberation Army (parent 'bla'). The US treats it as an alias of the BLA; Pakistan lists it as an organisation of its own.",
    designations: [
      {
        authority: "us-fto",
        listedName: "Balochistan Liberation Army (a.k.a. The Majeed Brigade)",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [STATE_FTO_LIST],
        notes: [
          "Not a separate designation: the US designated the BLA 'and its alias, The Majeed Brigade' as an FTO (announced 2025-08-11). The same designation appears on 'bla'.",
          "Effective on publication in the Federal Register; that date was not verified, so listedOn is null.",
        ],
      },
      {
        authority: "us-sdgt",
        listedName: "BALOCHISTAN LIBERATION ARMY (alias: The Majeed Brigade)",
        reference: "26953",
        listedOn: null,
        status: "listed",
        sources: [OFAC_SDN_CSV],
        notes: [
          "Not a separate designation: on 2025-08-11 the State Department added 'The Majeed Brigade' as an alias to the BLA's 2019 SDGT designation (SDN entry 26953). The date the alias took effect was not verified, so listedOn is null.",
        ],
      },
      {
        authority: "pk-ata-first-schedule",
        listedName: "Majeed Brigade",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [
          NACTA_PROSCRIBED_LIST,
          {
            url: "https://www.nation.com.pk/01-Aug-2024/govt-proscribes-majeed-brigade-hafiz-gul-bahadur-group",
            title: "Govt proscribes Majeed Brigade, Hafiz Gul Bahadur Group (secondary source: press report)",
            publisher: "The Nation",
          },
        ],
        notes: [
          "Proscribed by Ministry of Interior notification in July 2024 (reported 2024-07-31 and 2024-08-01). Sources disagree on the day: PTI reads the NACTA list as 2024-07-18, another report gives 2024-07-19, so listedOn is null.",
        ],
      },
    ],
  },
  {
    id: "blf",
    name: "Balochistan Liberation Front",
    aliases: ["BLF", "Baloch Liberation Front", "Baluchistan Liberation Front"],
    description:
      "Baloch separatist armed group. Proscribed in Pakistan only, as far as this research found: no UN 1267, US (FTO, SDGT) or UK Schedule 2 listing of the BLF was found.",
    designations: [
      {
        authority: "pk-ata-first-schedule",
        listedName: "Balochistan Liberation Front",
        reference: null,
        listedOn: "2010-09-08",
        status: "listed",
        sources: [NACTA_PROSCRIBED_LIST, DAWN_BANNED_LIST_2012, DAILY_TIMES_BANNED_LIST_2020],
        notes: [PK_DATE_NOTE],
      },
    ],
  },
  {
    id: "isil",
    name: "Islamic State of Iraq and the Levant",
    aliases: [
      "ISIL",
      "ISIS",
      "Islamic State",
      "Islamic State of Iraq and Syria",
      "Islamic State of Iraq and al-Sham",
      "Daesh",
      "Da'esh",
      "Al-Qaida in Iraq",
      "AQI",
      "داعش",
      "القاعده في العراق",
    ],
    description:
      "Included as the parent of ISKP, so that listings naming ISIL as a whole (UK, Pakistan) are visible from ISKP as inherited designations rather than merged into it.",
    designations: [
      {
        authority: "un-1267",
        listedName: "AL-QAIDA IN IRAQ",
        reference: "QDe.115",
        listedOn: "2004-10-18",
        status: "listed",
        sources: [UN_CONSOLIDATED_LIST],
        notes: [
          "The UN lists ISIL under the name Al-Qaida in Iraq; its ISIL-K narrative summary refers to 'ISIL (listed as Al-Qaida in Iraq (QDe.115))'.",
          UN_FIXTURE_NOTE,
        ],
      },
      {
        authority: "us-fto",
        listedName: "Islamic State of Iraq and the Levant",
        reference: "8759",
        listedOn: "2004-12-17",
        status: "listed",
        sources: [
          STATE_FTO_LIST,
          {
            url: "https://www.federalregister.gov/d/2015-24893",
            title:
              "Amendment of the Designation of Islamic State of Iraq and the Levant as a Foreign Terrorist Organization (80 FR 58804)",
            publisher: "Federal Register",
          },
          OFAC_SDN_CSV,
        ],
        notes: [
          "The FTO list dates the designation 2004-12-17, made under an earlier name (OFAC keeps al-Qaida in Iraq and Jam'at al Tawhid wa'al-Jihad as aliases); it has been amended since, e.g. 80 FR 58804 (2015-09-30).",
          OFAC_REFERENCE_NOTE,
        ],
      },
      {
        authority: "us-sdgt",
        listedName: "ISLAMIC STATE OF IRAQ AND THE LEVANT",
        reference: "8759",
        listedOn: null,
        status: "listed",
        sources: [OFAC_SDN_CSV],
        notes: ["The date of the SDGT listing was not established.", OFAC_REFERENCE_NOTE],
      },
      {
        authority: "uk-proscribed",
        listedName:
          "Islamic State of Iraq and the Levant (Islamic State of Iraq and al-Sham) (Dawat al Islamiya fi Iraq wa al Sham (DAISh))",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [
          UK_PROSCRIBED_LIST,
          {
            url: "https://www.legislation.gov.uk/uksi/2014/1624/made",
            title: "The Terrorism Act 2000 (Proscribed Organisations) (Amendment) (No. 2) Order 2014",
            publisher: "legislation.gov.uk",
          },
        ],
        notes: [
          "Added by SI 2014/1624, in force the day after it was made; the made date (June 2014 per press reports) was not verified, so listedOn is null.",
        ],
      },
      {
        authority: "pk-ata-first-schedule",
        listedName: "Daesh / ISIL / IS / ISIS",
        reference: null,
        listedOn: null,
        status: "listed",
        sources: [
          NACTA_PROSCRIBED_LIST,
          {
            url: "https://tribune.com.pk/story/946859/banned-organisations-is-listed-among-proscribed-outfits/",
            title: "Islamic State listed among proscribed outfits (secondary source: press report)",
            publisher: "The Express Tribune",
          },
        ],
        notes: [
          "Sources disagree on the date: the Interior Minister's written reply to the Senate (as reported in 2015) gives 2015-07-15; The Express Tribune (2015-08-28) quotes an official saying it was added 'this month'. listedOn is null.",
        ],
      },
    ],
  },
  {
    id: "iskp",
    name: "Islamic State Khorasan Province",
    aliases: [
      "ISKP",
      "ISIS-K",
      "ISISK",
      "ISIL-K",
      "IS-K",
      "IS-Khorasan",
      "ISIL Khorasan",
      "Islamic State Khurasan",
      "Islamic State's Khorasan Province",
      "Islamic State in Iraq and the Levant - Khorasan",
      "Islamic State of Iraq and Levant in Khorasan Province",
      "The Islamic State of Iraq and ash-Sham—Khorasan Province",
      "The Islamic State of Iraq and Syria—Khorasan",
      "ISIS Wilayat Khorasan",
      "Wilayat Khorasan",
      "ISIL's South Asia Branch",
      "South Asian Chapter of ISIL",
      "ولاية خراسان",
      "داعش خراسان",
      "تنظيم الدولة الإسلامية - ولاية خراسان",
    ],
    parentId: "isil",
    description:
      "ISIL's branch in Afghanistan and Pakistan, announced 2015-01-10 (parent 'isil'). No UK or Pakistani listing naming ISKP itself was found: both list ISIL, which appears here only as an inherited designation.",
    designations: [
      {
        authority: "un-1267",
        listedName: "ISLAMIC STATE IN IRAQ AND THE LEVANT - KHORASAN (ISIL-K)",
        reference: "QDe.161",
        listedOn: "2019-05-14",
        status: "listed",
        sources: [
          UN_CONSOLIDATED_LIST,
          {
            url: "https://main.un.org/securitycouncil/en/content/islamic-state-iraq-and-levant-khorasan-isil-k",
            title:
              "Islamic State of Iraq and the Levant - Khorasan (ISIL-K): narrative summary of reasons for listing",
            publisher: "United Nations Security Council",
          },
        ],
        notes: [UN_FIXTURE_NOTE],
      },
      {
        authority: "us-fto",
        listedName: "Islamic State's Khorasan Province (ISIS-K)",
        reference: "18647",
        listedOn: "2016-01-14",
        status: "listed",
        sources: [STATE_FTO_LIST, OFAC_SDN_CSV],
        notes: [OFAC_REFERENCE_NOTE],
      },
      {
        authority: "us-sdgt",
        listedName: "ISIL KHORASAN",
        reference: "18647",
        listedOn: null,
        status: "listed",
        sources: [OFAC_SDN_CSV],
        notes: [
          "SDN entry 18647 carries both the FTO and SDGT programs; the date of the SDGT listing was not established.",
          OFAC_REFERENCE_NOTE,
        ],
      },
    ],
  },
];

/**
 * The built-in proscribed groups: TTP, BLA, the Majeed Brigade (child of BLA), BLF, ISIL and ISKP (child of
 * ISIL), with aliases in Latin and, where sourced, Urdu or Arabic script, and each designation (UN 1267,
 * US FTO, US SDGT, UK Schedule 2, Pakistan ATA First Schedule) with its date, reference and official
 * source. Unknown or disputed dates are `null` with a note. Deeply frozen.
 *
 * Not legal advice: check the authority's current list before relying on an entry. Pass it to
 * {@link createRegistry}, on its own or with your own groups.
 *
 * @example
 * ```ts
 * import { createRegistry, knownGroups } from "referral-kit/registry";
 *
 * const registry = createRegistry(knownGroups);
 * registry.designations("blf").map((designation) => designation.authority); // ["pk-ata-first-schedule"]
 * ```
 */
export const knownGroups: readonly ProscribedGroup[] = /* @__PURE__ */ deepFreeze(groups);
