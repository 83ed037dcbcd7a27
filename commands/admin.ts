// Operator CLI: `npm run admin -- <command>` (see `npm run admin -- --help`).
// Needs only DATABASE_URL (from the environment or .env), no Slack tokens. The work is done by
// src/services/ (admin.ts, budget-admin.ts, report.ts …); this file parses arguments and prints,
// with the text presenters of commands/present.ts. An operator mistake prints a clear
// message on stderr and exits with code 1; commander's own usage errors keep commander's code.
import { Command, Option } from "commander";
import { loadDotEnv } from "../src/core/config.js";
import { closeDb, createDb, sqlOf, type Db } from "../src/core/db.js";
import { refuseSandboxDatabase, SandboxDatabaseInUse } from "../src/core/sandbox-mark.js";
import { databaseUrl } from "../src/core/db-url.js";
import { userInfo } from "node:os";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REPORT_FORMATS } from "../src/domain/report-output.js";
import type { PeriodReport } from "../src/domain/report.js";
import { cliReport, ReportOptionError } from "../src/services/report.js";
import { CASE_OUTCOMES, ROLES } from "../src/domain/types.js";
import { cliCloseCase, cliReopenCase } from "../src/services/case-outcome.js";
import { cliEraseCase, exportCase } from "../src/services/erasure.js";
import { cliMoveCase } from "../src/services/case-transfer.js";
import { cliAddPayment, cliRejectPayment, cliSettle } from "../src/services/payments.js";
import { cliListPayments } from "../src/services/payment-list.js";
import { formatDateTime, formatKr } from "../src/domain/format.js";
import {
  cliAddLine,
  cliAllocate,
  cliCreatePeriod,
  cliListPeriods,
  cliOverride,
  cliShowBudget,
  cliTransfer,
} from "../src/services/budget-admin.js";
import {
  AdminError,
  addMember,
  addOrganisation,
  listMembers,
  listOrganisations,
  removeMember,
  setOrganisationCertified,
  showRates,
  SLACK_USER_ID_RE,
  type MemberSummary,
  type OrganisationSummary,
} from "../src/services/admin.js";
import { listOutbox, listReminders, OutboxRetryError, retryDead, retryDeadReminders, type OutboxEntry, type ReminderEntry } from "../src/services/outbox-admin.js";
import { listGroups, setGroupMember, upsertGroup, type GroupSummary } from "../src/services/groups.js";
import { cliForecast } from "../src/services/budget-forecast.js";
import { cliAudit } from "../src/services/audit-log.js";
import { forecastJson } from "../src/domain/forecast.js";
import { swedishCli } from "./swedish-cli.js";
import {
  erasedText,
  formatAuditListing,
  formatBudgetReport,
  formatCaseExport,
  formatForecast,
  formatPaymentListing,
  formatPeriodList,
  formatRatesReport,
  formatTable,
  movedText,
  reportOutFiles,
  reportStdout,
  requeuedText,
} from "./present.js";

interface JsonOption {
  json?: boolean;
}

/** Opens the database for one action and always disconnects; refuses the sandbox's database. */
async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  let url: string;
  try {
    url = databaseUrl();
  } catch {
    throw new AdminError("DATABASE_URL är ogiltig: ange en postgresql://-adress i miljön eller i .env (invalid DATABASE_URL).");
  }
  const db = createDb(url, { max: 2 });
  try {
    await refuseSandboxDatabase(sqlOf(db), url);
    return await fn(db);
  } finally {
    await closeDb(db);
  }
}

function print(opts: JsonOption, data: unknown, text: string): void {
  process.stdout.write(`${opts.json ? JSON.stringify(data, null, 2) : text}\n`);
}

const yesNo = (b: boolean) => (b ? "ja" : "nej");

/** " till och med 2027-06-30", " tills vidare" for a certified organisation; nothing otherwise. */
const untilText = (o: OrganisationSummary): string => (!o.certified ? "" : o.certifiedUntil ? ` till och med ${o.certifiedUntil}` : " tills vidare");

function orgTable(orgs: OrganisationSummary[]): string {
  if (orgs.length === 0) return 'Inga organisationer ännu. Lägg till en med: npm run admin -- org add "Namn" --certified';
  return formatTable([
    ["Organisation", "Certifierad", "Till och med", "Medlemmar"],
    ...orgs.map((o) => [o.name, yesNo(o.certified), o.certified ? (o.certifiedUntil ?? "tills vidare") : "–", String(o.members)]),
  ]);
}

function memberTable(members: MemberSummary[]): string {
  if (members.length === 0) return "Inga medlemmar.";
  return formatTable([["Slack-id", "Roll", "Organisation"], ...members.map((m) => [m.slackUserId, m.role, m.org])]);
}

