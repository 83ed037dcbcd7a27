// Demo/reference data from the NSP 2016 annual report: `npm run db:seed` (`-- --demo-members` adds
// three demo Slack users). Idempotent: rows are matched by their natural keys (period name,
// organisation name, counter name, Slack id) and created when missing; existing rows are left as
// they are, so re-running never undoes an operator's changes (e.g. `org uncertify`).
import { pathToFileURL } from "node:url";
import { loadDotEnv } from "../src/core/config.js";
import { closeDb, createDb, sqlOf, type Db } from "../src/core/db.js";
import { refuseSandboxDatabase, SandboxDatabaseInUse } from "../src/core/sandbox-mark.js";
import { databaseUrl } from "../src/core/db-url.js";
import { RATES_2016 } from "../src/domain/rates.js";
import type { Role } from "../src/domain/types.js";
import { plural } from "../src/domain/format.js";
import { CATEGORY_NAME, type BudgetCategoryKey } from "../src/domain/budget.js";
import { formatMeetingSeedSummary, seedMeetings } from "./seed-meetings.js";

/**
 * Where each seeded figure comes from (issue #13):
 * - "report": stated in the programme's 2016 annual report (its budget for the pilot period
 *   1 September – 31 December, its Tabell 1–2);
 * - "derived": computed from the report's figures, or chosen where the report is silent (the
 *   comment beside it says how);
 * - "example": made up so that the app can be tried (organisations' certification, demo users).
 */
export type SeedSource = "report" | "derived" | "example";

/** The 2016 rates and limits (whole kronor, from src/domain/rates.ts) and the 10 % overhead. All
 * "report": "1200x30", "300X30", "150/dygn", "600x90", "200X90", "500-5000" and "OH-kostnad 10 %"
 * in the budget for the pilot period; max 30 and 90 days are the programme's names for the periods. */
export const SEED_RATES_2016 = { ...RATES_2016, overheadPercent: 10 } as const;
export const SEED_RATES_SOURCE: SeedSource = "report";

