// Every free-text field of the operator CLI goes through the personal-data guard (issue #10 item 4):
// the program's commands are walked, every option and argument must be listed below as free text or
// as something else (with the reason), and every free-text field is run through the real CLI with
// a personnummer in it: exit code 1, a Swedish error naming the field, nothing printed or stored.
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProgram } from "../../commands/admin.js";
import { seed } from "../../commands/seed.js";
import { addOrganisation, AdminError } from "../../src/services/admin.js";
import { cliAddLine, cliCreatePeriod } from "../../src/services/budget-admin.js";
import { upsertGroup } from "../../src/services/groups.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { USERS } from "../helpers/harness.js";
import { insertRequest } from "../helpers/requests.js";

const db = testDb();
let requestId = 0;
beforeAll(async () => {
  await truncateAll(db);
  await seed(db, { demoMembers: true });
  const org = await db.organisation.findUniqueOrThrow({ where: { name: "Frälsningsarmén" } });
  await db.member.create({ data: { slackUserId: USERS.applicant, orgId: org.id, role: "applicant" } });
  requestId = await insertRequest(db, { type: "measure", measure: "legal_counsel", quantity: 6, unitAmount: 2_500 });
});
afterAll(() => closeDb(db));

interface FreeText {
  /** How the error names the field. */
  label: string;
  /** A command line that is valid apart from `text` in this field. */
  args: (text: string) => string[];
  /** What the command would have stored. */
  stored: () => Promise<number>;
}

const PERIOD = ["--period", "Pilot 2016"];

// Free text an operator types that is stored and shown (Slack, the calendar feed, reports).
const FREE_TEXT: Record<string, FreeText> = {
  "org add <name>": { label: "Organisationens namn", args: (t) => ["org", "add", t], stored: () => db.organisation.count() },
  "budget period create <name>": {
    label: "Periodens namn",
    args: (t) => ["budget", "period", "create", t, "--from", "2030-01-01", "--to", "2030-12-31"],
    stored: () => db.budgetPeriod.count(),
  },
  "budget line add <label>": {
    label: "Postens namn",
    args: (t) => ["budget", "line", "add", t, "--kind", "cost", "--amount", "100", ...PERIOD],
    stored: () => db.budgetLine.count(),
  },
  "budget line add --spec": {
    label: "--spec",
    args: (t) => ["budget", "line", "add", "Hyra", "--kind", "cost", "--amount", "100", "--spec", t, ...PERIOD],
    stored: () => db.budgetLine.count(),
  },
  "budget transfer --reason": {
    label: "--reason",
    args: (t) => ["budget", "transfer", ...PERIOD, "--from", "integration", "--to", "rest", "--amount", "1", "--reason", t],
    stored: () => db.budgetTransfer.count(),
  },
  "budget override --reason": {
    label: "--reason",
    args: (t) => ["budget", "override", "--request", String(requestId), "--amount", "100", "--reason", t, "--by", "U0DEMOADMIN"],
    stored: () => db.budgetOverride.count(),
  },
  "case erase --reason": {
    label: "--reason",
    args: (t) => ["case", "erase", "NSP001", "--reason", t, "--by", "U0DEMOADMIN"],
    stored: () => db.auditEntry.count(),
  },
  // Issue #14: the reason a case is moved to another organisation (checked before anything is looked up).
  // Issue #13: a payment's note and an admin's reason to pay more than granted.
  "payment add --note": {
    label: "--note",
    args: (t) => ["payment", "add", "--request", String(requestId), "--amount", "100", "--date", "2016-09-01", "--note", t],
    stored: () => db.payment.count(),
  },
  "payment add --reason": {
    label: "--reason",
    args: (t) => ["payment", "add", "--request", String(requestId), "--amount", "100", "--date", "2016-09-01", "--override", "--reason", t, "--by", "U0DEMOADMIN"],
    stored: () => db.payment.count(),
  },
  // Review of #13: the reason a reported payment is rejected (checked before anything is looked up).
  "payment reject --reason": {
    label: "--reason",
    args: (t) => ["payment", "reject", "--payment", "1", "--reason", t, "--by", "U0DEMOADMIN"],
    stored: () => db.payment.count({ where: { status: "rejected" } }),
  },
  "case move --reason": {
    label: "--reason",
    args: (t) => ["case", "move", "NSP001", "--to", "Talita", "--reason", t, "--by", "U0DEMOADMIN"],
    stored: () => db.caseTransfer.count(),
  },
  "group add <name>": { label: "Gruppens namn", args: (t) => ["group", "add", t, "--channel", "C0ABCDEF"], stored: () => db.workingGroup.count() },
  "group add --description": {
    label: "--description",
    args: (t) => ["group", "add", "Grupp X", "--channel", "C0ABCDEF", "--description", t],
    stored: () => db.workingGroup.count(),
  },
};

