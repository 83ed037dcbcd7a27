// The `/nsp budget prognos` message validates against Slack's Block Kit schema and keeps the
// funder text's code block closed when a long text must be cut.
import { describe, expect, it } from "vitest";
import { forecast, type PendingRequest } from "../../src/domain/forecast.js";
import { forecastMessage } from "../../src/views/budget-forecast.js";
import { expectValidMessage } from "../helpers/blockkit.js";

const period = { name: "Pilot 2016", from: new Date("2016-09-01T00:00:00Z"), to: new Date("2016-12-31T00:00:00Z") };
const cat = (key: string, name: string, allocated: number, committed: number) => ({ key, name, allocated, transfersIn: 0, transfersOut: 0, committed, overdraft: 0 });
const pending = (id: number, amount: number): PendingRequest => ({ id, caseRef: `NSP${String(id).padStart(3, "0")}`, asked: "Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd", lines: [{ category: "rest", amount }] });

describe("forecast view", () => {
  it("one line per category, the top-up and the funder text in a code block", () => {
    const f = forecast({ period, categories: [cat("rest", "Max 30 dagars vila", 62_400, 29_354), cat("rest_child", "Barntillägg vila", 7_800, 6_838), cat("protection", "Skyddstillägg", 0, 0)], pending: [{ ...pending(12, 36_000), caseRef: "NSP010", lines: [{ category: "rest", amount: 36_000 }, { category: "protection", amount: 4_500 }] }] });
    const m = forecastMessage(f, { current: true });
    expectValidMessage(m);
    const s = JSON.stringify(m);
    expect(s).toContain("*Max 30 dagars vila*: kvar 33 046 kr · under behandling 36 000 kr · prognos *-2 954 kr* · tillskott *1 992 kr* (962 kr täcks av överskott i posten)");
    expect(s).toContain("Tillskott att begära: *6 492 kr*");
    expect(s).toContain("För att nå nollresultat räcker 6 492 kr som tillskott.");
    expect(m.text).toBe("Prognos Pilot 2016: tillskott 6 492 kr");
  });

  it("no top-up: says so, no funder text", () => {
    const m = forecastMessage(forecast({ period, categories: [cat("rest", "Max 30 dagars vila", 62_400, 0)], pending: [] }), { current: false });
    expectValidMessage(m);
    const s = JSON.stringify(m);
    expect(s).toContain("Inget tillskott behövs");
    expect(s).toContain("ingen period omfattar dagens datum");
    expect(s).not.toContain("```");
  });

  it("a funder text over 3 000 characters is cut inside a closed code block and points to the CLI", () => {
    const many = Array.from({ length: 60 }, (_, i) => pending(i + 1, 1_000));
    const m = forecastMessage(forecast({ period, categories: [cat("rest", "Max 30 dagars vila", 0, 0)], pending: many }), { current: true });
    expectValidMessage(m);
    const code = m.blocks.map((b) => JSON.stringify(b)).find((b) => b.includes("```"));
    expect(code).toBeDefined();
    const text = (JSON.parse(code ?? "{}") as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(3_000);
    expect(text.startsWith("```") && text.endsWith("…```")).toBe(true);
    expect(JSON.stringify(m)).toContain("npm run admin -- budget forecast");
  });
});
