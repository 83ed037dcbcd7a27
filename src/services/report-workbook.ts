// The period report as an Excel workbook for the funder (issue #15): Swedish Excel opens a
// comma-separated CSV as one column on double-click, so the funder gets an .xlsx next to the CSV
// files. One sheet per table, named as the annual report names them ("Tabell 1" …), plus "Om
// rapporten" (range, budget periods, how to read the figures). Numbers are numbers (so the funder
// can sum them), kronor have the number format `# ##0 "kr"`, percentages are fractions with the
// format `0%` (Excel shows "67 %" in a Swedish locale). A suppressed count is the text "<N" with an
// empty percentage. Tabell 1's decision notes and Tabell 2's grants per case are lists, so each has a
// sheet of its own with one row per item ("Tabell 1 – beslutsunderlag", "Tabell 2 – per ärende").
// No names and no free text: the same content as the CSV files.
//
// Written with exceljs (a maintained library, see README "Period report"). It lives in services/,
// not domain/: the domain layer is pure and may import only a short list of small packages
// (.dependency-cruiser.cjs `domain-is-pure`), and exceljs brings zip and stream dependencies. The
// function is still pure (a report in, bytes out); `/nsp rapport` and `npm run admin -- report`
// both call it.
import ExcelJS from "exceljs";
import { reportFiles, table1CaseRows, type ReportFile } from "../domain/report-output.js";
import { DIMENSION_LABEL, DIMENSIONS, TABLE1_ROW_LABEL, type PeriodReport } from "../domain/report.js";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const KR = '#,##0 "kr"';
const PERCENT = "0%";
const COUNT = "0";

type Cell = string | number | null;

/** Adds a sheet with a bold, frozen header row and the rows; `formats` gives a column's number format (1-based). */
function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][], formats: Record<number, string>, widths: number[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = widths[i] ?? 14;
  });
  for (const [col, fmt] of Object.entries(formats)) {
    ws.getColumn(Number(col)).eachCell((cell, row) => {
      if (row > 1 && typeof cell.value === "number") cell.numFmt = fmt;
    });
  }
}

/** An integer percent (67) as the fraction Excel formats as percent (0.67); null stays empty. */
const fraction = (p: number | null): number | null => (p === null ? null : p / 100);

export async function reportWorkbook(r: PeriodReport): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "NSP";
  wb.title = `Rapport NSP ${r.from} – ${r.to}`;

  const about: Cell[][] = [
    ["Period", `${r.from} – ${r.to}`],
    ["Budgetperiod", r.periods.length > 0 ? r.periods.map((p) => `${p.name} (${p.from} – ${p.to})`).join(", ") : "Ingen budgetperiod omfattar datumintervallet."],
    ["Ärenden", "Redovisas endast med ärendenummer (NSP001 …)."],
    ["Status", "Inkomna ansökningar räknas med sin status vid periodens slut."],
    ["Belopp", "Hela kronor."],
  ];
  if (r.suppressBelow !== null) about.push(["Små antal", `Antal under ${r.suppressBelow} i tabell 3 och 4 visas som "<${r.suppressBelow}" utan procent.`]);
  sheet(wb, "Om rapporten", ["Rapport NSP", ""], about, {}, [16, 90]);

  const t1: Cell[][] = r.table1.map((t) => [TABLE1_ROW_LABEL[t.type], t.received, t.granted, t.partlyGranted, t.denied, t.underReview, t.withdrawn]);
  // The case counts (new, already in the programme, moved), as in the CSV and the Markdown report.
  for (const c of table1CaseRows(r)) t1.push([c.label, c.count, null, null, null, null, null]);
  sheet(
    wb,
    "Tabell 1",
    ["Ärendehantering", "Inkomna", "Beviljade (inkl. delvis)", "varav delvis", "Nekade", "Under behandling", "Återkallade"],
    t1,
    { 2: COUNT, 3: COUNT, 4: COUNT, 5: COUNT, 6: COUNT, 7: COUNT },
    [48, 10, 12, 10, 10, 12, 12],
  );
  // One decision note per row, on a sheet of its own: joined into one cell they would pass Excel's
  // 32 767 characters per cell in a large range, and the counts' columns stay numbers only.
  const notes: Cell[][] = r.table1.flatMap((t) => t.notes.map((n) => [TABLE1_ROW_LABEL[t.type], n]));
  sheet(wb, "Tabell 1 – beslutsunderlag", ["Ärendehantering", "Beslutsunderlag"], notes, {}, [48, 100]);

  const t = r.table2Total;
  // Issue #13: paid and released, after Kvar as in the CSV. Kvar = Budget + Överfört in − Överfört ut
  // − Beviljat före perioden − Beviljat + Återfört; Utbetalt is part of what was granted (not in the sum).
  const t2: Cell[][] = r.table2.map((c) => [c.category, c.budget, c.transfersIn, c.transfersOut, c.grantedBefore, c.granted, c.remaining, c.paid, c.released]);
  t2.push(["Totalt", t.budget, t.transfersIn, t.transfersOut, t.grantedBefore, t.granted, t.remaining, t.paid, t.released]);
  const kr = { 2: KR, 3: KR, 4: KR, 5: KR, 6: KR, 7: KR, 8: KR, 9: KR };
  sheet(wb, "Tabell 2", ["Fördelning av medel", "Budget", "Överfört in", "Överfört ut", "Beviljat före perioden", "Beviljat", "Kvar", "Utbetalt", "Återfört"], t2, kr, [28, 14, 14, 14, 16, 14, 14, 14, 14]);
  // Each grant of the range, one per row (as the annual report lists them under its categories).
  const grants: Cell[][] = r.table2.flatMap((c) => c.grants.map((g) => [c.category, g.ref, g.amount]));
  sheet(wb, "Tabell 2 – per ärende", ["Kategori", "Ärende", "Beviljat"], grants, { 3: KR }, [28, 14, 14]);

  const t3: Cell[][] = [["Ansökningar om tillträde", null, r.table3.admissions, 1]];
  for (const d of DIMENSIONS) {
    for (const v of r.table3[d]) t3.push([DIMENSION_LABEL[d], v.label, v.count ?? `<${r.suppressBelow ?? "?"}`, fraction(v.percent)]);
  }
  sheet(wb, "Tabell 3", ["Bakgrund", "Värde", "Antal", "Procent av ansökningar om tillträde"], t3, { 3: COUNT, 4: PERCENT }, [24, 28, 10, 22]);

  const t4: Cell[][] = r.table4.map((o) => [o.label, o.count ?? `<${r.suppressBelow ?? "?"}`, fraction(o.percent)]);
  t4.push(["Totalt", r.closedCases, r.closedCases > 0 ? 1 : 0]);
  sheet(wb, "Tabell 4", ["Utfall", "Antal", "Procent av avslutade ärenden"], t4, { 2: COUNT, 3: PERCENT }, [30, 10, 22]);

  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** What `/nsp rapport` uploads: the Markdown report, the workbook and one CSV per table. */
export async function reportUploadFiles(r: PeriodReport): Promise<ReportFile[]> {
  const [md, ...csvs] = reportFiles(r);
  const xlsx: ReportFile = { filename: `nsp-rapport_${r.from}_${r.to}.xlsx`, title: `NSP-rapport ${r.from} – ${r.to} (Excel)`, content: await reportWorkbook(r) };
  return md ? [md, xlsx, ...csvs] : [xlsx, ...csvs];
}
