// Issue #15 item 2: the funder's workbook. Written by src/services/report-workbook.ts with exceljs and
// read back here with exceljs: one sheet per table named as the annual report names them, numbers
// as numbers (not text), kronor with a number format, percentages as fractions formatted as percent.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { reportMarkdown, table1Csv } from "../../src/domain/report-output.js";
import { buildReport, TABLE1_ROW_LABEL, type ReportCaseRow, type ReportInput, type ReportRequestRow } from "../../src/domain/report.js";
import type { RequestType } from "../../src/domain/types.js";
import { reportWorkbook, reportUploadFiles, XLSX_MIME } from "../../src/services/report-workbook.js";
import { readWorkbook } from "../helpers/xlsx.js";

const request = (over: Partial<ReportRequestRow>): ReportRequestRow => ({
  id: 1, type: "measure", status: "granted", caseRef: "NSP002", caseIsNew: false, days: null, children: null, protection: false,
  measure: "passport", quantity: 1, unitAmount: 1_300, requestedAmount: 1_300, grantedDays: null, grantedAmount: 1_300, ...over,
});
const kase = (over: Partial<ReportCaseRow>): ReportCaseRow => ({
  nationality: "NG", gender: "woman", ageBand: "18-25", childrenAccompanying: 0, childrenHome: 0, exploitation: ["sexual"], exploitedIn: ["SE"], policeReport: true, ...over,
});