/** The whole command tree (exported for tests/cli/free-text.test.ts, which walks it). */
export function buildProgram(): Command {
  const program = swedishCli(new Command("admin"))
    .description("NSP operatörskommandon: organisationer, medlemmar (Slack-id) och budgetperiodens schabloner.")
    .showHelpAfterError('(kör "npm run admin -- --help" för hjälp)')
    .showSuggestionAfterError(true);

  const org = program.command("org").description("Organisationer");
  org
    .command("add")
    .description("Lägg till en organisation")
    .argument("<name>", "organisationens namn (inom citattecken)")
    .option("--certified", "organisationen är certifierad och får ansöka", false)
    .option("--certified-until <yyyy-mm-dd>", "sista dagen certifieringen gäller (medför --certified)")
    .option("--json", "skriv ut som JSON")
    .action((name: string, opts: { certified: boolean; certifiedUntil?: string } & JsonOption) =>
      withDb(async (db) => {
        const created = await addOrganisation(db, name, { certified: opts.certified, certifiedUntil: opts.certifiedUntil });
        print(opts, created, `Organisationen "${created.name}" har lagts till (certifierad: ${yesNo(created.certified)}${untilText(created)}).`);
      }),
    );
  org
    .command("list")
    .description("Lista organisationer med certifiering och antal medlemmar")
    .option("--json", "skriv ut som JSON")
    .action((opts: JsonOption) =>
      withDb(async (db) => {
        const orgs = await listOrganisations(db);
        print(opts, orgs, orgTable(orgs));
      }),
    );
  for (const [command, certified] of [["certify", true], ["uncertify", false]] as const) {
    const sub = org
      .command(command)
      .description(certified ? "Markera en organisation som certifierad (utan --certified-until: tills vidare)" : "Ta bort en organisations certifiering")
      .argument("<name>", "organisationens namn");
    if (certified) sub.option("--certified-until <yyyy-mm-dd>", "sista dagen certifieringen gäller; admins påminns 30 dagar före");
    sub
      .option("--json", "skriv ut som JSON")
      .action((name: string, opts: { certifiedUntil?: string } & JsonOption) =>
        withDb(async (db) => {
          const { organisation, changed } = await setOrganisationCertified(db, name, certified, { certifiedUntil: opts.certifiedUntil });
          const state = certified ? `certifierad${untilText(organisation)}` : "inte certifierad";
          print(
            opts,
            { ...organisation, changed },
            changed ? `Organisationen "${organisation.name}" är nu ${state}.` : `Organisationen "${organisation.name}" var redan ${state}.`,
          );
        }),
      );
  }

  const member = program.command("member").description("Medlemmar (bara Slack-id lagras, aldrig namn)");
  member
    .command("add")
    .description("Lägg till en medlem, eller ändra organisation/roll för ett befintligt Slack-id")
    .argument("<slackUserId>", "Slack-användar-id, t.ex. U0123ABCD")
    .requiredOption("--org <name>", "organisationens namn")
    .addOption(new Option("--role <role>", "roll").choices(ROLES).makeOptionMandatory())
    .option("--json", "skriv ut som JSON")
    .action((slackUserId: string, opts: { org: string; role: string } & JsonOption) =>
      withDb(async (db) => {
        const result = await addMember(db, { slackUserId, org: opts.org, role: opts.role });
        const { member: m, previous } = result;
        const text =
          result.action === "created"
            ? `Medlem ${m.slackUserId} har lagts till i "${m.org}" som ${m.role}.`
            : result.action === "updated" && previous
              ? `Medlem ${m.slackUserId} fanns redan (${previous.role} i "${previous.org}") och är nu ${m.role} i "${m.org}".`
              : `Medlem ${m.slackUserId} är redan ${m.role} i "${m.org}"; inget ändrat.`;
        print(opts, result, text);
      }),
    );
  member
    .command("list")
    .description("Lista medlemmar")
    .option("--org <name>", "bara medlemmar i den här organisationen")
    .option("--json", "skriv ut som JSON")
    .action((opts: { org?: string } & JsonOption) =>
      withDb(async (db) => {
        const members = await listMembers(db, { org: opts.org });
        print(opts, members, memberTable(members));
      }),
    );
  member
    .command("remove")
    .description("Ta bort en medlem")
    .argument("<slackUserId>", "Slack-användar-id")
    .option("--json", "skriv ut som JSON")
    .action((slackUserId: string, opts: JsonOption) =>
      withDb(async (db) => {
        const removed = await removeMember(db, slackUserId);
        print(opts, removed, `Medlem ${removed.slackUserId} (${removed.role} i "${removed.org}") har tagits bort.`);
      }),
    );

  const rates = program.command("rates").description("Budgetperiodens schabloner");
  rates
    .command("show")
    .description("Visa schablonerna för perioden som innehåller datumet (i dag om inget anges)")
    .option("--date <YYYY-MM-DD>", "datum (standard: i dag, svensk tid)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { date?: string } & JsonOption) =>
      withDb(async (db) => {
        const report = await showRates(db, { date: opts.date });
        print(opts, report, formatRatesReport(report));
      }),
    );

  registerBudgetCommands(program);
  registerReportCommand(program);
  registerCaseCommands(program);
  registerPaymentCommands(program);
  registerGroupCommands(program);
  registerOutboxCommands(program);
  registerAuditCommand(program);
  return program;
}

