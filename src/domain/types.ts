// Fixed vocabularies of the programme (from the 2016 annual report). Plain data, no Slack or
// database imports: views, rules, statistics and the database layer all read from here.

export const REQUEST_TYPES = ["inquiry", "admission", "rest", "integration", "measure"] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Labels as the programme's own tables name them (Tabell 1). */
export const REQUEST_TYPE_LABEL: Record<RequestType, { sv: string; en: string }> = {
  inquiry: { sv: "Förfrågan gällande specifik individ", en: "Inquiry about an individual" },
  admission: { sv: "Ansökan om tillträde", en: "Application for admission" },
  rest: { sv: "Max 30 dagars vila", en: "Rest period (max 30 days)" },
  integration: { sv: "Max 90 dagars integration", en: "Integration period (max 90 days)" },
  measure: { sv: "Insats", en: "Support measure" },
};

/** The word a user may type after `/nsp ansök` to preselect a type. */
export const REQUEST_TYPE_WORD: Record<string, RequestType> = {
  förfrågan: "inquiry",
  forfragan: "inquiry",
  tillträde: "admission",
  tilltrade: "admission",
  vila: "rest",
  integration: "integration",
  insats: "measure",
};

export const REQUEST_STATUSES = ["received", "under_review", "granted", "partly_granted", "denied", "withdrawn"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const OPEN_STATUSES: readonly RequestStatus[] = ["received", "under_review"];
/** A request still waiting for a decision (received or under review). */
export function isOpenStatus(s: RequestStatus): boolean { return (OPEN_STATUSES as readonly string[]).includes(s); }

export const REQUEST_STATUS_LABEL: Record<RequestStatus, { sv: string; en: string }> = {
  received: { sv: "Inkommen", en: "Received" },
  under_review: { sv: "Under behandling", en: "Under review" },
  granted: { sv: "Beviljad", en: "Granted" },
  partly_granted: { sv: "Delvis beviljad", en: "Partly granted" },
  denied: { sv: "Avslagen", en: "Denied" },
  withdrawn: { sv: "Återkallad", en: "Withdrawn" },
};

/** How a case ended (issue #12), in the order the closing modal offers them. */
export const CASE_OUTCOMES = ["residence_permit", "returned", "own_support", "moved", "discontinued", "other"] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTCOME_LABEL: Record<CaseOutcome, string> = {
  residence_permit: "Uppehållstillstånd/TUT",
  returned: "Återvändande",
  own_support: "Egen försörjning",
  moved: "Flyttat till annan verksamhet",
  discontinued: "Avbrutet",
  other: "Annat",
};

export const DECISION_KINDS = ["grant", "partial", "deny", "info"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_LABEL: Record<DecisionKind, { sv: string; en: string }> = {
  grant: { sv: "Bevilja", en: "Grant" },
  partial: { sv: "Bevilja delvis", en: "Partly grant" },
  deny: { sv: "Avslå", en: "Deny" },
  info: { sv: "Begär komplettering", en: "Ask for more information" },
};

/** What a request asks for, as stored (amounts in whole kronor); shared by its write and read models. */
export interface RequestedFields {
  days: number | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unitAmount: number | null;
  requestedAmount: number;
}

/** What a decision granted (null until granted or partly granted). */
export interface GrantedFields {
  grantedDays: number | null;
  grantedAmount: number | null;
  /** Co-funding (issue #13): another payer's contribution that lowered a rest or integration grant. */
  coFundingPayer?: string | null;
  coFundingAmount?: number | null;
}

export const ROLES = ["applicant", "coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const MEASURE_KINDS = [
  "therapy",
  "travel",
  "passport",
  "medical_certificate",
  "legal_counsel",
  "tattoo",
  "other",
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** `unit` is what the quantity counts; a measure without a natural unit has quantity 1. */
export const MEASURE_LABEL: Record<MeasureKind, { sv: string; unit: string | null }> = {
  therapy: { sv: "Terapi", unit: "tillfällen" },
  travel: { sv: "Resa", unit: "resor" },
  passport: { sv: "Passansökan", unit: null },
  medical_certificate: { sv: "Medicinskt utlåtande", unit: null },
  legal_counsel: { sv: "Juridiskt biträde", unit: "timmar" },
  tattoo: { sv: "Tatueringsborttagning/-rekonstruktion", unit: "tillfällen" },
  other: { sv: "Annan insats", unit: "st" },
};

export const GENDERS = ["woman", "man", "other"] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABEL: Record<Gender, string> = { woman: "Kvinna", man: "Man", other: "Annat" };

export const AGE_BANDS = ["under18", "18-25", "26-30", "31-35", "36-45", "46+"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABEL: Record<AgeBand, string> = {
  under18: "Under 18",
  "18-25": "18–25",
  "26-30": "26–30",
  "31-35": "31–35",
  "36-45": "36–45",
  "46+": "46+",
};

export const EXPLOITATION_TYPES = ["sexual", "labour", "criminality", "begging", "other"] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];
export const EXPLOITATION_LABEL: Record<ExploitationType, string> = {
  sexual: "Sexuell",
  labour: "Arbetskraft",
  criminality: "Tvångskriminalitet",
  begging: "Tiggeri",
  other: "Annan",
};

/**
 * Countries offered in the nationality and "exploited in" selects (ISO 3166-1 alpha-2 → Swedish
 * name). A fixed list keeps statistics comparable; "XX" (Annat land) catches the rest. Kept under
 * Slack's 100-option limit for a static select.
 */
export const COUNTRIES: Record<string, string> = {
  SE: "Sverige",
  NG: "Nigeria",
  RO: "Rumänien",
  BG: "Bulgarien",
  GN: "Guinea",
  IT: "Italien",
  FR: "Frankrike",
  ES: "Spanien",
  DE: "Tyskland",
  PL: "Polen",
  HU: "Ungern",
  LT: "Litauen",
  LV: "Lettland",
  EE: "Estland",
  SK: "Slovakien",
  CZ: "Tjeckien",
  GR: "Grekland",
  NL: "Nederländerna",
  BE: "Belgien",
  DK: "Danmark",
  NO: "Norge",
  FI: "Finland",
  GB: "Storbritannien",
  UA: "Ukraina",
  RU: "Ryssland",
  BY: "Belarus",
  MD: "Moldavien",
  AL: "Albanien",
  RS: "Serbien",
  BA: "Bosnien och Hercegovina",
  XK: "Kosovo",
  TR: "Turkiet",
  GH: "Ghana",
  CM: "Kamerun",
  SL: "Sierra Leone",
  LR: "Liberia",
  CI: "Elfenbenskusten",
  SN: "Senegal",
  GM: "Gambia",
  ML: "Mali",
  ER: "Eritrea",
  ET: "Etiopien",
  SO: "Somalia",
  SD: "Sudan",
  UG: "Uganda",
  KE: "Kenya",
  CD: "Kongo-Kinshasa",
  MA: "Marocko",
  DZ: "Algeriet",
  TN: "Tunisien",
  LY: "Libyen",
  EG: "Egypten",
  SY: "Syrien",
  IQ: "Irak",
  IR: "Iran",
  AF: "Afghanistan",
  PK: "Pakistan",
  IN: "Indien",
  BD: "Bangladesh",
  LK: "Sri Lanka",
  NP: "Nepal",
  CN: "Kina",
  VN: "Vietnam",
  TH: "Thailand",
  PH: "Filippinerna",
  MN: "Mongoliet",
  BR: "Brasilien",
  CO: "Colombia",
  DO: "Dominikanska republiken",
  XX: "Annat land",
};

/** The anonymised background of a case, each value from the lists above. */
export interface CaseBackground {
  nationality: string;
  gender: string;
  ageBand: string;
  childrenAccompanying: number;
  childrenHome: number;
  exploitation: string[];
  exploitedIn: string[];
  policeReport: boolean;
}
