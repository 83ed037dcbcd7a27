// What the operator CLI prints: plain-text tables (Swedish amounts and dates) and the report's
// output. Pure functions over the data the services return (src/services/admin.ts,
// budget-admin.ts, report.ts); commands/admin.ts prints them, `--json` prints the data instead.
import { actionText, fieldText } from "../src/domain/audit.js";
import { requestName, requestNo, REQUEST_TYPE_SHORT } from "../src/domain/request-name.js";
import type { AuditListing } from "../src/services/audit-log.js";
import { daysText, formatDate, formatDateTime, formatKr, formatNumber, isoDay, plural } from "../src/domain/format.js";
import { CASE_OUTCOME_LABEL, MEASURE_LABEL, REQUEST_STATUS_LABEL, REQUEST_TYPE_LABEL, type MeasureKind } from "../src/domain/types.js";
import { backgroundFields } from "../src/domain/case-file.js";
import type { CaseExport, ErasureCounts } from "../src/services/erasure.js";
import { coFundingText, PAYMENT_STATUS_LABEL } from "../src/domain/payment.js";
import type { BudgetReport } from "../src/domain/budget.js";
import { funderText, noTopUpLines, type Forecast } from "../src/domain/forecast.js";
import type { PeriodReport } from "../src/domain/report.js";
import { reportJson, reportMarkdown, table1Csv, table2Csv, table3Csv, table4Csv, type ReportFormat } from "../src/domain/report-output.js";
import type { RatesReport } from "../src/services/admin.js";
import type { PeriodListItem } from "../src/services/budget-admin.js";
import type { PaymentListing } from "../src/services/payment-list.js";

/** `case erase`'s answer: what was replaced, each count with its own singular or plural. */
export function erasedText(r: ErasureCounts & { caseRef: string }): string {
  const counts = [
    plural(r.requests, "ansökan", "ansökningar"),
    plural(r.infoRequests, "komplettering", "kompletteringar"),
    plural(r.overrides, "budgetöverskridande", "budgetöverskridanden"),
    plural(r.payments, "utbetalning", "utbetalningar"),
    plural(r.transfers, "överlämning", "överlämningar"),
    plural(r.auditEntries, "loggrad", "loggrader"),
  ];
  const updates = r.slackUpdates === 1 ? "1 Slack-meddelande uppdateras" : `${r.slackUpdates} Slack-meddelanden uppdateras`;
  return `Fritexten i ärendet ${r.caseRef} är raderad: ${counts.join(", ")}. ${updates} när appen kör.`;
}

/** `case move`'s answer. */
export function movedText(r: { caseRef: string; from: string; to: string; messages: number }): string {
  const dms = r.messages === 1 ? "1 meddelande till organisationernas medlemmar skickas" : `${r.messages} meddelanden till organisationernas medlemmar skickas`;
  return `Ärendet ${r.caseRef} är flyttat från ${r.from} till ${r.to}. ${dms} när appen kör.`;
}

/** `reminders retry` / `outbox retry`: what was queued again. */
export function requeuedText(kind: "reminders" | "messages", ids: readonly number[]): string {
  if (ids.length === 0) return kind === "reminders" ? "Inga döda påminnelser att köa igen." : "Inga döda meddelanden att köa igen.";
  const what =
    kind === "reminders"
      ? plural(ids.length, "påminnelse köad", "påminnelser köade")
      : plural(ids.length, "meddelande köat", "meddelanden köade");
  const it = ids.length > 1 ? "de" : kind === "reminders" ? "den" : "det";
  return `${what} igen (${ids.join(", ")}); ${it} skickas vid nästa svep.`;
}

/** Today's calendar date in Sweden, as YYYY-MM-DD. */
export function todayInStockholm(now: Date = new Date()): string {
  return formatDate(now);
}

/** Rows as an aligned plain-text table (first row is the header). */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The rates report as plain text lines (Swedish amounts: "1 200 kr/dag", "500–5 000 kr", "30 dagar"). */
export function formatRatesReport(report: RatesReport): string {
  const { period } = report;
  const r = period.rates;
  const perDay = (n: number) => `${formatKr(n)}/dag`;
  const lines = [`Budgetperiod: ${period.name} (${period.from} – ${period.to})`];
  if (report.note) lines.push(`Obs: ${report.note}`);
  lines.push("");
  lines.push(
    formatTable([
      ["Schablon", "Belopp"],
      ["Vila, per dag", perDay(r.restDailyRate)],
      ["Vila, per medföljande barn", perDay(r.restChildDailyRate)],
      ["Skydd (skyddat boende), per dag", perDay(r.protectionDailyRate)],
      ["Integration, per dag", perDay(r.integrationDailyRate)],
      ["Integration, per medföljande barn", perDay(r.integrationChildDailyRate)],
      ["Vila, högst", `${formatNumber(r.restMaxDays)} dagar`],
      ["Integration, högst", `${formatNumber(r.integrationMaxDays)} dagar`],
      ["Insats", `${formatNumber(r.measureMinAmount)}–${formatKr(r.measureMaxAmount)}`],
      ["Administrativt påslag", `${r.overheadPercent} %`],
    ]),
  );
  return lines.join("\n");
}

