// The App Home view on its own: the worst case (every list full, many meetings) stays within the
// 100-block limit and validates against the home_view schema; ages in Stockholm calendar days.
import { describe, expect, it } from "vitest";
import { SLACK_SPECS_DIR } from "../../dev/fake-slack/specs.js";
import { BlockKitValidator } from "../../dev/fake-slack/validation.js";
import { HOME_LIMITS, type HomeMeeting, type HomeRequest } from "../../src/domain/home.js";
import { ageText, fitHomeBlocks, homeView } from "../../src/views/home.js";
import { context } from "../../src/views/blocks.js";

const validator = new BlockKitValidator(SLACK_SPECS_DIR);
const now = new Date("2016-11-30T12:00:00Z");

const req = (i: number): HomeRequest => ({
  id: i,
  type: (["inquiry", "admission", "rest", "integration", "measure"] as const)[i % 5] ?? "rest",
  status: i % 3 ? "received" : "under_review",
  caseRef: `NSP${String(i).padStart(3, "0")}`,
  orgName: "Frälsningsarmén <&>",
  applicantSlackId: "U0APPL",
  createdAt: new Date(now.getTime() - i * 86_400_000),
  decidedAt: null,
  requestedAmount: 12_500,
  grantedAmount: null,
  grantedDays: null,
  days: 26,
  // What was asked (the longest labels: a tattoo measure, a period with children and protection).
  startDate: new Date("2016-09-01T00:00:00Z"),
  endDate: new Date("2016-09-26T00:00:00Z"),
  children: 2,
  protection: true,
  measure: "tattoo",
  quantity: 10,
  unitAmount: 1_250,
  sharedReason: null,
  hasReason: false,
  info: i % 3 ? null : "asked",
});

describe("homeView", () => {
  it("worst case: every section full stays within 100 blocks and is valid", () => {
    const meetings: HomeMeeting[] = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, title: `Plattformsmöte ${i}`, start: now, place: "Frälsningsarmén HK", rsvp: i % 2 ? "yes" : null }));
    const view = homeView(
      {
        userId: "U0COORD",
        now,
        actor: { role: "coordinator", orgName: "Frälsningsarmén" },
        applicant: {
          orgName: "Frälsningsarmén",
          open: Array.from({ length: HOME_LIMITS.open }, (_, i) => req(i)),
          openTotal: 500,
          decided: Array.from({ length: HOME_LIMITS.decided }, (_, i) => ({ ...req(i), status: "partly_granted" as const, decidedAt: now, grantedAmount: 10_000, grantedDays: 20, sharedReason: "Budgeten räckte till 20 dagar." })),
        },
        coordinator: {
          canDecide: true,
          queue: Array.from({ length: HOME_LIMITS.queue }, (_, i) => req(i)),
          queueTotal: 2_000,
          budget: {
            period: { id: 1, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 },
            categories: Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, name: `Kategori ${i}`, allocated: 10_000, transfersIn: 0, transfersOut: 0, committed: 12_500, remaining: -2_500, usedPercent: 125, overdraft: 2_500, paid: 0, released: 0 })),
            lines: [],
            totals: { income: 0, costs: 0, allocations: 0, subtotal: 0, overhead: 0, totalCosts: 0, result: 0, remaining: -20_000, paid: 0, released: 0 },
          },
          budgetIsCurrent: true,
        },
      },
      meetings,
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const result = validator.validateView(view, "home");
    expect(result.errors, JSON.stringify(result.errors)).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain("… och 485 till.");
    expect(text).toContain("… och 1960 till i kön.");
    // Issue #15: each meeting has its "Jag kommer" / "Kan inte" (two blocks), so with every list
    // full the Home shows 9 of the 10 meetings and summarises the rest instead of cutting them off.
    expect(text).toContain("… och 41 möten till.");
    expect(text.match(/"meeting_rsvp_yes_h\d+"/g)).toHaveLength(9);
    expect(text.match(/"meeting_rsvp_no_h\d+"/g)).toHaveLength(9);
    expect(text).not.toContain("rader visas inte");
    expect(text).toContain("Frälsningsarmén &lt;&amp;&gt;"); // escaped
  });

  it("fitHomeBlocks is the backstop when a list grows beyond its cap", () => {
    const blocks = Array.from({ length: 130 }, (_, i) => context(String(i)));
    const fitted = fitHomeBlocks(blocks);
    expect(fitted).toHaveLength(100);
    expect(JSON.stringify(fitted.at(-1))).toContain("31 rader visas inte");
  });

  it("ages are whole Stockholm calendar days", () => {
    expect(ageText(new Date("2016-11-30T00:30:00Z"), now)).toBe("i dag");
    expect(ageText(new Date("2016-11-29T23:30:00Z"), now)).toBe("i dag"); // 00:30 on 30 Nov in Stockholm
    expect(ageText(new Date("2016-11-29T22:30:00Z"), now)).toBe("1 dag"); // 23:30 on 29 Nov in Stockholm
    expect(ageText(new Date("2016-11-29T12:00:00Z"), now)).toBe("1 dag");
    expect(ageText(new Date("2016-11-18T12:00:00Z"), now)).toBe("12 dagar");
  });
});