/** Who did it, for the audit: `--by <Slack id>` or the operator's login name. */
function operator(by?: string): string {
  if (by) {
    if (!SLACK_USER_ID_RE.test(by)) throw new AdminError(`--by ska vara ett Slack-id (U…), fick "${by}".`);
    return by;
  }
  return `cli:${userInfo().username}`;
}

function registerBudgetCommands(program: Command): void {
  const budget = program.command("budget").description("Budget: perioder, kategorier, överföringar");
  const period = budget.command("period").description("Budgetperioder");
  period
    .command("create")
    .description("Skapa en budgetperiod (--copy-from kopierar poster, kategorier, tilldelning och schabloner)")
    .argument("<name>", "periodens namn")
    .requiredOption("--from <YYYY-MM-DD>", "första dagen")
    .requiredOption("--to <YYYY-MM-DD>", "sista dagen")
    .option("--copy-from <name>", "perioden att kopiera")
    .option("--by <slackUserId>", "vem som gör ändringen (loggas)")
    .option("--json", "skriv ut som JSON")
    .action((name: string, opts: { from: string; to: string; copyFrom?: string; by?: string } & JsonOption) =>
      withDb(async (db) => {
        const report = await cliCreatePeriod(db, { name, from: opts.from, to: opts.to, copyFrom: opts.copyFrom, actor: operator(opts.by) });
        const copied = report.copiedFrom ? ` (kopierad från "${report.copiedFrom}")` : " (kategorier med tilldelning 0 – fördela med \"budget allocate\")";
        print(opts, report, `Budgetperioden "${report.period.name}" ${report.period.from} – ${report.period.to} har skapats${copied}.\n\n${formatBudgetReport(report)}`);
      }),
    );
  period
    .command("list")
    .description("Lista budgetperioder")
    .option("--json", "skriv ut som JSON")
    .action((opts: JsonOption) =>
      withDb(async (db) => {
        const items = await cliListPeriods(db);
        print(opts, items, formatPeriodList(items));
      }),
    );
  budget
    .command("show")
    .description("Visa perioden per kategori (samma siffror som /nsp budget)")
    .option("--period <name>", "period (standard: den som omfattar i dag, annars den senaste)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { period?: string } & JsonOption) =>
      withDb(async (db) => {
        const report = await cliShowBudget(db, opts.period);
        print(opts, report, formatBudgetReport(report));
      }),
    );
  budget
    .command("forecast")
    .description("Prognos per kategori (kvar − ansökningar under behandling) och minsta tillskott, med text till finansiären")
    .option("--period <name>", "period (standard: den som omfattar i dag, annars den senaste)")
    .option("--json", "skriv ut som JSON: { period, categories: [ { key, remaining, pending, projected, topUp } ], totalTopUp }")
    .action((opts: { period?: string } & JsonOption) =>
      withDb(async (db) => {
        const f = await cliForecast(db, opts.period);
        print(opts, forecastJson(f), formatForecast(f));
      }),
    );
  budget
    .command("transfer")
    .description("Flytta medel mellan två kategorier")
    .requiredOption("--from <category>", "kategori att flytta från (t.ex. integration)")
    .requiredOption("--to <category>", "kategori att flytta till (t.ex. rest)")
    .requiredOption("--amount <kr>", "belopp i hela kronor")
    .requiredOption("--reason <text>", "skäl (inga personuppgifter)")
    .option("--period <name>", "period (standard: den som omfattar i dag, annars den senaste)")
    .option("--by <slackUserId>", "vem som gör ändringen (loggas)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { from: string; to: string; amount: string; reason: string; period?: string; by?: string } & JsonOption) =>
      withDb(async (db) => {
        const result = await cliTransfer(db, { ...opts, actor: operator(opts.by) });
        print(opts, result, `Överföring ${result.transferId} sparad.\n\n${formatBudgetReport(result.report)}`);
      }),
    );
  budget
    .command("allocate")
    .description("Sätt en kategoris tilldelning (skapar kategorin om den saknas)")
    .requiredOption("--category <key>", "rest, rest_child, protection, measure, integration eller integration_child")
    .requiredOption("--amount <kr>", "tilldelning i hela kronor")
    .option("--period <name>", "period (standard: den som omfattar i dag, annars den senaste)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { category: string; amount: string; period?: string } & JsonOption) =>
      withDb(async (db) => {
        const report = await cliAllocate(db, opts);
        print(opts, report, formatBudgetReport(report));
      }),
    );
  budget
    .command("line")
    .description("Intäkts- och kostnadsposter")
    .command("add")
    .description("Lägg till en intäkt (t.ex. extramedel från Länsstyrelsen) eller en kostnad som inte är bidrag")
    .argument("<label>", "postens namn")
    .addOption(new Option("--kind <kind>", "income eller cost").choices(["income", "cost"]).makeOptionMandatory())
    .requiredOption("--amount <kr>", "belopp i hela kronor")
    .option("--spec <text>", "specifikation, t.ex. \"1 sept – 31 dec\"")
    .option("--period <name>", "period (standard: den som omfattar i dag, annars den senaste)")
    .option("--by <slackUserId>", "vem som gör ändringen (loggas)")
    .option("--json", "skriv ut som JSON")
    .action((label: string, opts: { kind: "income" | "cost"; amount: string; spec?: string; period?: string; by?: string } & JsonOption) =>
      withDb(async (db) => {
        const report = await cliAddLine(db, { ...opts, label, actor: operator(opts.by) });
        print(opts, report, formatBudgetReport(report));
      }),
    );
  budget
    .command("override")
    .description("Admin: tillåt att en ansökan överskrider budgeten med högst beloppet (skälet sparas)")
    .requiredOption("--request <nr>", 'ansökningsnummer (står i samordnarkanalens meddelande: "Ansökan nr 17")')
    .requiredOption("--amount <kr>", "högsta överskridande i hela kronor")
    .requiredOption("--reason <text>", "skäl (inga personuppgifter)")
    .requiredOption("--by <slackUserId>", "administratörens Slack-id")
    .option("--json", "skriv ut som JSON")
    .action((opts: { request: string; amount: string; reason: string; by: string } & JsonOption) =>
      withDb(async (db) => {
        const admin = await db.member.findUnique({ where: { slackUserId: operator(opts.by) } });
        if (admin?.role !== "admin") throw new AdminError(`${opts.by} är inte administratör; bara en administratör kan godkänna ett överskridande.`);
        const result = await cliOverride(db, { ...opts, actor: opts.by });
        print(opts, result, `${result.title} får överskrida budgeten med högst ${formatKr(result.amount)}. Samordnaren kan nu bevilja.`);
      }),
    );
}