/** `budget period list`: one row per period with its totals. */
export function formatPeriodList(items: PeriodListItem[]): string {
  if (items.length === 0) return "Inga budgetperioder ännu.";
  return formatTable([
    ["Period", "Från", "Till", "Intäkter", "Fördelat", "Beviljat", "Ej fördelat"],
    ...items.map((p) => [p.name, p.from, p.to, formatKr(p.income), formatKr(p.allocations), formatKr(p.committed), formatKr(p.result)]),
  ]);
}

/** `budget show` (and after every budget change): the categories as a table, then the lines and totals. */
export function formatBudgetReport(r: BudgetReport): string {
  const t = r.totals;
  const rows = [
    ["Kategori", "Nyckel", "Tilldelat", "Överfört in", "Överfört ut", "Beviljat", "Kvar", "Använt", "Utbetalt", "Återfört"],
    ...r.categories.map((c) => [
      c.name,
      c.key,
      formatKr(c.allocated),
      formatKr(c.transfersIn),
      formatKr(c.transfersOut),
      formatKr(c.committed),
      formatKr(c.remaining),
      c.usedPercent === null ? "–" : `${c.usedPercent} %`,
      formatKr(c.paid),
      formatKr(c.released),
    ]),
  ];
  const lines = r.lines.map((l) => `  ${l.kind === "income" ? "+" : "-"} ${l.label}${l.spec ? ` (${l.spec})` : ""}: ${formatKr(l.amount)}`);
  return [
    `Budget ${r.period.name} (${r.period.from} – ${r.period.to})`,
    formatTable(rows),
    "",
    "Intäkter och övriga kostnader:",
    ...lines,
    `Intäkter ${formatKr(t.income)} · kostnader ${formatKr(t.costs)} · bidrag ${formatKr(t.allocations)} · OH ${r.period.overheadPercent} % ${formatKr(t.overhead)} · ` +
      `summa kostnader ${formatKr(t.totalCosts)} · resultat ${formatKr(t.result)}`,
  ].join("\n");
}

/** `budget forecast`: per category remaining, pending, projected and top-up; per post; the funder text. */
export function formatForecast(f: Forecast): string {
  const rows = [
    ["Kategori", "Nyckel", "Kvar", "Under behandling", "Prognos", "Från posten", "Tillskott"],
    ...f.categories.map((c) => [c.name, c.key, formatKr(c.remaining), formatKr(c.pending), formatKr(c.projected), formatKr(c.fromPost), formatKr(c.topUp)]),
  ];
  const posts = f.posts.map((p) => `  ${p.name}: prognos ${formatKr(p.projected)}, tillskott ${formatKr(p.topUp)}`);
  const text = funderText(f);
  return [
    `Prognos ${f.period.name} (${f.period.from} – ${f.period.to})`,
    formatTable(rows),
    "",
    "Per budgetpost (överskott i en kategori täcker underskott i samma post):",
    ...posts,
    `Tillskott totalt: ${formatKr(f.totalTopUp)}`,
    "",
    text ? `Text till finansiären:\n\n${text}` : noTopUpLines(f).join("\n"),
  ].join("\n");
}

const noBom = (s: string): string => s.replace(/^\uFEFF/, "");

/** What the CLI prints without --out. CSV prints the four tables one after the other. */
export function reportStdout(report: PeriodReport, format: Exclude<ReportFormat, "xlsx">): string {
  if (format === "json") return reportJson(report);
  if (format === "csv") return [table1Csv(report), table2Csv(report), table3Csv(report), table4Csv(report)].map(noBom).join("\r\n");
  return reportMarkdown(report);
}

/** What the CLI writes with --out DIR: the four tables as CSV (always, also an empty Tabell 4), the Markdown report and the JSON. */
export function reportOutFiles(report: PeriodReport): Record<string, string> {
  return {
    "table1.csv": table1Csv(report),
    "table2.csv": table2Csv(report),
    "table3.csv": table3Csv(report),
    "table4.csv": table4Csv(report),
    "report.md": reportMarkdown(report),
    "report.json": reportJson(report),
  };
}

