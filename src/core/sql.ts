// A tagged template for parameterised pg queries: sql`… ${value} …` → { text: "… $1 …", values }.
// Values are never spliced into the text.
import { isoDay } from "../domain/format.js";

export interface SqlQuery {
  text: string;
  values: unknown[];
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlQuery {
  let text = strings[0] ?? "";
  for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i] ?? ""}`;
  return { text, values };
}

/** A calendar date (UTC midnight) as 'YYYY-MM-DD', so pg never shifts it by the process's time zone. */
export function sqlDate(d: Date | null): string | null {
  return d ? isoDay(d) : null;
}
