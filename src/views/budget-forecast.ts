// `/nsp budget prognos`: the forecast per category and the text for the request to the funder
// (src/domain/forecast.ts). Pure Block Kit; no buttons. The funder text names cases by reference
// and requests by number only, and is shown only to coordinators and admins (ephemeral).
import { funderText, noTopUpLines, type Forecast, type ForecastCategory } from "../domain/forecast.js";
import { formatKr } from "../domain/format.js";
import { type Block, clip, context, divider, escapeMrkdwn, header, markdown } from "./blocks.js";
import type { SlackMessage } from "./request.js";

function categoryLine(c: ForecastCategory): string {
  const covered = c.fromPost > 0 ? ` (${formatKr(c.fromPost)} täcks av överskott i posten)` : "";
  return (
    `*${escapeMrkdwn(c.name)}*: kvar ${formatKr(c.remaining)} · under behandling ${formatKr(c.pending)} · ` +
    `prognos *${formatKr(c.projected)}* · tillskott *${formatKr(c.topUp)}*${covered}`
  );
}

export function forecastMessage(f: Forecast, opts: { current: boolean }): SlackMessage {
  const blocks: Block[] = [
    header(`Prognos – ${f.period.name}`),
    context(
      `${f.period.from} – ${f.period.to}${opts.current ? "" : " · _ingen period omfattar dagens datum; visar den senaste_"} · ` +
        "prognos = kvar − ansökningar under behandling (enligt schablon). Beviljade perioders återstående dagar ingår redan i beviljat.",
    ),
    divider(),
    ...f.categories.slice(0, 40).map((c) => markdown(categoryLine(c))),
  ];
  if (f.categories.length === 0) blocks.push(markdown("_Perioden har inga bidragskategorier ännu._"));
  blocks.push(divider(), markdown(`Tillskott att begära: *${formatKr(f.totalTopUp)}*`));
  const text = funderText(f);
  if (text) {
    // A section holds 3 000 characters: a longer text is cut inside the code block (which stays
    // closed), and the CLI prints it whole.
    const body = escapeMrkdwn(text);
    blocks.push(context("Text till finansiären (ärenden anges bara med ärendenummer):"), markdown(`\`\`\`${clip(body, 2990)}\`\`\``));
    if (body.length > 2990) blocks.push(context("Texten är förkortad. Hela texten: `npm run admin -- budget forecast`."));
  } else {
    // The top-up nets within a budget post (src/domain/forecast.ts): say so, and name a category
    // still below zero with the transfer that covers it.
    blocks.push(context(noTopUpLines(f).map(escapeMrkdwn).join("\n")));
  }
  return { text: `Prognos ${f.period.name}: tillskott ${formatKr(f.totalTopUp)}`, blocks };
}
