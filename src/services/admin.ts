// Operator tasks behind `npm run admin -- …` (commands/admin.ts): organisations, members and the
// budget period's rates. Plain functions over `Db` that return data, so tests call them directly
// and the CLI stays a thin shell (its text output is in commands/present.ts). Only Slack user ids
// are stored, never a person's name.
// A mistake the operator can fix is an AdminError (Swedish message, English in parentheses); the
// CLI prints its message and exits with code 1.
import type { Rates } from "../domain/rates.js";
import { formatDate, isoDay, parseIsoDate } from "../domain/format.js";
import { Prisma, type BudgetPeriod, type Db } from "../core/db.js";
import { ROLES, type Role } from "../domain/types.js";
import { periodForDate, ratesOf } from "./periods.js";
import { personalDataError, type PiiKind } from "../domain/pii.js";
import { closestName } from "../domain/suggest.js";

export class AdminError extends Error {
  override readonly name = "AdminError";
}

/** A Slack user id: U… or W… (Enterprise Grid), capitals and digits. */
export const SLACK_USER_ID_RE = /^[UW][A-Z0-9]{2,}$/;

/** Refuses personal data in a free-text field an operator typed (it is stored and shown in Slack,
 * reports or the calendar feed): an AdminError that names the field. `only` narrows the kinds. */
export function checkFreeText(field: string, text: string, only?: readonly PiiKind[]): void {
  const pii = personalDataError(text, only);
  if (pii) throw new AdminError(`${field}: ${pii}`);
}

// An organisation's name may be a person's or a street's ("Stiftelsen Storgatan 12"), but never
// carries an identity number, a phone number or an e-mail address.
const ORG_NAME_PII: readonly PiiKind[] = ["personnummer", "samordningsnummer", "phone", "email"];

// ---------------------------------------------------------------------------------------------
// Dates (what the CLI prints is in commands/present.ts)

/** "YYYY-MM-DD" → UTC midnight, or an AdminError when it is not a real calendar date. */
export function parseDateArg(value: string): Date {
  const date = parseIsoDate(value.trim());
  if (!date) {
    throw new AdminError(`Ogiltigt datum "${value}": skriv det som ÅÅÅÅ-MM-DD, t.ex. 2016-09-01 (invalid date, expected YYYY-MM-DD).`);
  }
  return date;
}


// ---------------------------------------------------------------------------------------------
// Organisations

export interface OrganisationSummary {
  name: string;
  certified: boolean;
  /** The last certified day "YYYY-MM-DD" (issue #14); absent when the certification has no end date. */
  certifiedUntil?: string;
  members: number;
}

function summary(o: { name: string; certified: boolean; certifiedUntil: Date | null }, members: number): OrganisationSummary {
  return { name: o.name, certified: o.certified, ...(o.certifiedUntil ? { certifiedUntil: isoDay(o.certifiedUntil) } : {}), members };
}