// Everything else that takes a value, and why it is not free text. (Flags without a value are not listed.)
const NOT_FREE_TEXT: Record<string, string> = {
  "org certify <name>": "looks up an existing organisation",
  "org add --certified-until": "a date (YYYY-MM-DD), parsed by parseDateArg",
  "org certify --certified-until": "a date (YYYY-MM-DD), parsed by parseDateArg",
  "org uncertify <name>": "looks up an existing organisation",
  "member add <slackUserId>": "Slack id, checked against U…/W…",
  "member add --org": "looks up an existing organisation",
  "member add --role": "one of ROLES",
  "member list --org": "looks up an existing organisation",
  "member remove <slackUserId>": "Slack id",
  "rates show --date": "date",
  "budget period create --from": "date",
  "budget period create --to": "date",
  "budget period create --copy-from": "looks up an existing period",
  "budget period create --by": "Slack id",
  "budget show --period": "looks up an existing period",
  "budget forecast --period": "looks up an existing period",
  "budget transfer --from": "category key",
  "budget transfer --to": "category key",
  "budget transfer --amount": "whole kronor",
  "budget transfer --period": "looks up an existing period",
  "budget transfer --by": "Slack id",
  "budget allocate --category": "category key",
  "budget allocate --amount": "whole kronor",
  "budget allocate --period": "looks up an existing period",
  "budget line add --kind": "income or cost",
  "budget line add --amount": "whole kronor",
  "budget line add --period": "looks up an existing period",
  "budget line add --by": "Slack id",
  "budget override --request": "request id",
  "budget override --amount": "whole kronor",
  "budget override --by": "Slack id",
  "report --from": "date",
  "report --to": "date",
  "report --format": "one of REPORT_FORMATS",
  "report --out": "a local directory, nothing stored",
  "report --suppress-below": "number",
  "group add --channel": "channel id",
  "group add --convener": "Slack id",
  "group join <name>": "looks up an existing group",
  "group join <slackUserId>": "Slack id",
  "group leave <name>": "looks up an existing group",
  "group leave <slackUserId>": "Slack id",
  "reminders retry <id>": "reminder id",
  "outbox retry <id>": "outbox id",
  "case close <ref>": "case ref NSP…",
  "case close --outcome": "one of CASE_OUTCOMES",
  "case close --date": "date",
  "case close --by": "Slack id",
  "case reopen <ref>": "case ref NSP…",
  "case reopen --by": "Slack id",
  "case move <ref>": "case ref NSP…",
  "case move --to": "looks up an existing organisation",
  "case move --by": "Slack id",
  "audit --case": "case ref NSP…, nothing stored",
  "audit --user": "Slack id, nothing stored",
  "audit --from": "date",
  "audit --to": "date",
  "audit --limit": "number",
  "payment add --request": "request number",
  "payment add --amount": "amount in kr",
  "payment add --date": "date",
  "payment add --by": "Slack id",
  "payment settle --request": "request number",
  "payment settle --by": "Slack id",
  "payment list --request": "request number, nothing stored",
  "payment list --case": "case ref NSP…, nothing stored",
  "payment list --by": "Slack id",
  "payment reject --payment": "payment number",
  "payment reject --by": "Slack id",
  "case erase <ref>": "case ref NSP…",
  "case erase --by": "Slack id",
  "case export <ref>": "case ref NSP…",
  "case export --by": "Slack id",
  "case export --out": "a local directory, nothing stored",
};