/**
 * `audit` as text: time (Stockholm), case, request, who, what in Swedish words and which fields a
 * change changed. Never a value from before/after: free text could be among them (the JSON keeps
 * the values that are codes, numbers and dates, src/domain/audit.ts).
 */
export function formatAuditListing(listing: AuditListing): string {
  const { entries, filters } = listing;
  const scope = [
    filters.case ? `ärende ${filters.case}` : null,
    filters.user ? `av ${filters.user}` : null,
    filters.from ? `från ${filters.from}` : null,
    filters.to ? `till ${filters.to}` : null,
  ].filter((s): s is string => s !== null);
  if (entries.length === 0) return `Inga händelser${scope.length ? ` (${scope.join(", ")})` : ""}.`;
  const table = formatTable([
    ["Tid", "Ärende", "Ansökan", "Vem", "Händelse", "Ändrade uppgifter"],
    ...entries.map((e) => [
      formatDateTime(new Date(e.at)),
      e.caseRef ?? "–",
      e.requestId !== null ? requestNo(e.requestId) : "–",
      e.actor,
      e.text,
      e.kind === "read" ? "–" : e.changed.map(fieldText).join(", ") || "–",
    ]),
  ]);
  const reads = entries.filter((e) => e.kind === "read").length;
  const summary = `${plural(entries.length, "händelse", "händelser")}, nyast först (${plural(reads, "läsning", "läsningar")}, ${plural(entries.length - reads, "ändring", "ändringar")})${scope.length ? `: ${scope.join(", ")}` : ""}.`;
  const more = listing.more ? `\nFler händelser finns; visa fler med --limit (nu ${filters.limit}) eller smalna av med --from/--to.` : "";
  return `${table}\n\n${summary}${more}`;
}

/**
 * `case export`'s readable copy (beside the JSON, which is complete): the case, each request with
 * its text, decision, questions and money, then the audit rows and the messages, in Swedish.
 * Codes (gender, age band, measure) are shown as stored; the JSON is the record.
 */
