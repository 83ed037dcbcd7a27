// The period report as files: JSON (machine-readable, the shape issue #5 fixes), one CSV per table
// and one Markdown document laid out like the programme's 2016 report. Pure functions.
//
// CSV: RFC 4180 (comma, double quotes), UTF-8 with a byte-order mark so that Excel shows å, ä, ö;
// amounts are plain integers in kronor and percentages plain integers, so spreadsheets can sum
// them (the Markdown shows "12 500 kr"). No names and no free text anywhere: case refs only.
// Each column has one meaning (issue #15): the machine key of a row is "nyckel" (Tabell 3:
// "bakgrundsnyckel" and "värdenyckel"), the Swedish name next to it has the Swedish heading.
// The separator stays a comma (RFC 4180, for scripts and LibreOffice); Swedish Excel, which expects
// ";" on double-click, gets the workbook instead (src/services/report-workbook.ts, "xlsx").
import { stringify } from "csv-stringify/sync";
import { formatKr, formatNumber, plural } from "./format.js";
import { countText, DIMENSION_LABEL, DIMENSIONS, MULTI_VALUED, TABLE1_ROW_LABEL, type DimensionValue, type PeriodReport } from "./report.js";

export const REPORT_FORMATS = ["md", "csv", "json", "xlsx"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFile {
  filename: string;
  title: string;
  /** Text (Markdown, CSV) or the bytes of a binary file (the xlsx workbook). */
  content: string | Uint8Array;
}

export function reportJson(r: PeriodReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

const csv = (rows: (string | number)[][]): string => stringify(rows, { bom: true, record_delimiter: "\r\n" });

/** A Table 1 count; null (an inquiry's granted/denied: not counted) is an empty cell. */
const count = (n: number | null): string | number => n ?? "";

/** Cases moved to another organisation in the range (issue #14), phrased as the 2016 report's Tabell 1. */
export const MOVED_LABEL = "Antal som redan fanns i programmet och flyttade till en annan aktör";

/** Tabell 1's case counts after the request rows, in the 2016 report's words: one list for the CSV,
 * the Markdown report and the workbook (src/services/report-workbook.ts), so none of them leaves a
 * row out or names it differently (tests/report/workbook.test.ts compares them). */
export function table1CaseRows(r: PeriodReport): { key: "cases_new" | "cases_existing" | "cases_moved"; label: string; count: number }[] {
  return [
    { key: "cases_new", label: "Antal nya ärenden som inkom under perioden", count: r.cases.new },
    { key: "cases_existing", label: "Antal ärenden som redan fanns i programmet", count: r.cases.existing },
    // Issue #14: the last row, so the rows above keep their places.
    { key: "cases_moved", label: MOVED_LABEL, count: r.cases.moved },
  ];
}

export function table1Csv(r: PeriodReport): string {
  return csv([
    // "Återkallade" (issue #12) is the last column, so the earlier columns keep their places.
    ["nyckel", "Typ", "Inkomna", "Beviljade (inkl. delvis)", "varav delvis", "Nekade", "Under behandling", "Beslutsunderlag", "Återkallade"],
    ...r.table1.map((t) => [t.type, t.label, t.received, count(t.granted), count(t.partlyGranted), count(t.denied), count(t.underReview), t.notes.join("; "), t.withdrawn]),
    ...table1CaseRows(r).map((c) => [c.key, c.label, c.count, "", "", "", "", "", ""]),
  ]);
}

export function table2Csv(r: PeriodReport): string {
  const t = r.table2Total;
  return csv([
    ["nyckel", "Kategori", "Budget", "Överfört in", "Överfört ut", "Beviljat före perioden", "Beviljat", "Kvar", "Beviljat per ärende", "Utbetalt", "Återfört"],
    ...r.table2.map((c) => [
      c.key,
      c.category,
      c.budget,
      c.transfersIn,
      c.transfersOut,
      c.grantedBefore,
      c.granted,
      c.remaining,
      c.grants.map((g) => `${g.ref}: ${g.amount}`).join("; "),
      c.paid,
      c.released,
    ]),
    ["total", "Totalt", t.budget, t.transfersIn, t.transfersOut, t.grantedBefore, t.granted, t.remaining, "", t.paid, t.released],
  ]);
}

export function table3Csv(r: PeriodReport): string {
  const rows: (string | number)[][] = [["bakgrundsnyckel", "Bakgrund", "värdenyckel", "Värde", "Antal", "Procent av ansökningar om tillträde"]];
  rows.push(["admissions", "Ansökningar om tillträde", "", "", r.table3.admissions, 100]);
  for (const d of DIMENSIONS) {
    for (const v of r.table3[d]) rows.push([d, DIMENSION_LABEL[d], v.value, v.label, countText(v, r.suppressBelow), v.percent ?? ""]);
  }
  return csv(rows);
}

/** Tabell 4: cases closed in the range by outcome, with the total. */
export function table4Csv(r: PeriodReport): string {
  return csv([
    ["nyckel", "Utfall", "Antal", "Procent av avslutade ärenden"],
    ...r.table4.map((t) => [t.outcome, t.label, countText(t, r.suppressBelow), t.percent ?? ""]),
    ["closed", "Avslutade ärenden", r.closedCases, r.closedCases > 0 ? 100 : 0],
  ]);
}

// ------------------------------------------------------------------------------------------------
// Markdown

/** Table cells: no pipes or line breaks from data (category names are operator-entered). */
const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const row = (cells: string[]): string => `| ${cells.map(cell).join(" | ")} |`;
const kr = (n: number): string => formatNumber(n);
const minus = (n: number): string => (n === 0 ? "0" : `-${formatNumber(n)}`);

function dimensionCells(values: readonly DimensionValue[], suppressBelow: number | null): [string, string] {
  if (values.length === 0) return ["–", "–"];
  const counts = values.map((v) => `${v.label}: ${countText(v, suppressBelow)}`).join(", ");
  const percents = values.map((v) => `${v.label}: ${v.percent === null ? "–" : `${v.percent} %`}`).join(", ");
  return [counts, percents];
}

export function reportMarkdown(r: PeriodReport): string {
  const out: string[] = [];
  out.push(`# Rapport NSP ${r.from} – ${r.to}`, "");
  out.push(
    r.periods.length > 0
      ? `Budgetperiod: ${r.periods.map((p) => `${p.name} (${p.from} – ${p.to})`).join(", ")}.`
      : "Ingen budgetperiod omfattar datumintervallet.",
  );
  out.push(
    "Ärenden redovisas endast med ärendenummer (NSP001 …). Inkomna ärenden räknas med sin status vid periodens slut.",
  );
  if (r.suppressBelow !== null) out.push(`Antal under ${r.suppressBelow} i tabell 3 visas som "<${r.suppressBelow}" utan procent.`);
  out.push("");

  out.push("## Tabell 1 – Ärendehantering", "", `Under perioden ${r.from} – ${r.to} inkom följande:`, "");
  out.push(row(["", "Inkomna", "Beviljade", "varav delvis", "Nekade", "Under behandling"]));
  out.push(row(["---", "---:", "---:", "---:", "---:", "---:"]));
  for (const t of r.table1) out.push(row([TABLE1_ROW_LABEL[t.type], String(t.received), String(count(t.granted)), String(count(t.partlyGranted)), String(count(t.denied)), String(count(t.underReview))]));
  const withdrawn = r.table1.reduce((a, t) => a + t.withdrawn, 0);
  if (withdrawn > 0) out.push("", `Varav återkallade av den sökande organisationen (inkomna, men inte beslutade): ${withdrawn}.`);
  const [fresh, existing, moved] = table1CaseRows(r);
  out.push("", [fresh, existing].map((c) => `${c?.label}: ${c?.count}.`).join(" "));
  if (moved && moved.count > 0) out.push("", `${moved.label}: ${moved.count}. Varje ärende räknas en gång, oavsett vilken organisation som ansökte.`);
  out.push("");
  out.push("### Beslutsunderlag", "");
  for (const t of r.table1) {
    if (t.notes.length === 0) continue;
    out.push(`**${t.label}**`, "", ...t.notes.map((n) => `- ${n}`), "");
  }

  out.push("## Tabell 2 – Fördelning av medel", "", "Fördelning av medel i förhållande till budget (kronor).", "");
  const cats = r.table2;
  if (cats.length === 0) out.push("Ingen budgetperiod med kategorier omfattar perioden.", "");
  else {
    out.push(row(["Fördelning av medel", ...cats.map((c) => c.category), "Totalt"]));
    out.push(row(["---", ...cats.map(() => "---:"), "---:"]));
    const t = r.table2Total;
    out.push(row(["Budget", ...cats.map((c) => kr(c.budget)), kr(t.budget)]));
    if (t.transfersIn || t.transfersOut) {
      out.push(row(["Överfört in", ...cats.map((c) => (c.transfersIn ? `+${kr(c.transfersIn)}` : "")), t.transfersIn ? `+${kr(t.transfersIn)}` : ""]));
      out.push(row(["Överfört ut", ...cats.map((c) => (c.transfersOut ? minus(c.transfersOut) : "")), t.transfersOut ? minus(t.transfersOut) : ""]));
    }
    if (t.grantedBefore) out.push(row([`Beviljat före ${r.from}`, ...cats.map((c) => (c.grantedBefore ? minus(c.grantedBefore) : "")), minus(t.grantedBefore)]));
    // One row per grant, in the column of its category (as in the report).
    for (const [i, c] of cats.entries()) {
      for (const g of c.grants) out.push(row([g.ref, ...cats.map((_, j) => (j === i ? minus(g.amount) : "")), ""]));
    }
    // Money that came back (issue #13) is free again: it is added back before the result.
    if (t.released) out.push(row(["Återfört", ...cats.map((c) => (c.released ? `+${kr(c.released)}` : "")), `+${kr(t.released)}`]));
    out.push(row(["Kostnader", ...cats.map((c) => kr(c.grantedBefore + c.granted - c.released)), kr(t.grantedBefore + t.granted - t.released)]));
    if (t.paid) out.push(row(["Varav utbetalt", ...cats.map((c) => kr(c.paid)), kr(t.paid)]));
    out.push(row(["Resultat (kvar)", ...cats.map((c) => kr(c.remaining)), kr(t.remaining)]));
    out.push("", `Totalt beviljat under perioden: ${formatKr(t.granted)}; kvar i kategorierna: ${formatKr(t.remaining)}.`, "");
  }

  out.push("## Tabell 3 – Bakgrundsinformation", "");
  out.push(`Bakgrundsinformation om de individer som ansökningarna om tillträde gäller (${plural(r.table3.admissions, "ansökan", "ansökningar")} om tillträde).`, "");
  out.push(row(["Bakgrund", "Antal per kategori", "Procentuell fördelning i förhållande till totala antalet ansökningar om tillträde"]));
  out.push(row(["---", "---", "---"]));
  for (const d of DIMENSIONS) {
    const [counts, percents] = dimensionCells(r.table3[d], r.suppressBelow);
    out.push(row([DIMENSION_LABEL[d], counts, MULTI_VALUED.has(d) && r.table3[d].length > 0 ? `${percents} (summerar inte till 100 %)` : percents]));
  }
  out.push(
    "",
    "Procenten är avrundade så att varje kategori summerar till 100 % (största rest-metoden). " +
      "Typ av människohandel: ärenden med flera typer räknas som Multipel. " +
      "Utnyttjad i land: ett ärende räknas i varje land det utnyttjats i, så procenten summerar inte till 100.",
    "",
  );

  out.push("## Tabell 4 – Avslutade ärenden", "");
  if (r.closedCases === 0) out.push(`Inga ärenden avslutades under perioden ${r.from} – ${r.to}.`, "");
  else {
    out.push(`Ärenden som avslutades under perioden ${r.from} – ${r.to}, efter utfall (${plural(r.closedCases, "ärende", "ärenden")}).`, "");
    out.push(row(["Utfall", "Antal", "Procent"]));
    out.push(row(["---", "---:", "---:"]));
    for (const t of r.table4) out.push(row([t.label, countText(t, r.suppressBelow), t.percent === null ? "–" : `${t.percent} %`]));
    out.push(row(["Totalt", String(r.closedCases), "100 %"]));
    out.push("", "Ett ärende räknas med sitt nuvarande avslutsdatum och utfall; ett återöppnat ärende räknas inte förrän det avslutas igen.", "");
  }
  return out.join("\n");
}

/** The files uploaded to Slack: the Markdown report and one CSV per table (Tabell 4 only when a case was closed in the range). */
export function reportFiles(r: PeriodReport): ReportFile[] {
  const span = `${r.from}_${r.to}`;
  return [
    { filename: `nsp-rapport_${span}.md`, title: `NSP-rapport ${r.from} – ${r.to}`, content: reportMarkdown(r) },
    { filename: `tabell1_${span}.csv`, title: "Tabell 1 – Ärendehantering", content: table1Csv(r) },
    { filename: `tabell2_${span}.csv`, title: "Tabell 2 – Fördelning av medel", content: table2Csv(r) },
    { filename: `tabell3_${span}.csv`, title: "Tabell 3 – Bakgrundsinformation", content: table3Csv(r) },
    // Tabell 4 as a file only when a case was closed in the range (the Markdown says so otherwise).
    ...(r.closedCases > 0 ? [{ filename: `tabell4_${span}.csv`, title: "Tabell 4 – Avslutade ärenden", content: table4Csv(r) }] : []),
  ];
}