function cleanOrgName(name: string): string {
  const cleaned = name.trim().replace(/\s+/g, " ");
  if (cleaned === "") throw new AdminError("Organisationens namn saknas (organisation name is empty).");
  if (cleaned.length > 200) throw new AdminError("Organisationens namn är för långt, högst 200 tecken (name too long).");
  return cleaned;
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** The organisation with this name (exact match first, else the only case-insensitive match). */
async function findOrganisation(db: Db, name: string) {
  const exact = await db.organisation.findUnique({ where: { name } });
  if (exact) return exact;
  const matches = await db.organisation.findMany({ where: { name: { equals: name, mode: "insensitive" } }, take: 2 });
  return matches.length === 1 ? (matches[0] ?? null) : null;
}

/** The organisation an operator named, or an AdminError in Swedish that suggests the closest
 * existing name ("Menade du …?", issue #15; src/domain/suggest.ts). Every CLI lookup of an
 * organisation by name goes through here (`org certify`, `member add/list --org`, `case move --to`);
 * `option` names the option in the message ("--to: organisationen … finns inte"). */
export async function requireOrganisation(db: Db, rawName: string, option?: string) {
  const name = cleanOrgName(rawName);
  const org = await findOrganisation(db, name);
  if (!org) {
    const names = (await db.organisation.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((o) => o.name);
    const closest = closestName(name, names);
    const hint = closest ? ` Menade du "${closest}"?` : "";
    throw new AdminError(
      option
        ? `${option}: organisationen "${name}" finns inte.${hint} Se "npm run admin -- org list".`
        : `Organisationen "${name}" finns inte.${hint} Se "npm run admin -- org list" eller lägg till den med "npm run admin -- org add \\"${name}\\"".`,
    );
  }
  return org;
}

/**
 * `certifiedUntil` ("YYYY-MM-DD", the last day its members may apply) implies `certified`.
 */
export async function addOrganisation(db: Db, rawName: string, opts: { certified?: boolean; certifiedUntil?: string } = {}): Promise<OrganisationSummary> {
  const until = opts.certifiedUntil === undefined ? null : parseDateArg(opts.certifiedUntil);
  const name = cleanOrgName(rawName);
  checkFreeText("Organisationens namn", name, ORG_NAME_PII);
  const existing = await findOrganisation(db, name);
  const exists = () =>
    new AdminError(`Organisationen "${existing?.name ?? name}" finns redan (organisation already exists).`);
  if (existing) throw exists();
  try {
    const org = await db.organisation.create({ data: { name, certified: (opts.certified ?? false) || until !== null, certifiedUntil: until } });
    return summary(org, 0);
  } catch (err) {
    if (isUniqueViolation(err)) throw exists();
    throw err;
  }
}

export async function listOrganisations(db: Db): Promise<OrganisationSummary[]> {
  const orgs = await db.organisation.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { members: true } } },
  });
  return orgs.map((o) => summary(o, o._count.members));
}

/**
 * Sets the certified flag and its end date (issue #14): `certifiedUntil` ("YYYY-MM-DD", the last day
 * its members may apply) only with `certified`; certifying without it means no end date, and
 * uncertifying clears it. `changed` is false when both already had those values.
 */
export async function setOrganisationCertified(
  db: Db,
  rawName: string,
  certified: boolean,
  opts: { certifiedUntil?: string } = {},
): Promise<{ organisation: OrganisationSummary; changed: boolean }> {
  if (!certified && opts.certifiedUntil !== undefined) throw new AdminError("--certified-until hör till certify, inte uncertify (an end date needs a certification).");
  const until = opts.certifiedUntil === undefined ? null : parseDateArg(opts.certifiedUntil);
  const org = await requireOrganisation(db, rawName);
  const same = org.certified === certified && (org.certifiedUntil?.getTime() ?? null) === (until?.getTime() ?? null);
  const updated = same ? org : await db.organisation.update({ where: { id: org.id }, data: { certified, certifiedUntil: until } });
  const members = await db.member.count({ where: { orgId: org.id } });
  return { organisation: summary(updated, members), changed: !same };
}

// ---------------------------------------------------------------------------------------------
// Members

export interface MemberSummary {
  slackUserId: string;
  org: string;
  role: Role;
}

export interface AddMemberResult {
  member: MemberSummary;
  /** created: new id; updated: org and/or role changed; unchanged: already exactly so. */
  action: "created" | "updated" | "unchanged";
  previous: MemberSummary | null;
}

export function checkSlackUserId(raw: string): string {
  const id = raw.trim();
  if (!SLACK_USER_ID_RE.test(id)) {
    throw new AdminError(
      `Ogiltigt Slack-användar-id "${raw}" (invalid Slack user id): det börjar med U eller W följt av versaler och siffror, t.ex. U0123ABCD. ` +
        `Du hittar det i personens Slack-profil → ⋮ → "Kopiera medlems-ID".`,
    );
  }
  return id;
}

export function checkRole(raw: string): Role {
  const role = ROLES.find((r) => r === raw);
  if (!role) throw new AdminError(`Ogiltig roll "${raw}": välj ${ROLES.join(", ")} (invalid role).`);
  return role;
}