function groupTable(groups: GroupSummary[]): string {
  if (groups.length === 0) return 'Inga arbetsgrupper ännu. Lägg till en med: npm run admin -- group add "Namn" --channel C0123ABCD';
  return formatTable([
    ["Arbetsgrupp", "Kanal", "Sammankallande", "Medlemmar", "Kalender"],
    ...groups.map((g) => [g.name, g.channel, g.convener ?? "–", String(g.members), `/calendar/${g.slug}.ics`]),
  ]);
}

function registerGroupCommands(program: Command): void {
  const group = program.command("group").description("Arbetsgrupper: kanal för påminnelser, sammankallande, medlemmar (Slack-id)");
  group
    .command("add")
    .description("Lägg till en arbetsgrupp, eller ändra en befintlig (bara angivna alternativ ändras)")
    .argument("<name>", "gruppens namn (inom citattecken)")
    .option("--channel <CHANNEL_ID>", "kanalen där gruppens påminnelser postas, t.ex. C0123ABCD (krävs för en ny grupp)")
    .option("--description <text>", "beskrivning (inga personuppgifter)")
    .option("--convener <slackUserId>", "sammankallandes Slack-id (får ändra och ställa in gruppens möten)")
    .option("--json", "skriv ut som JSON")
    .action((name: string, opts: { channel?: string; description?: string; convener?: string } & JsonOption) =>
      withDb(async (db) => {
        const { group: g, action } = await upsertGroup(db, { name, channel: opts.channel, description: opts.description, convener: opts.convener });
        const verb = action === "created" ? "har lagts till" : action === "updated" ? "har ändrats" : "fanns redan; inget ändrat";
        print(opts, { ...g, action }, `Arbetsgruppen "${g.name}" ${verb} (kanal ${g.channel}, kalender /calendar/${g.slug}.ics).`);
      }),
    );
  group
    .command("list")
    .description("Lista arbetsgrupper")
    .option("--json", "skriv ut som JSON")
    .action((opts: JsonOption) =>
      withDb(async (db) => {
        const groups = await listGroups(db);
        print(opts, groups, groupTable(groups));
      }),
    );
  for (const [command, member] of [["join", true], ["leave", false]] as const) {
    group
      .command(command)
      .description(member ? "Gör ett Slack-id till medlem i gruppen (dess möten visas först i /nsp möten)" : "Ta bort ett Slack-id ur gruppen")
      .argument("<name>", "gruppens namn")
      .argument("<slackUserId>", "Slack-användar-id, t.ex. U0123ABCD")
      .option("--json", "skriv ut som JSON")
      .action((name: string, slackUserId: string, opts: JsonOption) =>
        withDb(async (db) => {
          const r = await setGroupMember(db, name, slackUserId, member);
          const text = r.changed ? `${r.slackUserId} ${member ? "är nu medlem i" : "är inte längre medlem i"} "${r.group}".` : `Inget ändrat: ${r.slackUserId} ${member ? "var redan medlem i" : "var inte medlem i"} "${r.group}".`;
          print(opts, r, text);
        }),
      );
  }
}

