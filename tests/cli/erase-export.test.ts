// `npm run admin -- case erase|export` (issue #14, item 3) through the real CLI: only an admin
// (looked up in the member table) may erase or export; the export file holds one case and nothing
// of another, and the read is audited ("case.export").
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ERASED_TEXT } from "../../src/domain/erasure.js";
import { cli } from "../helpers/cli.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";
import { caseWithText, tablesText, type CaseWithText } from "../helpers/erasure.js";
import { seedFixtures, USERS } from "../helpers/harness.js";

const db = testDb();
afterAll(() => closeDb(db));
let a: CaseWithText;
let b: CaseWithText;
beforeEach(async () => {
  await truncateAll(db);
  await seedFixtures(db);
  a = await caseWithText(db, "NSP004", "alfa");
  b = await caseWithText(db, "NSP005", "beta");
});

describe("case erase", () => {
  it("is refused for a coordinator (not an admin): exit 1, a Swedish error, nothing erased", async () => {
    const out = await cli(["case", "erase", "NSP004", "--reason", "Begäran om radering", "--by", USERS.coordinator]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`Fel: ${USERS.coordinator} är inte administratör i NSP-appen; bara administratörer får radera ett ärendes text.\n`);
    expect(await tablesText(db)).toContain("Underlag alfa");
  });

  it("erases at once for an admin, and says what", async () => {
    const out = await cli(["case", "erase", "NSP004", "--reason", "Begäran om radering", "--by", USERS.admin, "--json"]);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ caseRef: "NSP004", requests: 2, infoRequests: 1, overrides: 1, auditEntries: 1 });
    const text = await tablesText(db);
    expect(text).not.toContain("alfa");
    expect(text).toContain("Underlag beta");
    expect((await db.request.findUniqueOrThrow({ where: { id: a.rest } })).justification).toBe(ERASED_TEXT);
  });
});

describe("case export", () => {
  it("writes one JSON file (and a readable .txt) with everything about the case and nothing about the other; the read is audited", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nsp-export-"));
    try {
      const out = await cli(["case", "export", "NSP004", "--by", USERS.admin, "--out", dir]);
      expect(out.code, out.stderr).toBe(0);
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(2);
      expect(files[0]).toMatch(/^NSP004-export-\d{8}T\d{6}Z\.json$/);
      expect(files[1]).toBe(files[0]?.replace(/\.json$/, ".txt"));
      expect(out.stdout.trim().split("\n")).toEqual(files.map((f) => join(dir, f)));
      const path = join(dir, files[0] ?? "");
      for (const f of files) expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
      // The readable copy: the same case's text, nothing of the other.
      const txt = await readFile(join(dir, files[1] ?? ""), "utf8");
      expect(txt).toMatch(/^Ärende NSP004 – export /);
      for (const t of ["Underlag alfa", "Fråga alfa", "Svar alfa", "Motivering alfa", "Överskridande alfa", "Flytt alfa", "Avslutat: Återvändande, 2016-11-30"]) expect(txt).toContain(t);
      expect(txt).not.toContain("beta");
      // A readable Swedish copy: codes as their Swedish labels, as in the case file (not "kön woman").
      expect(txt).toContain("Bakgrund: Nationalitet: Nigeria; Kön: Kvinna; Ålder: 18–25");
      expect(txt).not.toMatch(/\b(woman|sexual|18-25|NG|SE)\b/);
      const raw = await readFile(path, "utf8");
      const data = JSON.parse(raw) as { case: { ref: string }; requests: { id: number; justification: string }[]; auditEntries: unknown[]; outboxMessages: unknown[] };
      expect(data.case.ref).toBe("NSP004");
      expect(data.requests.map((r) => r.id)).toEqual([a.rest, a.measure]);
      for (const t of ["Underlag alfa", "Fråga alfa", "Svar alfa", "Motivering alfa", "Avslag alfa", "Överskridande alfa", "Flytt alfa"]) expect(raw).toContain(t);
      expect(raw).not.toContain("beta");
      expect(raw).not.toContain("NSP005");
      expect(raw).not.toMatch(new RegExp(`"requestId": (${b.rest}|${b.measure})\\b`));
      expect(raw).not.toMatch(new RegExp(`"caseId": ${b.caseId}\\b`));
      expect(await db.auditEntry.findMany({ where: { action: "case.export" } })).toMatchObject([{ caseId: a.caseId, actor: USERS.admin }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is refused for a non-admin: exit 1, no file, no audit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nsp-export-"));
    try {
      const out = await cli(["case", "export", "NSP004", "--by", USERS.applicant, "--out", dir]);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/^Fel: U0APPL är inte administratör/);
      expect(await readdir(dir)).toEqual([]);
      expect(await db.auditEntry.count({ where: { action: "case.export" } })).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("case export of a moved and paid case", () => {
  it("the files hold the case's handover, payments, releases and co-funding, and nothing of another moved and paid case", async () => {
    const c = await caseWithText(db, "NSP006", "gamma", { money: true });
    await caseWithText(db, "NSP007", "delta", { money: true });
    const dir = await mkdtemp(join(tmpdir(), "nsp-export-"));
    try {
      const out = await cli(["case", "export", "NSP006", "--by", USERS.admin, "--out", dir]);
      expect(out.code, out.stderr).toBe(0);
      const files = (await readdir(dir)).sort();
      const txt = await readFile(join(dir, files[1] ?? ""), "utf8");
      expect(txt).toMatch(/^Överlämnat .* från Frälsningsarmén till Talita av U0COORD: Överlämning gamma: flyttat till annan ort$/m);
      expect(txt).toMatch(/^ {2}Utbetalning 1.000 kr 2016-09-30, bekräftad; registrerad av U0APPL .*, bekräftad av U0COORD .*; anteckning: Betalning gamma: första delen$/m);
      expect(txt).toMatch(/^ {2}Utbetalning 5.500 kr 2016-10-05, bekräftad; .*; mer än beviljat tillåtet av U0ADMIN: Merbetalning gamma: dyrare ombud$/m);
      expect(txt).toMatch(/^ {2}Frigjort 35.000 kr till .* \(slutreglerad\) av U0COORD /m);
      expect(txt).toMatch(/^ {2}Medfinansiering: minus 500 kr från Migrationsverket/m);
      expect(txt).toMatch(/^ {2}Slutreglerad .* av U0COORD$/m);
      for (const t of ["delta", "NSP007"]) expect(txt).not.toContain(t);
      const raw = await readFile(join(dir, files[0] ?? ""), "utf8");
      const data = JSON.parse(raw) as { transfers: { id: number; reason: string }[]; requests: { payments: { note: string | null }[]; releases: unknown[] }[] };
      expect(data.transfers.map((t) => t.id)).toEqual([c.transferId]);
      expect(data.requests.flatMap((r) => r.payments.map((p) => p.note))).toEqual(["Betalning gamma: första delen", null]);
      expect(data.requests.flatMap((r) => r.releases)).toHaveLength(1);
      for (const t of ["delta", "NSP007"]) expect(raw).not.toContain(t);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
