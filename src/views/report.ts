// `/nsp rapport`: the short Block Kit summary shown to the caller (the full tables go to the files).
// A fixed handful of blocks, far below the 50-block message limit whatever the data.
import { SIGNAL } from "../domain/signals.js";
import { formatKr, plural } from "../domain/format.js";
import { countText, DIMENSION_LABEL, DIMENSIONS, type PeriodReport } from "../domain/report.js";
import { type Block, context, divider, escapeMrkdwn, header, markdown } from "./blocks.js";
import type { SlackMessage } from "./request.js";

export type FilesOutcome = { sent: true; count: number } | { sent: false };

export function reportSummary(r: PeriodReport, files: FilesOutcome): SlackMessage {
  const periods = r.periods.length ? r.periods.map((p) => escapeMrkdwn(p.name)).join(", ") : "ingen budgetperiod";
  // Participles agree with the count: "1 inkommen · 1 beviljad · 0 nekade" (issue #15).
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const received = (count: number) => `*${count}* ${count === 1 ? "inkommen" : "inkomna"}`;
  const withdrawn = (count: number) => (count ? ` · ${n(count, "återkallad", "återkallade")}` : "");
  const t1 = r.table1
    .map((t) =>
      t.granted === null
        ? `• ${t.label}: ${received(t.received)}${withdrawn(t.withdrawn)}` // inquiries are counted as received only
        : `• ${t.label}: ${received(t.received)} · ${n(t.granted, "beviljad", "beviljade")}${t.partlyGranted ? ` (${t.partlyGranted} delvis)` : ""} · ${n(t.denied ?? 0, "nekad", "nekade")} · ${t.underReview ?? 0} under behandling${withdrawn(t.withdrawn)}`,
    )
    .join("\n");
  const t2 = r.table2
    .map(
      (c) =>
        `• ${escapeMrkdwn(c.category)}: budget ${formatKr(c.budget + c.transfersIn - c.transfersOut)} · beviljat ${formatKr(c.granted + c.grantedBefore)}` +
        `${c.paid ? ` · utbetalt ${formatKr(c.paid)}` : ""}${c.released ? ` · återfört ${formatKr(c.released)}` : ""} · *kvar ${formatKr(c.remaining)}*`,
    )
    .join("\n");
  const t3 = DIMENSIONS.map((d) => {
    const values = r.table3[d].map((v) => `${v.label} ${countText(v, r.suppressBelow)}${v.percent === null ? "" : ` (${v.percent} %)`}`);
    return `• ${DIMENSION_LABEL[d]}: ${values.length ? values.join(", ") : "–"}`;
  }).join("\n");
  const closed = r.table4.filter((t) => t.count !== 0);
  const t4 = closed.length
    ? closed.map((t) => `• ${t.label}: ${countText(t, r.suppressBelow)}${t.percent === null ? "" : ` (${t.percent} %)`}`).join("\n")
    : "Inga ärenden avslutades under perioden.";
  const blocks: Block[] = [
    header(`Periodrapport ${r.from} – ${r.to}`),
    context(`Budgetperiod: ${periods}${r.suppressBelow !== null ? ` · antal under ${r.suppressBelow} i tabell 3 visas som <${r.suppressBelow}` : ""} · status vid periodens slut`),
    markdown(`*Tabell 1 – Ärendehantering*\n${t1}\nNya ärenden: *${r.cases.new}* · redan i programmet: *${r.cases.existing}*${r.cases.moved > 0 ? ` (varav flyttade till en annan aktör: *${r.cases.moved}*)` : ""}`),
    divider(),
    markdown(
      r.table2.length
        ? `*Tabell 2 – Fördelning av medel*\n${t2}\nTotalt beviljat under perioden *${formatKr(r.table2Total.granted)}*, kvar *${formatKr(r.table2Total.remaining)}*`
        : "*Tabell 2 – Fördelning av medel*\nIngen budgetperiod omfattar datumen.",
    ),
    divider(),
    markdown(`*Tabell 3 – Bakgrundsinformation* (${plural(r.table3.admissions, "ansökan", "ansökningar")} om tillträde)\n${t3}`),
    divider(),
    markdown(`*Tabell 4 – Avslutade ärenden* (${r.closedCases})\n${t4}`),
    context(
      files.sent
        ? `:page_facing_up: Hela rapporten (${files.count} filer: rapport i Markdown, en Excel-arbetsbok och en CSV per tabell) finns i ditt direktmeddelande från NSP.`
        : `${SIGNAL.warning} Filerna kunde inte skickas till ditt direktmeddelande just nu. Försök igen om en stund, eller be en administratör köra \`npm run admin -- report\`.`,
    ),
  ];
  return { text: `Periodrapport ${r.from} – ${r.to}`, blocks };
}