/** An ISO UTC instant from the services as Stockholm time for the text listings ("2026-12-01 17:59"); --json keeps ISO UTC. */
const local = (iso: string | null): string => (iso ? formatDateTime(new Date(iso)) : "–");

function outboxTable(rows: OutboxEntry[]): string {
  if (rows.length === 0) return "Inga olevererade meddelanden.";
  return formatTable([
    ["Id", "Typ", "Status", "Försök", "Senaste fel", "Skapad", "Död sedan"],
    ...rows.map((r) => [String(r.id), r.kind, r.status === "dead" ? "död" : "väntar", String(r.attempts), r.lastError ?? "–", local(r.createdAt), local(r.deadAt)]),
  ]);
}

function remindersTable(rows: ReminderEntry[]): string {
  if (rows.length === 0) return "Inga olevererade påminnelser.";
  return formatTable([
    ["Id", "Möte", "Påminnelse", "Status", "Försök", "Senaste fel", "Skulle skickas", "Död sedan", "Mötet börjar"],
    ...rows.map((r) => [String(r.id), String(r.meetingId), r.key, r.status === "dead" ? "död" : "väntar", String(r.attempts), r.lastError ?? "–", local(r.dueAt), local(r.deadAt), local(r.meetingStartsAt)]),
  ]);
}

/** "12" → { id: 12 }, "--all" → { all: true }; exactly one of them. */
function retryTarget(idArg: string | undefined, all: boolean | undefined): { id: number } | { all: true } {
  if ((idArg === undefined) === (all !== true)) throw new AdminError("Ange antingen ett id eller --all.");
  if (idArg === undefined) return { all: true };
  if (!/^[1-9]\d{0,9}$/.test(idArg) || Number(idArg) > 2_147_483_647) throw new AdminError(`Ogiltigt id: ${idArg.slice(0, 20)}`);
  return { id: Number(idArg) };
}

function registerOutboxCommands(program: Command): void {
  const reminders = program.command("reminders").description("Mötespåminnelser som inte levererats: lista och köa döda påminnelser igen");
  reminders
    .command("list")
    .description("Olevererade påminnelser (döda, och väntande som redan skulle ha skickats), äldst först: id, möte, försök, senaste felkod, tider")
    .option("--dead", "bara döda påminnelser (Slack tog inte emot dem)")
    .option("--json", "JSON")
    .action((opts: JsonOption & { dead?: boolean }) =>
      withDb(async (db) => {
        const rows = await listReminders(db, { dead: opts.dead === true });
        print(opts, rows, remindersTable(rows));
      }),
    );
  reminders
    .command("retry")
    .description("Köa döda påminnelser igen (med nya försök) om mötet inte har börjat; de skickas, märkta försenade, vid nästa svep")
    .argument("[id]", "påminnelsens id (från reminders list)")
    .option("--all", "alla döda påminnelser vars möte inte har börjat")
    .option("--json", "JSON")
    .action((idArg: string | undefined, opts: JsonOption & { all?: boolean }) =>
      withDb(async (db) => {
        try {
          const ids = await retryDeadReminders(db, retryTarget(idArg, opts.all));
          print(opts, { retried: ids }, requeuedText("reminders", ids));
        } catch (err) {
          if (err instanceof OutboxRetryError) throw new AdminError(err.message);
          throw err;
        }
      }),
    );

  const outbox = program.command("outbox").description("Slack-meddelanden som inte levererats: lista och köa döda meddelanden igen");
  outbox
    .command("list")
    .description("Olevererade meddelanden (väntande och döda), äldst först: id, typ, försök, senaste felkod, tider")
    .option("--dead", "bara döda meddelanden (alla försök misslyckades)")
    .option("--json", "JSON")
    .action((opts: JsonOption & { dead?: boolean }) =>
      withDb(async (db) => {
        const rows = await listOutbox(db, { dead: opts.dead === true });
        print(opts, rows, outboxTable(rows));
      }),
    );
  outbox
    .command("retry")
    .description("Köa döda meddelanden igen (med nya försök); de skickas vid nästa svep (NSP_SWEEP_INTERVAL_MS)")
    .argument("[id]", "meddelandets id (från outbox list)")
    .option("--all", "alla döda meddelanden")
    .option("--json", "JSON")
    .action((idArg: string | undefined, opts: JsonOption & { all?: boolean }) =>
      withDb(async (db) => {
        if ((idArg === undefined) === (opts.all !== true)) throw new AdminError("Ange antingen ett id eller --all.");
        let which: { id: number } | { all: true } = { all: true };
        if (idArg !== undefined) {
          if (!/^[1-9]\d{0,9}$/.test(idArg) || Number(idArg) > 2_147_483_647) throw new AdminError(`Ogiltigt id: ${idArg.slice(0, 20)}`);
          which = { id: Number(idArg) };
        }
        try {
          const ids = await retryDead(db, which);
          print(opts, { retried: ids }, requeuedText("messages", ids));
        } catch (err) {
          if (err instanceof OutboxRetryError) throw new AdminError(err.message);
          throw err;
        }
      }),
    );
}