const INPUT: ReportInput = {
  from: "2016-09-01",
  to: "2016-11-30",
  periods: [{ name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31" }],
  requests: [
    request({}),
    request({ id: 2, status: "denied", grantedAmount: 0 }),
    request({ id: 3, type: "inquiry", status: "received", measure: null, caseRef: null, caseIsNew: null }),
    request({ id: 4, type: "admission", status: "granted", measure: null, caseRef: "NSP009", caseIsNew: true }),
  ],
  categories: [{ key: "measure", name: "Stödinsatser", allocated: 10_000, transfersIn: 0, transfersOut: 0, grantedBefore: 0 }],
  grants: [{ categoryKey: "measure", requestId: 1, caseRef: "NSP002", amount: 1_300 }],
  cases: [kase({}), kase({ nationality: "RO" }), kase({ nationality: "RO", gender: "man" })],
  closedCases: [{ outcome: "returned" }, { outcome: "moved" }, { outcome: "moved" }],
};

const load = readWorkbook;

/** The row whose first cell is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row "${label}" in ${ws.name}`);
  return found;
}

/** RFC 4180 rows (quotes, doubled quotes, CRLF), the byte-order mark dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && s[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe("the report workbook (xlsx)", () => {
  it("Tabell 1 has the CSV's rows, in its order and with its counts, the moved cases included (so the files cannot drift apart)", async () => {
    const report = buildReport({ ...INPUT, transfers: [{ caseRef: "NSP002", caseIsNew: false }] });
    expect(report.cases.moved).toBe(1);
    const wb = await load(await reportWorkbook(report));
    const t1 = wb.getWorksheet("Tabell 1");
    if (!t1) throw new Error("no Tabell 1");
    const [head, ...csvRows] = parseCsv(table1Csv(report));
    const column = (name: string): number => (head ?? []).indexOf(name);
    const counts = ["Inkomna", "Beviljade (inkl. delvis)", "varav delvis", "Nekade", "Under behandling", "Återkallade"];
    const fromCsv = csvRows.map((r) => {
      const key = r[0] ?? "";
      // The CSV's request rows carry the request type ("Typ"); the workbook names them as the annual report does.
      const label = key.startsWith("cases_") ? r[1] : TABLE1_ROW_LABEL[key as RequestType];
      return [label, ...counts.map((c) => r[column(c)] ?? "")];
    });
    const fromWorkbook: string[][] = [];
    t1.eachRow((row, i) => {
      const text = (c: number): string => {
        const v = row.getCell(c + 1).value;
        return typeof v === "string" || typeof v === "number" ? String(v) : "";
      };
      if (i > 1) fromWorkbook.push(Array.from({ length: 7 }, (_, c) => text(c)));
    });
    expect(fromWorkbook).toEqual(fromCsv);
    expect(fromWorkbook.at(-1)).toEqual(["Antal som redan fanns i programmet och flyttade till en annan aktör", "1", "", "", "", "", ""]);
    // The Markdown report names every row the same way, with the same count.
    const md = reportMarkdown(report);
    for (const [label, received] of fromWorkbook) {
      expect(md.includes(`| ${label} | ${received} |`) || md.includes(`${label}: ${received}.`), `${label} in the Markdown`).toBe(true);
    }
  });


  it("has one sheet per table with Swedish names, numbers as numbers and percentages formatted as percent", async () => {
    const wb = await load(await reportWorkbook(buildReport(INPUT)));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Om rapporten", "Tabell 1", "Tabell 1 – beslutsunderlag", "Tabell 2", "Tabell 2 – per ärende", "Tabell 3", "Tabell 4"]);

    const t1 = wb.getWorksheet("Tabell 1");
    if (!t1) throw new Error("no Tabell 1");
    expect(t1.getRow(1).getCell(2).value).toBe("Inkomna");
    const measures = rowOf(t1, "Antal ansökningar om insats");
    expect(measures.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(measures.getCell(2).value).toBe(2);
    expect(measures.getCell(3).value).toBe(1); // beviljade
    expect(measures.getCell(5).value).toBe(1); // nekade
    // Inquiries are received only: the decision cells are empty, not 0 (as in the annual report).
    const inquiries = rowOf(t1, "Antal förfrågningar gällande specifik individ");
    expect(inquiries.getCell(2).value).toBe(1);
    expect(inquiries.getCell(3).type).toBe(ExcelJS.ValueType.Null);
    expect(rowOf(t1, "Antal ansökningar om tillträde").getCell(2).value).toBe(1);

    const t2 = wb.getWorksheet("Tabell 2");
    if (!t2) throw new Error("no Tabell 2");
    const cat = rowOf(t2, "Stödinsatser");
    expect(cat.getCell(2).value).toBe(10_000);
    expect(cat.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(cat.getCell(2).numFmt).toContain('"kr"');
    expect(rowOf(t2, "Totalt").getCell(7).value).toBe(8_700);
    const perCase = wb.getWorksheet("Tabell 2 – per ärende");
    expect(perCase?.getRow(2).values).toEqual([undefined, "Stödinsatser", "NSP002", 1_300]);
    expect(perCase?.getRow(2).getCell(3).numFmt).toContain('"kr"');

    const notes = wb.getWorksheet("Tabell 1 – beslutsunderlag");
    expect(notes?.getRow(2).values).toEqual([undefined, "Antal förfrågningar gällande specifik individ", "Utan ärendenummer: förfrågan – under behandling"]);
    expect(notes?.rowCount).toBe(1 + INPUT.requests.length);

    const t3 = wb.getWorksheet("Tabell 3");
    if (!t3) throw new Error("no Tabell 3");
    let ro: ExcelJS.Row | undefined;
    t3.eachRow((row) => {
      if (row.getCell(1).value === "Nationalitet" && row.getCell(2).value === "Rumänien") ro = row;
    });
    expect(ro?.getCell(3).value).toBe(2);
    expect(ro?.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(ro?.getCell(4).value).toBeCloseTo(0.67, 5); // 67 %: a fraction shown as percent
    expect(ro?.getCell(4).numFmt).toBe("0%");

    const t4 = wb.getWorksheet("Tabell 4");
    if (!t4) throw new Error("no Tabell 4");
    const moved = rowOf(t4, "Flyttat till annan verksamhet");
    expect(moved.getCell(2).value).toBe(2);
    expect(moved.getCell(3).value).toBeCloseTo(0.67, 5);
    expect(moved.getCell(3).numFmt).toBe("0%");
    expect(rowOf(t4, "Totalt").getCell(2).value).toBe(3);
  });

  it("Tabell 2 has Utbetalt and Återfört (issue #13) in kronor, and each row adds up to Kvar", async () => {
    const input: ReportInput = {
      ...INPUT,
      categories: [
        { key: "measure", name: "Stödinsatser", allocated: 10_000, transfersIn: 500, transfersOut: 0, grantedBefore: 2_000 },
        { key: "rest", name: "Vila", allocated: 50_000, transfersIn: 0, transfersOut: 500, grantedBefore: 0 },
      ],
      grants: [
        { categoryKey: "measure", requestId: 1, caseRef: "NSP002", amount: 1_300 },
        { categoryKey: "rest", requestId: 5, caseRef: "NSP009", amount: 39_000 },
      ],
      flows: [
        { requestId: 1, categoryKey: "measure", committed: 1_300, paid: 1_300, released: 0 },
        { requestId: 5, categoryKey: "rest", committed: 39_000, paid: 36_192, released: 2_808 },
      ],
    };
    const report = buildReport(input);
    const wb = await load(await reportWorkbook(report));
    const t2 = wb.getWorksheet("Tabell 2");
    if (!t2) throw new Error("no Tabell 2");
    // The same header names and order as the CSV (src/domain/report-output.ts).
    expect(t2.getRow(1).values).toEqual([undefined, "Fördelning av medel", "Budget", "Överfört in", "Överfört ut", "Beviljat före perioden", "Beviljat", "Kvar", "Utbetalt", "Återfört"]);
    const col = (name: string): number => {
      const i = (t2.getRow(1).values as unknown[]).indexOf(name);
      if (i < 1) throw new Error(`no column ${name}`);
      return i;
    };
    const num = (row: ExcelJS.Row, name: string): number => {
      const cell = row.getCell(col(name));
      expect(cell.type).toBe(ExcelJS.ValueType.Number);
      expect(cell.numFmt).toContain('"kr"');
      return cell.value as number;
    };
    const rest = rowOf(t2, "Vila");
    expect(num(rest, "Utbetalt")).toBe(36_192);
    expect(num(rest, "Återfört")).toBe(2_808);
    expect(num(rest, "Kvar")).toBe(50_000 - 500 - 39_000 + 2_808);
    const total = rowOf(t2, "Totalt");
    expect(num(total, "Utbetalt")).toBe(37_492);
    expect(num(total, "Återfört")).toBe(2_808);
    for (const label of ["Stödinsatser", "Vila", "Totalt"]) {
      const row = rowOf(t2, label);
      const sum = num(row, "Budget") + num(row, "Överfört in") - num(row, "Överfört ut") - num(row, "Beviljat före perioden") - num(row, "Beviljat") + num(row, "Återfört");
      expect(sum, label).toBe(num(row, "Kvar"));
    }
    // Without payments and releases the columns are there with zeros (numbers, not empty cells).
    const plain = await load(await reportWorkbook(buildReport(INPUT)));
    const cat = rowOf(plain.getWorksheet("Tabell 2") as ExcelJS.Worksheet, "Stödinsatser");
    expect(cat.getCell(col("Utbetalt")).value).toBe(0);
    expect(cat.getCell(col("Återfört")).value).toBe(0);
  });

  it("a suppressed count is the text \"<3\" and its percentage stays empty", async () => {
    const wb = await load(await reportWorkbook(buildReport(INPUT, { suppressBelow: 3 })));
    const t3 = wb.getWorksheet("Tabell 3");
    let ng: ExcelJS.Row | undefined;
    t3?.eachRow((row) => {
      if (row.getCell(1).value === "Nationalitet" && row.getCell(2).value === "Nigeria") ng = row;
    });
    expect(ng?.getCell(3).value).toBe("<3");
    expect(ng?.getCell(4).type).toBe(ExcelJS.ValueType.Null);
  });

  it("thousands of decision notes: one per row, no cell over Excel's 32 767 characters", async () => {
    const many = Array.from({ length: 3_000 }, (_, i) => request({ id: i + 1, caseRef: `NSP${String(i).padStart(4, "0")}` }));
    const wb = await load(await reportWorkbook(buildReport({ ...INPUT, requests: many })));
    expect(wb.getWorksheet("Tabell 1 – beslutsunderlag")?.rowCount).toBe(3_001);
    let longest = 0;
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => (longest = Math.max(longest, (typeof c.value === "string" ? c.value.length : 0)))));
    expect(longest).toBeLessThan(32_767);
  });

  it("an empty range still gives every sheet (zeros, no crash)", async () => {
    const wb = await load(await reportWorkbook(buildReport({ ...INPUT, periods: [], requests: [], categories: [], grants: [], cases: [], closedCases: [] })));
    expect(wb.worksheets).toHaveLength(7);
    const t4 = wb.getWorksheet("Tabell 4");
    if (!t4) throw new Error("no Tabell 4");
    expect(rowOf(t4, "Totalt").getCell(2).value).toBe(0);
  });

  it("is uploaded next to the Markdown report and the CSV files", async () => {
    const files = await reportUploadFiles(buildReport(INPUT));
    expect(files.map((f) => f.filename)).toEqual([
      "nsp-rapport_2016-09-01_2016-11-30.md",
      "nsp-rapport_2016-09-01_2016-11-30.xlsx",
      "tabell1_2016-09-01_2016-11-30.csv",
      "tabell2_2016-09-01_2016-11-30.csv",
      "tabell3_2016-09-01_2016-11-30.csv",
      "tabell4_2016-09-01_2016-11-30.csv",
    ]);
    const xlsx = files[1]?.content;
    expect(xlsx).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(xlsx as Uint8Array).subarray(0, 2).toString("latin1")).toBe("PK"); // a zip container
    expect(XLSX_MIME).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });
});