export async function addMember(
  db: Db,
  input: { slackUserId: string; org: string; role: string },
): Promise<AddMemberResult> {
  const slackUserId = checkSlackUserId(input.slackUserId);
  const role = checkRole(input.role);
  const org = await requireOrganisation(db, input.org);
  const before = await db.member.findUnique({ where: { slackUserId }, include: { org: true } });
  const previous = before ? { slackUserId, org: before.org.name, role: before.role } : null;
  const member = { slackUserId, org: org.name, role };
  if (before && before.orgId === org.id && before.role === role) return { member, action: "unchanged", previous };
  await db.member.upsert({
    where: { slackUserId },
    create: { slackUserId, orgId: org.id, role },
    update: { orgId: org.id, role },
  });
  return { member, action: before ? "updated" : "created", previous };
}

export async function listMembers(db: Db, opts: { org?: string } = {}): Promise<MemberSummary[]> {
  const orgId = opts.org === undefined ? undefined : (await requireOrganisation(db, opts.org)).id;
  const members = await db.member.findMany({
    where: orgId === undefined ? {} : { orgId },
    include: { org: true },
    orderBy: [{ org: { name: "asc" } }, { role: "asc" }, { slackUserId: "asc" }],
  });
  return members.map((m) => ({ slackUserId: m.slackUserId, org: m.org.name, role: m.role }));
}

export async function removeMember(db: Db, rawId: string): Promise<MemberSummary> {
  const slackUserId = checkSlackUserId(rawId);
  const member = await db.member.findUnique({ where: { slackUserId }, include: { org: true } });
  if (!member) throw new AdminError(`Det finns ingen medlem med Slack-id ${slackUserId} (member not found).`);
  await db.member.delete({ where: { id: member.id } });
  return { slackUserId, org: member.org.name, role: member.role };
}

// ---------------------------------------------------------------------------------------------
// Rates

export interface PeriodRates extends Rates {
  overheadPercent: number;
}

export interface RatesReport {
  /** The date asked about (YYYY-MM-DD). */
  date: string;
  /** containing: the period contains the date; latest_before: none does, the latest earlier one;
   *  earliest_after: every period starts after the date, the first one. */
  match: "containing" | "latest_before" | "earliest_after";
  /** Why another period than the date's is shown (null when it contains the date). */
  note: string | null;
  period: { name: string; from: string; to: string; rates: PeriodRates };
}

function periodRates(p: BudgetPeriod): PeriodRates {
  return { ...ratesOf(p), overheadPercent: p.overheadPercent };
}

/** The rates of the budget period containing `date` (default: today in Sweden), else the nearest. */
export async function showRates(db: Db, opts: { date?: string; now?: Date } = {}): Promise<RatesReport> {
  const dateText = opts.date ?? formatDate(opts.now ?? new Date());
  const date = parseDateArg(dateText);
  const report = (period: BudgetPeriod, match: RatesReport["match"], note: string | null): RatesReport => ({
    date: dateText,
    match,
    note,
    period: { name: period.name, from: isoDay(period.fromDate), to: isoDay(period.toDate), rates: periodRates(period) },
  });

  const containing = await periodForDate(db, date);
  if (containing) return report(containing, "containing", null);

  const before = await db.budgetPeriod.findFirst({ where: { fromDate: { lte: date } }, orderBy: [{ toDate: "desc" }, { fromDate: "desc" }] });
  if (before) {
    return report(
      before,
      "latest_before",
      `Ingen budgetperiod innehåller ${dateText}; visar den senaste perioden före datumet, "${before.name}" ` +
        `(slutade ${isoDay(before.toDate)}). Lägg in en ny period för att ändra schablonerna. ` +
        `(No period contains the date; showing the most recent one.)`,
    );
  }
  const after = await db.budgetPeriod.findFirst({ orderBy: [{ fromDate: "asc" }, { toDate: "asc" }] });
  if (after) {
    return report(
      after,
      "earliest_after",
      `Ingen budgetperiod innehåller ${dateText}; alla perioder börjar senare, visar den första, "${after.name}" ` +
        `(börjar ${isoDay(after.fromDate)}). (No period contains the date; showing the earliest one.)`,
    );
  }
  throw new AdminError(
    'Det finns inga budgetperioder ännu: kör "npm run db:seed" för 2016 års schabloner (no budget periods yet).',
  );
}