/** The xlsx writer, imported only when a workbook is written: exceljs takes seconds to load, and
 * every other CLI command would pay for it at start. */
async function workbook(report: PeriodReport): Promise<Uint8Array> {
  const { reportWorkbook } = await import("../src/services/report-workbook.js");
  return reportWorkbook(report);
}

function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("Periodrapport (tabell 1–3 som i årsrapporten, tabell 4: avslutade ärenden) för ett datumintervall; utan datum: den aktuella budgetperioden")
    .option("--from <YYYY-MM-DD>", "första dagen")
    .option("--to <YYYY-MM-DD>", "sista dagen")
    .addOption(new Option("--format <format>", "utdata på stdout (xlsx: Excel-arbetsboken, omdirigera till en fil: > rapport.xlsx)").choices(REPORT_FORMATS).default("md"))
    .option("--out <dir>", "skriv table1.csv, table2.csv, table3.csv, table4.csv, report.md, report.json och report.xlsx till katalogen")
    .option("--suppress-below <n>", 'visa antal under n i tabell 3 som "<n" utan procent (för rapporter som lämnar programmet)')
    .action((opts: { from?: string; to?: string; format: string; out?: string; suppressBelow?: string }) =>
      withDb(async (db) => {
        try {
          const { report, format } = await cliReport(db, opts);
          if (opts.out) {
            await mkdir(opts.out, { recursive: true });
            const files = reportOutFiles(report);
            for (const [name, content] of Object.entries(files)) await writeFile(join(opts.out, name), content, "utf8");
            await writeFile(join(opts.out, "report.xlsx"), await workbook(report));
            process.stdout.write(`Rapporten ${report.from} – ${report.to} har skrivits till ${opts.out}: ${[...Object.keys(files), "report.xlsx"].join(", ")}.\n`);
          } else if (format === "xlsx") {
            // A binary file: never onto a terminal.
            if (process.stdout.isTTY) throw new AdminError("--format xlsx skriver en binär fil: omdirigera till en fil (> rapport.xlsx) eller använd --out KATALOG.");
            process.stdout.write(await workbook(report));
          } else process.stdout.write(reportStdout(report, format));
        } catch (err) {
          if (err instanceof ReportOptionError) throw new AdminError(err.message);
          throw err;
        }
      }),
    );
}