export function formatCaseExport(data: CaseExport): string {
  const c = data.case;
  const day = (d: Date | null) => (d ? isoDay(d) : "–");
  const at = (d: Date | null) => (d ? formatDateTime(d) : "–");
  const out: string[] = [
    `Ärende ${c.ref} – export ${formatDateTime(new Date(data.exportedAt))} av ${data.exportedBy}`,
    `Organisation: ${c.org.name}`,
    // Codes as their Swedish labels, as the case file shows them ("Kön: Kvinna", not "kön woman").
    `Bakgrund: ${backgroundFields(c).map(([k, v]) => `${k}: ${v}`).join("; ")}`,
    `Skapat: ${at(c.createdAt)}`,
    c.outcome ? `Avslutat: ${CASE_OUTCOME_LABEL[c.outcome]}, ${day(c.closedOn)} (av ${c.closedBy ?? "–"})` : "Aktivt (inte avslutat)",
    `Fritext raderad: ${at(c.erasedAt)}`,
  ];
  for (const t of data.transfers) out.push(`Överlämnat ${at(t.at)} från ${t.fromOrg.name} till ${t.toOrg.name} av ${t.actor}: ${t.reason}`);
  for (const r of data.requests) {
    out.push(
      "",
      `Ansökan nr ${r.id} – ${REQUEST_TYPE_LABEL[r.type].sv}${r.measure ? ` (${MEASURE_LABEL[r.measure as MeasureKind]?.sv ?? r.measure})` : ""}, ${REQUEST_STATUS_LABEL[r.status].sv}`,
      `  Inkommen ${at(r.createdAt)} från ${r.applicantSlackId}; period ${r.period?.name ?? "–"}`,
      `  Datum ${day(r.startDate)} – ${day(r.endDate)}, dagar ${r.days ?? "–"}, barn ${r.children ?? "–"}, antal ${r.quantity ?? "–"}, à ${r.unitAmount === null ? "–" : formatKr(r.unitAmount)}`,
      `  Begärt ${formatKr(r.requestedAmount)}; beviljat ${r.grantedAmount === null ? "–" : formatKr(r.grantedAmount)}${r.grantedDays === null ? "" : `, ${daysText(r.grantedDays)}`}`,
      `  Beslutsunderlag: ${r.justification}`,
      `  Beslut: ${r.decidedBy ? `${r.decidedBy} ${at(r.decidedAt)}` : "–"}${r.decisionReason ? `; motivering${r.reasonShared ? " (delad i tråden)" : ""}: ${r.decisionReason}` : ""}`,
    );
    for (const i of r.infoRequests) {
      out.push(`  Komplettering: fråga ${at(i.askedAt)} (${i.askedBy}): ${i.question}`, `    svar ${at(i.answeredAt)} (${i.answeredBy ?? "–"}): ${i.answer ?? "–"}`);
    }
    for (const b of r.commitments) out.push(`  Budget: ${b.category.name} ${formatKr(b.amount)}${b.overdrawn ? ` (varav överskridet ${formatKr(b.overdrawn)})` : ""}`);
    for (const o of r.overrides) out.push(`  Överskridande tillåtet: ${formatKr(o.amount)} av ${o.actor} ${at(o.createdAt)}: ${o.reason}`);
    if (r.coFundingPayer !== null && r.coFundingAmount !== null) out.push(`  Medfinansiering: ${coFundingText(r.coFundingPayer, r.coFundingAmount)}`);
    for (const p of r.payments) {
      out.push(
        `  Utbetalning ${formatKr(p.amount)} ${day(p.paidOn)}, ${PAYMENT_STATUS_LABEL[p.status]}; registrerad av ${p.reportedBy} ${at(p.createdAt)}` +
          `${p.confirmedBy ? `, bekräftad av ${p.confirmedBy} ${at(p.confirmedAt)}` : ""}${p.note ? `; anteckning: ${p.note}` : ""}` +
          `${p.overrideReason ? `; mer än beviljat tillåtet av ${p.overrideBy ?? "–"}: ${p.overrideReason}` : ""}`,
      );
    }
    for (const rel of r.releases) {
      out.push(
        `  Frigjort ${formatKr(rel.amount)} till ${rel.category.name} (${rel.reason === "settled" ? "slutreglerad" : rel.reason === "closed" ? "ärendet avslutat" : rel.reason}) av ${rel.actor} ${at(rel.createdAt)}` +
          `${rel.revertedAt ? `; återfört ${at(rel.revertedAt)} av ${rel.revertedBy ?? "–"}` : ""}`,
      );
    }
    if (r.settledAt) out.push(`  Slutreglerad ${at(r.settledAt)} av ${r.settledBy ?? "–"}`);
  }
  out.push("", `Logg (${plural(data.auditEntries.length, "rad", "rader")}):`);
  for (const a of data.auditEntries) {
    const change = [a.before === null ? "" : JSON.stringify(a.before), a.after === null ? "" : JSON.stringify(a.after)].filter((s) => s !== "").join(" → ");
    // The action in Swedish words (as `audit` lists it); the stored values follow as recorded.
    out.push(`  ${at(a.at)} ${a.actor} ${actionText(a.action)}${a.requestId === null ? "" : ` (ansökan nr ${a.requestId})`}${change ? ` ${change}` : ""}`);
  }
  out.push("", `Slack-meddelanden (${data.outboxMessages.length}):`);
  for (const m of data.outboxMessages) out.push(`  ${m.kind} ${m.status}${m.sentAt ? ` ${at(m.sentAt)}` : ""}${m.channel ? ` i ${m.channel}` : ""}`);
  return `${out.join("\n")}\n`;
}

/**
 * `payment list`: per request what was granted, paid (confirmed), waiting, released and whether it is
 * settled, then its payments as a table. No note or override reason (free text): the service never
 * reads them.
 */
export function formatPaymentListing(l: PaymentListing): string {
  const out: string[] = [l.caseRef ? `Ärende ${l.caseRef}` : "Utan ärende"];
  if (l.requests.length === 0) out.push("Inga ansökningar med pengar.");
  for (const r of l.requests) {
    const waiting = r.reported > 0 ? `, ${formatKr(r.reported)} väntar på bekräftelse` : "";
    const settled = r.settled ? `, slutreglerad ${formatDate(new Date(r.settled.at))}${r.settled.by ? ` av ${r.settled.by}` : ""}` : ", inte slutreglerad";
    out.push(
      "",
      `${requestName(r.requestId)} – ${REQUEST_TYPE_SHORT[r.type]}, ${REQUEST_STATUS_LABEL[r.status].sv.toLowerCase()}: beviljat ${formatKr(r.granted)}, utbetalt ${formatKr(r.paid)}${waiting}, återfört ${formatKr(r.released)}${settled}`,
    );
    if (r.payments.length === 0) {
      out.push("  Inga utbetalningar.");
      continue;
    }
    const rows = [
      ["nr", "datum", "belopp", "status", "registrerad av", "bekräftad/avvisad av", "mer än beviljat"],
      ...r.payments.map((p) => [String(p.id), p.paidOn, formatKr(p.amount), PAYMENT_STATUS_LABEL[p.status], p.reportedBy, p.confirmedBy ?? p.rejectedBy ?? "–", p.overrideBy ? `ja, godkänt av ${p.overrideBy}` : "–"]),
    ];
    out.push(...formatTable(rows).split("\n").map((line) => `  ${line}`));
  }
  return out.join("\n");
}