/** "budget line add --spec", "org add <name>" … for every leaf command's arguments and value options. */
function cliFields(cmd: Command, path: string[] = []): string[] {
  if (cmd.commands.length > 0) return cmd.commands.flatMap((c) => cliFields(c, [...path, c.name()]));
  const at = path.join(" ");
  return [
    ...cmd.registeredArguments.map((a) => `${at} <${a.name()}>`),
    ...cmd.options.filter((o) => o.required || o.optional).map((o) => `${at} ${o.long ?? o.flags}`),
  ];
}

describe("the CLI's free-text fields", () => {
  it("are all listed: every argument and value option is free text (checked below) or says why not", () => {
    const fields = cliFields(buildProgram());
    const listed = new Set([...Object.keys(FREE_TEXT), ...Object.keys(NOT_FREE_TEXT)]);
    expect(fields.filter((f) => !listed.has(f)), "new CLI fields: add them to FREE_TEXT (and check them) or NOT_FREE_TEXT").toEqual([]);
    expect([...listed].filter((f) => !fields.includes(f)), "listed fields the CLI no longer has").toEqual([]);
    expect(Object.keys(FREE_TEXT).filter((f) => f in NOT_FREE_TEXT)).toEqual([]);
  });

  it.each(Object.entries(FREE_TEXT))("%s refuses a personnummer: exit 1, the field named, nothing stored", async (_, field) => {
    const before = await field.stored();
    const out = await cli(field.args("Avser 850101-1236"));
    expect(out.code, out.stderr).toBe(1);
    expect(out.stderr).toMatch(new RegExp(`^Fel: ${field.label.replace(/-/g, "\\-")}: Texten innehåller något som ser ut som ett personnummer\\.`));
    expect(out.stderr).not.toContain("1236");
    expect(out.stdout).toBe("");
    expect(await field.stored()).toBe(before);
  });
});

describe("the services behind the CLI refuse personal data for every caller", () => {
  it("budget line: the review's example (name + pnr in the label, address + phone in the spec)", async () => {
    const before = await db.budgetLine.count();
    await expect(cliAddLine(db, { kind: "cost", label: "Hyra åt Anna, pnr 850101-1236", amount: "100", period: "Pilot 2016", actor: "cli:test" })).rejects.toThrow(
      /^Postens namn: Texten innehåller något som ser ut som ett personnummer/,
    );
    const spec = cliAddLine(db, { kind: "cost", label: "Hyra", amount: "100", spec: "Storgatan 12, tel 070-123 45 67", period: "Pilot 2016", actor: "cli:test" });
    await expect(spec).rejects.toThrow(AdminError);
    await expect(spec).rejects.toThrow(/^--spec: .*telefonnummer.*adress/);
    expect(await db.budgetLine.count()).toBe(before);
  });

  it("group names (which become the calendar's address) and period names (shown in Slack)", async () => {
    await expect(upsertGroup(db, { name: "Grupp heter Maria 070-1234567", channel: "C0ABCDEF" })).rejects.toThrow(/^Gruppens namn: .*telefonnummer/);
    await expect(upsertGroup(db, { name: "Kontakt Maria", channel: "C0ABCDEF", description: "Namn = Maria" })).rejects.toThrow(/^--description: .*namn/);
    expect(await db.workingGroup.findFirst({ where: { slug: { startsWith: "grupp-heter" } } })).toBeNull();
    await expect(cliCreatePeriod(db, { name: "Period anna@example.se", from: "2031-01-01", to: "2031-12-31", actor: "cli:test" })).rejects.toThrow(
      /^Periodens namn: .*e-postadress/,
    );
    expect(await db.budgetPeriod.count({ where: { name: { contains: "anna" } } })).toBe(0);
  });

  it("organisation names: no identity number, phone or e-mail; a person's or street's name may be an organisation's", async () => {
    await expect(addOrganisation(db, "Jouren 070-123 45 67")).rejects.toThrow(/^Organisationens namn: .*telefonnummer/);
    await expect(addOrganisation(db, "Jouren info@jouren.se")).rejects.toThrow(/^Organisationens namn: .*e-postadress/);
    await expect(addOrganisation(db, "Jouren 850101-1236")).rejects.toThrow(/^Organisationens namn: .*personnummer/);
    await expect(addOrganisation(db, "Stiftelsen Storgatan 12")).resolves.toMatchObject({ name: "Stiftelsen Storgatan 12" });
  });
});