function registerCaseCommands(program: Command): void {
  const kase = program.command("case").description("Ärenden: avsluta med utfall och datum, öppna igen, flytta till en annan organisation (samma regler som i Slack)");
  kase
    .command("close")
    .description("avsluta ett ärende: medlemmar i ärendets organisation, samordnare och administratörer; inte medan en ansökan väntar på beslut")
    .argument("<ref>", "ärendenummer, t.ex. NSP004")
    .addOption(new Option("--outcome <key>", "utfall").choices(CASE_OUTCOMES).makeOptionMandatory())
    .requiredOption("--date <YYYY-MM-DD>", "dagen då ärendet avslutades (inte i framtiden, inte före ärendet skapades)")
    .requiredOption("--by <slackUserId>", "vem som avslutar (Slack-id, medlem i appen)")
    .option("--json", "skriv ut som JSON")
    .action((ref: string, opts: { outcome: string; date: string; by: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliCloseCase(db, { ref, ...opts });
        print(opts, r, `Ärendet ${r.caseRef} är avslutat: ${r.outcomeLabel}, ${r.closedOn}. Det tar inte emot nya ansökningar; samordnarna får ett meddelande när appen kör.`);
      }),
    );
  kase
    .command("reopen")
    .description("öppna ett avslutat ärende igen (samordnare och administratörer)")
    .argument("<ref>", "ärendenummer, t.ex. NSP004")
    .requiredOption("--by <slackUserId>", "vem som öppnar (Slack-id, samordnare eller administratör)")
    .option("--json", "skriv ut som JSON")
    .action((ref: string, opts: { by: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliReopenCase(db, { ref, by: opts.by });
        print(opts, r, `Ärendet ${r.caseRef} är öppnat igen (var avslutat: ${r.outcomeLabel}, ${r.closedOn}).`);
      }),
    );
  kase
    .command("erase")
    .description("radera ett ärendes fritext nu (en persons begäran att glömmas): motiveringar, frågor, svar och beslutsmotiveringar ersätts av en markering; siffror, datum och beslut finns kvar (administratörer)")
    .argument("<ref>", "ärendenummer, t.ex. NSP004")
    .requiredOption("--reason <text>", "varför (sparas i granskningsloggen; inga personuppgifter)")
    .requiredOption("--by <slackUserId>", "administratören som raderar (Slack-id)")
    .option("--json", "skriv ut som JSON")
    .action((ref: string, opts: { reason: string; by: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliEraseCase(db, { ref, reason: opts.reason, by: opts.by });
        const { outboxIds: _ids, ...shown } = r;
        print(opts, shown, erasedText(r));
      }),
    );
  kase
    .command("export")
    .description("skriv allt som finns om ett ärende (ansökningar, beslut, bakgrund, pengar, logg, meddelanden) som JSON och som läsbar text; läsningen loggas (administratörer)")
    .argument("<ref>", "ärendenummer, t.ex. NSP004")
    .requiredOption("--by <slackUserId>", "administratören som exporterar (Slack-id)")
    .option("--out <dir>", "katalog att skriva filen i", ".")
    .action((ref: string, opts: { by: string; out: string }) =>
      withDb(async (db) => {
        const data = await exportCase(db, { ref, by: opts.by });
        await mkdir(opts.out, { recursive: true });
        const stamp = data.exportedAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
        const file = join(opts.out, `${data.case.ref}-export-${stamp}`);
        // Personal data: readable by the operator only, and never over an earlier file.
        await writeFile(`${file}.json`, `${JSON.stringify(data, null, 2)}\n`, { flag: "wx", mode: 0o600 });
        await writeFile(`${file}.txt`, formatCaseExport(data), { flag: "wx", mode: 0o600 });
        process.stdout.write(`${file}.json\n${file}.txt\n`);
      }),
    );
  kase
    .command("move")
    .description("flytta ett ärende till en annan certifierad organisation (samordnare och administratörer; inte medan en ansökan väntar på beslut)")
    .argument("<ref>", "ärendenummer, t.ex. NSP004")
    .requiredOption("--to <organisation>", "organisationen som tar över ärendet (namnet som i `org list`)")
    .requiredOption("--reason <text>", "varför ärendet flyttas (inga personuppgifter)")
    .requiredOption("--by <slackUserId>", "vem som flyttar (Slack-id, samordnare eller administratör)")
    .option("--json", "skriv ut som JSON")
    .action((ref: string, opts: { to: string; reason: string; by: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliMoveCase(db, { ref, to: opts.to, reason: opts.reason, by: opts.by });
        print(opts, r, movedText(r));
      }),
    );
}

function registerAuditCommand(program: Command): void {
  program
    .command("audit")
    .description("Vem såg vad och vem ändrade vad: läsningar (ärendeakten, underlaget, beslutsformuläret …) och ändringar tillsammans, nyast först. Skriver aldrig ut fritext.")
    .option("--case <ref>", "bara ärendet, t.ex. NSP004 (även dess ansökningar)")
    .option("--user <slackUserId>", "bara den här personen (Slack-id, eller cli:<inloggningsnamn>)")
    .option("--from <YYYY-MM-DD>", "från och med dagen (svensk tid)")
    .option("--to <YYYY-MM-DD>", "till och med dagen (svensk tid)")
    .option("--limit <n>", "högst så många händelser (standard 100)")
    .option("--json", "skriv ut som JSON: { filters, entries: [ { id, at, caseRef, requestId, actor, action, kind, text, changed, before, after, omittedText } ], more }; strängar som kan vara fritext utelämnas")
    .action((opts: { case?: string; user?: string; from?: string; to?: string; limit?: string } & JsonOption) =>
      withDb(async (db) => {
        const listing = await cliAudit(db, opts);
        print(opts, listing, formatAuditListing(listing));
      }),
    );
}

