import { z } from 'zod';

export const AGENCY_KINDS = ['un_agency', 'government', 'civil_society'] as const;
export const AgencyKind = z.enum(AGENCY_KINDS).meta({ id: 'AgencyKind' });
export type AgencyKind = z.infer<typeof AgencyKind>;

/** The closed list of services an agency may offer and a referral may ask for. */
export const SERVICE_CODES = [
  'shelter',
  'medical_care',
  'resettlement_medical_exam',
  'psychosocial_support',
  'legal_aid',
  'family_tracing',
  'best_interests_determination',
  'child_protection_case_management',
  'avrr_travel',
  'reintegration_economic',
  'reintegration_social',
  'reintegration_psychosocial',
  'documentation',
  'prosecution_support',
] as const;
export const ServiceCode = z.enum(SERVICE_CODES).meta({ id: 'ServiceCode' });
export type ServiceCode = z.infer<typeof ServiceCode>;

/** Provinces of Mozambique by their ISO 3166-2 codes. */
export const PROVINCES = {
  'MZ-A': 'Niassa',
  'MZ-B': 'Manica',
  'MZ-G': 'Gaza',
  'MZ-I': 'Inhambane',
  'MZ-L': 'Maputo',
  'MZ-MPM': 'Maputo (city)',
  'MZ-N': 'Nampula',
  'MZ-P': 'Cabo Delgado',
  'MZ-Q': 'Zambézia',
  'MZ-S': 'Sofala',
  'MZ-T': 'Tete',
} as const;
export type ProvinceCode = keyof typeof PROVINCES;

/**
 * ISO 3166-1 countries, each alpha-3 code (what records carry) followed by its alpha-2 code (what
 * `Intl.DisplayNames` names), plus Kosovo's user-assigned XKX/XK.
 */
const COUNTRY_TABLE = [
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT',
  'AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO',
  'BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG',
  'COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO',
  'DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB',
  'GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY',
  'HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT',
  'JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY',
  'LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH',
  'MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA',
  'NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE',
  'PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA',
  'SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR',
  'SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO',
  'TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG',
  'VIRVI VNMVN VUTVU WLFWF WSMWS XKKXK YEMYE ZAFZA ZMBZM ZWEZW',
].join(' ');
/** The alpha-2 code of each alpha-3 country code. */
export const COUNTRY_ALPHA2: ReadonlyMap<string, string> = new Map(COUNTRY_TABLE.split(' ').map((pair) => [pair.slice(0, 3), pair.slice(3)]));

export const PROVINCE_CODES = Object.keys(PROVINCES) as [ProvinceCode, ...ProvinceCode[]];
export const ProvinceCode = z.enum(PROVINCE_CODES).meta({ id: 'ProvinceCode', description: 'ISO 3166-2:MZ' });

/** Categories personal data is grouped in; the last three are special categories. */
export const DATA_CATEGORIES = ['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal'] as const;
export const SPECIAL_CATEGORIES = ['protection', 'health', 'legal'] as const;
export const DataCategory = z.enum(DATA_CATEGORIES).meta({ id: 'DataCategory' });
export type DataCategory = z.infer<typeof DataCategory>;

/** Purposes for which personal data may flow between agencies. */
export const PURPOSES = [
  'protection_assistance',
  'medical_care',
  'psychosocial_support',
  'legal_assistance',
  'family_tracing_reunification',
  'best_interests_procedure',
  'return_reintegration',
  'resettlement_processing',
  'criminal_investigation_prosecution',
  'documentation_status',
] as const;
export const Purpose = z.enum(PURPOSES).meta({ id: 'Purpose' });
export type Purpose = z.infer<typeof Purpose>;

export const USER_ROLES = [
  'caseworker',
  'supervisor',
  'intake_focal_point',
  'privacy_officer',
  'agency_admin',
  /** May record a best-interests determination as the basis for a child's data to be processed. */
  'child_protection_officer',
] as const;
export const UserRole = z.enum(USER_ROLES).meta({ id: 'UserRole' });
export type UserRole = z.infer<typeof UserRole>;

export const LEGAL_BASES = ['consent', 'vital_interests', 'legal_obligation', 'public_task'] as const;
export const LegalBasis = z.enum(LEGAL_BASES).meta({ id: 'LegalBasis' });
export type LegalBasis = z.infer<typeof LegalBasis>;

/** How a completed referral ended, with its English and Portuguese labels; a closed list. */
export const COMPLETION_OUTCOMES = {
  service_provided: { en: 'Service provided', pt: 'Serviço prestado' },
  partly_provided: { en: 'Service partly provided', pt: 'Serviço prestado em parte' },
  not_provided_person_unreachable: { en: 'Not provided: the person could not be reached', pt: 'Não prestado: a pessoa não foi contactável' },
  not_provided_person_declined: { en: 'Not provided: the person declined the service', pt: 'Não prestado: a pessoa recusou o serviço' },
  not_provided_no_capacity: { en: 'Not provided: no capacity', pt: 'Não prestado: sem capacidade' },
  not_provided_other: { en: 'Not provided: another reason (explained in the text)', pt: 'Não prestado: outro motivo (explicado no texto)' },
} as const satisfies Record<string, { en: string; pt: string }>;
export type OutcomeCode = keyof typeof COMPLETION_OUTCOMES;
export const OUTCOME_CODES = Object.keys(COMPLETION_OUTCOMES) as [OutcomeCode, ...OutcomeCode[]];
/** A closed bilingual list as a schema: its codes, described for integrators each with its English and Portuguese label. */
const closedList = <C extends string>(id: string, intro: string, codes: [C, ...C[]], labels: Record<C, { en: string; pt: string }>) =>
  z.enum(codes).meta({ id, description: `${intro}: ${codes.map((code) => `\`${code}\` (${labels[code].en} / ${labels[code].pt})`).join('; ')}` });
export const OutcomeCode = closedList('OutcomeCode', 'How the referral ended, from a closed list', OUTCOME_CODES, COMPLETION_OUTCOMES);

/** Why a receiving agency declined a referral, with its English and Portuguese labels; a closed list. */
export const DECLINE_REASONS = {
  no_capacity: { en: 'No capacity', pt: 'Sem capacidade' },
  outside_mandate: { en: 'Outside our mandate', pt: 'Fora do nosso mandato' },
  person_unreachable: { en: 'The person could not be reached', pt: 'A pessoa não foi contactável' },
  duplicate_referral: { en: 'Duplicate referral', pt: 'Encaminhamento duplicado' },
  consent_insufficient: { en: 'Consent does not cover it', pt: 'O consentimento não o abrange' },
  other: { en: 'Another reason (explained in the text)', pt: 'Outro motivo (explicado no texto)' },
} as const satisfies Record<string, { en: string; pt: string }>;
export type DeclineReasonCode = keyof typeof DECLINE_REASONS;
export const DECLINE_REASON_CODES = Object.keys(DECLINE_REASONS) as [DeclineReasonCode, ...DeclineReasonCode[]];
export const DeclineReasonCode = closedList('DeclineReasonCode', 'Why the referral was declined, from a closed list', DECLINE_REASON_CODES, DECLINE_REASONS);

/** The codes whose free text is required: the code alone says nothing. */
export const CODES_NEEDING_TEXT: ReadonlySet<string> = new Set<string>(['not_provided_other', 'other']);