export const SEED_PERIODS = [
  // "Period 1 Mars-September"; its Tabell 1 covers 1 March – 24 August. The end 31 August is derived:
  // the day before the pilot period starts.
  { name: "Period 1 2016", from: "2016-03-01", to: "2016-08-31", source: "derived" },
  // "Budget för år 2016 pilotperiod 1 september-31 december".
  { name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", source: "report" },
] as const satisfies readonly { name: string; from: string; to: string; source: SeedSource }[];

/**
 * Examples (issue #13): these are organisations named in the 2016 annual report as active in the
 * platform, but the report does not list which ones the programme certified; the certification
 * flags here are an example for trying the app. Register the real ones with `npm run admin -- org`.
 */
export const SEED_ORGANISATIONS = [
  { name: "Frälsningsarmén", certified: true, source: "example" },
  { name: "Noomi Akutboende Hela människan", certified: true, source: "example" },
  { name: "Talita", certified: true, source: "example" },
  { name: "Unga Kvinnors Värn", certified: true, source: "example" },
  { name: "Realstars", certified: true, source: "example" },
  { name: "Räddningsmissionen Göteborg", certified: true, source: "example" },
  { name: "Ecpat", certified: false, source: "example" },
] as const satisfies readonly { name: string; certified: boolean; source: SeedSource }[];

type SeedLine = { kind: "income" | "cost"; label: string; spec: string | null; amount: number; source: SeedSource };
type SeedCategory = { key: BudgetCategoryKey; spec: string | null; allocated: number; source: SeedSource };

/**
 * The budgets. "Pilot 2016" is the report's "Budget för år 2016 pilotperiod 1 september–31
 * december": income 204 600 kr, other costs 41 000 kr, grants 145 000 kr, overhead 10 % =
 * 18 600 kr, total costs 204 600 kr, result 0. "Period 1 2016" has only the category totals of
 * its Tabell 2 (max 30 dagar 100 000, max 90 dagar 108 000, insatser 15 000); its income line is
 * derived (223 000 kr + 10 % overhead) because the report does not itemise it.
 */
export const SEED_BUDGETS: Record<(typeof SEED_PERIODS)[number]["name"], { lines: SeedLine[]; categories: SeedCategory[] }> = {
  "Period 1 2016": {
    // Derived: (100 000 + 108 000 + 15 000) × 1.10; the report does not itemise period 1's income.
    lines: [{ kind: "income", label: "Medel LST 2016, period 1", spec: "härlett: kategorierna i tabell 2 + 10 % OH", amount: 245_300, source: "derived" }],
    categories: [
      // Tabell 2 of period 1: "TOTALT 100 000 / 108 000 / 15 000".
      { key: "rest", spec: "max 30 dagar inkl. barntillägg", allocated: 100_000, source: "report" },
      // Derived: period 1's Tabell 2 has no separate supplement or protection columns (included above).
      { key: "rest_child", spec: null, allocated: 0, source: "derived" },
      { key: "protection", spec: null, allocated: 0, source: "derived" },
      { key: "measure", spec: "insatser", allocated: 15_000, source: "report" },
      { key: "integration", spec: "max 90 dagar", allocated: 108_000, source: "report" },
      { key: "integration_child", spec: null, allocated: 0, source: "derived" },
    ],
  },
  "Pilot 2016": {
    lines: [
      // The budget for the pilot period, line by line (TILLGÅNGAR, KOSTNADER).
      { kind: "income", label: "Medel LST 2016", spec: "Start 1 sept", amount: 200_000, source: "report" },
      { kind: "income", label: "Inestående medel pilot 2016", spec: "Från FA-kontot 1 sept", amount: 4_600, source: "report" },
      { kind: "cost", label: "Samordnare anställning 15 %", spec: "1 sept – 31 dec", amount: 40_000, source: "report" },
      { kind: "cost", label: "Resor, utlägg", spec: "1 sept – 31 dec", amount: 500, source: "report" },
      { kind: "cost", label: "Hemsida domänkostn.", spec: null, amount: 500, source: "report" },
    ],
    categories: [
      // UTBETALNINGAR, summing to "SUMMA UTBETLN. -145 000".
      { key: "rest", spec: "1200 × 30 (26 dagar), 2 st", allocated: 62_400, source: "report" },
      { key: "rest_child", spec: "300 × 30 (26 dagar), 1 st", allocated: 7_800, source: "report" },
      // Derived: the budget has no protection line; the 150 kr/dygn came as extra money from LST.
      { key: "protection", spec: "150/dygn, extramedel från LST vid behov", allocated: 0, source: "derived" },
      { key: "measure", spec: "500–5000 (2–20 st)", allocated: 10_000, source: "report" },
      { key: "integration", spec: "600 × 90 (81 dagar), 1 st", allocated: 48_600, source: "report" },
      { key: "integration_child", spec: "200 × 90 (81 dagar), 1 st", allocated: 16_200, source: "report" },
    ],
  },
};

/** Example: the coordinators' organisation for the demo users. */
export const COORDINATION_ORG = "NSP samordning";

/** Examples: made-up Slack ids, for trying the app (never real people). */
export const DEMO_MEMBERS: readonly { slackUserId: string; org: string; role: Role }[] = [
  { slackUserId: "U0DEMOAPPL", org: "Frälsningsarmén", role: "applicant" },
  { slackUserId: "U0DEMOCOORD", org: COORDINATION_ORG, role: "coordinator" },
  { slackUserId: "U0DEMOADMIN", org: COORDINATION_ORG, role: "admin" },
];

export interface SeedCount {
  created: number;
  existing: number;
}

export interface SeedSummary {
  periods: SeedCount;
  organisations: SeedCount;
  counter: "created" | "existing";
  members: SeedCount | null;
}

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

export async function seed(db: Db, opts: { demoMembers?: boolean } = {}): Promise<SeedSummary> {
  return db.$transaction(async (tx) => {
    const periods: SeedCount = { created: 0, existing: 0 };
    for (const p of SEED_PERIODS) {
      const found = await tx.budgetPeriod.findUnique({ where: { name: p.name } });
      if (found) periods.existing++;
      else periods.created++;
      const period = await tx.budgetPeriod.upsert({
        where: { name: p.name },
        create: { name: p.name, fromDate: day(p.from), toDate: day(p.to), ...SEED_RATES_2016 },
        update: {},
      });
      // A period's budget is seeded only while it has none (an operator's changes are kept).
      const budget = SEED_BUDGETS[p.name];
      if ((await tx.budgetCategory.count({ where: { periodId: period.id } })) === 0) {
        await tx.budgetCategory.createMany({
          data: budget.categories.map((c, i) => ({ periodId: period.id, key: c.key, name: CATEGORY_NAME[c.key], spec: c.spec, allocated: c.allocated, sortOrder: i })),
        });
      }
      if ((await tx.budgetLine.count({ where: { periodId: period.id } })) === 0) {
        await tx.budgetLine.createMany({
          data: budget.lines.map(({ source: _source, ...l }, i) => ({ periodId: period.id, ...l, sortOrder: i, createdBy: "seed" })),
        });
      }
    }

    const orgs: { name: string; certified: boolean }[] = SEED_ORGANISATIONS.map((o) => ({ name: o.name, certified: o.certified }));
    if (opts.demoMembers) orgs.push({ name: COORDINATION_ORG, certified: false });
    const organisations: SeedCount = { created: 0, existing: 0 };
    const orgIds = new Map<string, number>();
    for (const o of orgs) {
      const found = await tx.organisation.findUnique({ where: { name: o.name } });
      if (found) organisations.existing++;
      else organisations.created++;
      const row = await tx.organisation.upsert({ where: { name: o.name }, create: o, update: {} });
      orgIds.set(o.name, row.id);
    }

    const counterFound = await tx.counter.findUnique({ where: { name: "case_ref" } });
    await tx.counter.upsert({ where: { name: "case_ref" }, create: { name: "case_ref", value: 0 }, update: {} });

    let members: SeedCount | null = null;
    if (opts.demoMembers) {
      members = { created: 0, existing: 0 };
      for (const m of DEMO_MEMBERS) {
        const orgId = orgIds.get(m.org);
        if (orgId === undefined) throw new Error(`seed: organisation ${m.org} missing`);
        const found = await tx.member.findUnique({ where: { slackUserId: m.slackUserId } });
        if (found) members.existing++;
        else members.created++;
        await tx.member.upsert({
          where: { slackUserId: m.slackUserId },
          create: { slackUserId: m.slackUserId, orgId, role: m.role },
          update: {},
        });
      }
    }

    return { periods, organisations, counter: counterFound ? "existing" : "created", members };
  });
}

/** One line printed with every seed: where the figures come from (issue #13). */
export const SEED_PROVENANCE_NOTE =
  "Källor: satser, gränser och budgeten för Pilot 2016 enligt årsrapporten 2016; period 1:s intäktsrad, slutdatum och nollposter är härledda; organisationerna, deras certifiering och demomedlemmarna är exempel.";

export function formatSeedSummary(s: SeedSummary): string {
  const count = (c: SeedCount) => `${plural(c.created, "ny", "nya")}, ${c.existing} fanns redan`;
  const lines = [
    `Budgetperioder (2016 års schabloner): ${count(s.periods)}`,
    `Organisationer: ${count(s.organisations)}`,
    `Räknare case_ref: ${s.counter === "created" ? "skapad (0)" : "fanns redan"}`,
  ];
  lines.push(
    s.members
      ? `Demomedlemmar: ${count(s.members)} (${DEMO_MEMBERS.map((m) => `${m.slackUserId} ${m.role}`).join(", ")})`
      : "Demomedlemmar: inga (lägg till med --demo-members)",
  );
  lines.push(SEED_PROVENANCE_NOTE);
  return lines.join("\n");
}

async function main(): Promise<void> {
  loadDotEnv();
  const demoMembers = process.argv.slice(2).includes("--demo-members");
  const unknown = process.argv.slice(2).filter((a) => a !== "--demo-members");
  if (unknown.length > 0) {
    process.stderr.write(`Fel: okänt argument ${unknown.join(" ")} (unknown argument). Användning: npm run db:seed [-- --demo-members]\n`);
    process.exitCode = 1;
    return;
  }
  const url = databaseUrl();
  const db = createDb(url, { max: 2 });
  try {
    // The sandbox seeds its own database (dev/sandbox); db:seed, --demo-members or not, is for the app's.
    await refuseSandboxDatabase(sqlOf(db), url);
    const summary = await seed(db, { demoMembers });
    const meetings = await seedMeetings(db);
    process.stdout.write(`Seed klar.\n${formatSeedSummary(summary)}\n${formatMeetingSeedSummary(meetings)}\n`);
  } catch (err) {
    if (err instanceof SandboxDatabaseInUse) {
      process.stderr.write(`Fel: ${err.message}\n`);
      process.exitCode = 78;
      return;
    }
    process.stderr.write(`Fel: seed misslyckades (seed failed): ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await closeDb(db);
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) await main();
