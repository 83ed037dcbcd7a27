// Demo/reference data from the NSP 2016 annual report: `npm run db:seed` (`-- --demo-members` adds
// three demo Slack users). Idempotent: rows are matched by their natural keys (period name,
// organisation name, counter name, Slack id) and created when missing; existing rows are left as
// they are, so re-running never undoes an operator's changes (e.g. `org uncertify`).
import { pathToFileURL } from "node:url";
import { loadDotEnv } from "../src/config.js";
import { closeDb, createDb, type Db } from "../src/db.js";
import { databaseUrl } from "../src/db-url.js";
import { RATES_2016 } from "../src/domain/rates.js";
import type { Role } from "../src/domain/types.js";

/** The 2016 rates and limits (whole kronor, from src/domain/rates.ts) and the 10 % overhead. */
export const SEED_RATES_2016 = { ...RATES_2016, overheadPercent: 10 } as const;

export const SEED_PERIODS = [
  { name: "Period 1 2016", from: "2016-03-01", to: "2016-08-31" },
  { name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" },
] as const;

export const SEED_ORGANISATIONS = [
  { name: "Frälsningsarmén", certified: true },
  { name: "Noomi Akutboende Hela människan", certified: true },
  { name: "Talita", certified: true },
  { name: "Unga Kvinnors Värn", certified: true },
  { name: "Realstars", certified: true },
  { name: "Räddningsmissionen Göteborg", certified: true },
  { name: "Ecpat", certified: false },
] as const;

export const COORDINATION_ORG = "NSP samordning";

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
      await tx.budgetPeriod.upsert({
        where: { name: p.name },
        create: { name: p.name, fromDate: day(p.from), toDate: day(p.to), ...SEED_RATES_2016 },
        update: {},
      });
    }

    const orgs: { name: string; certified: boolean }[] = [...SEED_ORGANISATIONS];
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

export function formatSeedSummary(s: SeedSummary): string {
  const count = (c: SeedCount) => `${c.created} nya, ${c.existing} fanns redan`;
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
  const db = createDb(databaseUrl(), { max: 2 });
  try {
    const summary = await seed(db, { demoMembers });
    process.stdout.write(`Seed klar.\n${formatSeedSummary(summary)}\n`);
  } catch (err) {
    process.stderr.write(`Fel: seed misslyckades (seed failed): ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await closeDb(db);
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) await main();