function registerPaymentCommands(program: Command): void {
  const payment = program.command("payment").description("Utbetalningar av beviljade ansökningar och slutreglering (det som inte betalats ut går tillbaka till kategorin)");
  payment
    .command("add")
    .description("registrera en utbetalning (räknas som bekräftad av samordnare); aldrig mer än beviljat utan --override --reason")
    .requiredOption("--request <nr>", 'ansökningsnummer ("Ansökan nr 17")')
    .requiredOption("--amount <kr>", "utbetalt belopp i hela kronor")
    .requiredOption("--date <YYYY-MM-DD>", "utbetalningsdag (inte i framtiden)")
    .option("--note <text>", "anteckning (inga personuppgifter)")
    .option("--override", "administratör: tillåt mer än beviljat (kräver --reason och --by <administratörens Slack-id>)")
    .option("--reason <text>", "skäl till --override (inga personuppgifter)")
    .option("--by <slackUserId>", "samordnarens eller administratörens Slack-id (annars cli:<användare>)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { request: string; amount: string; date: string; note?: string; override?: boolean; reason?: string; by?: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliAddPayment(db, { ...opts, operator: operator() });
        print(opts, r, `Utbetalning ${formatKr(r.amount)} (${r.paidOn}) för ansökan nr ${r.requestId} är registrerad och bekräftad av ${r.actor}. Kvar att betala ut: ${formatKr(r.room)}.`);
      }),
    );
  payment
    .command("settle")
    .description("slutreglera en beviljad ansökan: beviljat − utbetalt går tillbaka till kategorierna (en gång)")
    .requiredOption("--request <nr>", 'ansökningsnummer ("Ansökan nr 17")')
    .option("--by <slackUserId>", "samordnarens eller administratörens Slack-id (annars cli:<användare>)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { request: string; by?: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliSettle(db, { ...opts, operator: operator() });
        print(opts, r, `Ansökan nr ${r.requestId} är slutreglerad: utbetalt ${formatKr(r.paid)}, ${formatKr(r.released)} tillbaka till budgeten.`);
      }),
    );
  payment
    .command("list")
    .description("visa utbetalningarna för en ansökan eller ett ärende: datum, belopp, status, vem som registrerade och bekräftade, och per ansökan beviljat, utbetalt, återfört och slutreglerad; aldrig anteckningar eller skäl (fritext); läsningen loggas")
    .option("--request <nr>", 'ansökningsnummer ("Ansökan nr 17")')
    .option("--case <ref>", "ärendenummer, t.ex. NSP004 (alla dess ansökningar med pengar)")
    .option("--by <slackUserId>", "samordnarens eller administratörens Slack-id (annars cli:<användare>)")
    .option("--json", "skriv ut som JSON: { caseRef, requests: [ { requestId, type, status, granted, paid, reported, released, settled, payments: [ { id, paidOn, amount, status, reportedBy, confirmedBy, confirmedAt, rejectedBy, overrideBy } ] } ] }")
    .action((opts: { request?: string; case?: string; by?: string } & JsonOption) =>
      withDb(async (db) => {
        const listing = await cliListPayments(db, { ...opts, operator: operator() });
        print(opts, listing, formatPaymentListing(listing));
      }),
    );
  payment
    .command("reject")
    .description("avvisa en felaktigt registrerad utbetalning (väntar på bekräftelse): räknas sedan inte alls; organisationen får ett DM utan skälets text")
    .requiredOption("--payment <id>", "utbetalningens nummer")
    .requiredOption("--reason <text>", "skäl (inga personuppgifter)")
    .requiredOption("--by <slackUserId>", "Slack-id för samordnaren eller administratören som avvisar (inte jävig, inte den som registrerade)")
    .option("--json", "skriv ut som JSON")
    .action((opts: { payment: string; reason: string; by: string } & JsonOption) =>
      withDb(async (db) => {
        const r = await cliRejectPayment(db, opts);
        print(opts, r, `Utbetalning nr ${r.paymentId} (${formatKr(r.amount)}) för ansökan nr ${r.requestId} är avvisad av ${r.actor}. Organisationen får ett meddelande när appen kör.`);
      }),
    );
}

async function main(): Promise<void> {
  loadDotEnv();
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof SandboxDatabaseInUse) {
      process.stderr.write(`Fel: ${err.message}\n`);
      process.exitCode = 78;
      return;
    }
    if (err instanceof AdminError) {
      process.stderr.write(`Fel: ${err.message}\n`);
    } else {
      // Prisma's messages carry a code frame; its last line is the cause.
      const lines = (err instanceof Error ? err.message : String(err)).split("\n").filter((l) => l.trim() !== "");
      const cause = (lines.at(-1)?.trim() ?? "okänt fel").replace(/\.$/, "");
      const hint = /reach database|ECONNREFUSED|does not exist|authentication/i.test(cause)
        ? " Kontrollera DATABASE_URL och att PostgreSQL är igång (npm run db:migrate skapar databasen)."
        : "";
      process.stderr.write(`Fel: kommandot misslyckades (command failed): ${cause}.${hint}\n`);
      if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    }
    process.exitCode = 1;
  }
}

/** Whether this file is the program being run (not imported by a test); symlinks resolved. */
function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) await main();
