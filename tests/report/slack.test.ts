// End to end through the real receiver and workers against the fake Slack (which validates every
// message and view against the Block Kit schema): `/nsp rapport` with the files in the caller's DM
// (files.getUploadURLExternal → POST → files.completeUploadExternal), and the App Home for each
// role, refreshed after a new request and a decision, within the 100-block limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACTION, APPLY_BLOCK } from "../../src/core/ids.js";
import { NOT_REPORT_ROLE_TEXT } from "../../src/listeners/commands/report.js";
import { decideRequest } from "../../src/services/requests.js";
import { truncateAll } from "../helpers/db.js";
import { readWorkbook } from "../helpers/xlsx.js";
import { seedFixtures, startHarness, submitInquiry, USERS, waitFor, type Harness } from "../helpers/harness.js";
import { seedPeriod2 } from "./seed-2016.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ config: { NSP_DELIVERY_RATE_PER_SEC: "200" } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  await seedFixtures(h.db, { budget: "2016" });
  h.fake.reset();
});

/** Waits until the workers delivered every outbox row (so no late Home refresh lands mid-test). */
async function drained(): Promise<void> {
  await h.runtime.workers?.sweepNow();
  await waitFor(async () => (await h.db.outboxMessage.count({ where: { status: "pending" } })) === 0, "outbox drained", 30_000);
}

/** Every text of a message or view, joined (mrkdwn as Slack receives it). */
function texts(v: unknown): string {
  const strings: string[] = [];
  JSON.stringify(v, (key, value: unknown) => {
    if (key === "text" && typeof value === "string") strings.push(value);
    return value;
  });
  return strings.join("\n");
}

async function report(user: string, args: string) {
  const before = h.fake.ephemerals(user).length;
  const res = await h.user.command(user, `rapport ${args}`.trim());
  expect(res.status).toBe(200);
  return waitFor(async () => h.fake.ephemerals(user)[before], "ephemeral answer", 20_000);
}

describe("/nsp rapport", () => {
  it("coordinator: a summary, and the Markdown report, the Excel workbook and three CSV files in the DM", async () => {
    await seedPeriod2(h.db);
    await drained();
    const m = await report(USERS.coordinator, "2016-09-01 2016-11-30");
    const summary = texts(m);
    expect(summary).toContain("Periodrapport 2016-09-01 – 2016-11-30");
    expect(summary).toContain("Max 30 dagars vila: *2* inkomna · 1 beviljad · 0 nekade · 1 under behandling");
    expect(summary).toContain("Stödinsatser: budget 10 000 kr · beviljat 12 500 kr · *kvar -2 500 kr*");
    expect(summary).toContain("Nya ärenden: *2* · redan i programmet: *1*");
    expect(summary).toContain("finns i ditt direktmeddelande");
    expect(m.blocks?.length).toBeLessThanOrEqual(50);

    const dm = h.fake.dmChannelOf(USERS.coordinator);
    expect(dm).toMatch(/^D/);
    const files = h.fake.uploadedFiles(USERS.coordinator);
    expect(files.map((f) => f.filename)).toEqual([
      "nsp-rapport_2016-09-01_2016-11-30.md",
      "nsp-rapport_2016-09-01_2016-11-30.xlsx",
      "tabell1_2016-09-01_2016-11-30.csv",
      "tabell2_2016-09-01_2016-11-30.csv",
      "tabell3_2016-09-01_2016-11-30.csv",
    ]);
    expect(h.fake.callsTo("files.getUploadURLExternal").filter((c) => c.ok)).toHaveLength(5);
    const complete = h.fake.callsTo("files.completeUploadExternal");
    expect(complete).toHaveLength(1);
    expect(complete[0]?.args.channel_id).toBe(dm);
    const md = files[0]?.bytes.toString("utf8") ?? "";
    expect(md).toContain("| Antal ansökningar om max 30 dagars vila | 2 | 1 | 0 | 0 | 1 |");
    expect(md).toContain("- NSP004: juridiskt biträde 6 timmar × 2 500 kr – delvis beviljad (12 500 kr)");
    expect(files[3]?.bytes.toString("utf8")).toContain("integration_child,Barntillägg integration,16200,0,0,0,16200,0,NSP004: 16200");
    expect(files[4]?.bytes.toString("utf8")).toContain("exploitation,Typ av människohandel,multiple,Multipel,1,50");
    // The workbook arrived whole (the fake Slack checks the uploaded length) and opens in exceljs.
    const wb = await readWorkbook(files[1]?.bytes ?? new Uint8Array());
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Om rapporten", "Tabell 1", "Tabell 1 – beslutsunderlag", "Tabell 2", "Tabell 2 – per ärende", "Tabell 3", "Tabell 4"]);
    expect(wb.getWorksheet("Tabell 1")?.getRow(4).values).toEqual([undefined, "Antal ansökningar om max 30 dagars vila", 2, 1, 0, 0, 1, 0]);
    expect(JSON.stringify(wb.getWorksheet("Tabell 1 – beslutsunderlag")?.getSheetValues())).toContain("NSP004: juridiskt biträde 6 timmar × 2 500 kr – delvis beviljad (12 500 kr)");
    // Anonymised: case refs only, no free text, no Slack users, no organisations.
    const sheets = wb.worksheets.flatMap((w) => w.getSheetValues().map((r) => JSON.stringify(r ?? null))).join("");
    const all = files.filter((f) => !f.filename.endsWith(".xlsx")).map((f) => f.bytes.toString("utf8")).join("") + sheets + JSON.stringify(m);
    expect(all).not.toMatch(/HEMLIG|istf|LST skjuter|U0APPL|Frälsningsarmén/);
  });

  it("applicants are refused; nothing is uploaded", async () => {
    const m = await report(USERS.applicant, "");
    expect(m.text).toBe(NOT_REPORT_ROLE_TEXT);
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(0);
  });

  it("without dates: the current budget period; a failed upload still gives the summary", async () => {
    h.fake.failNext("files.completeUploadExternal", { error: "not_in_channel" });
    const m = await report(USERS.admin, "");
    expect(texts(m)).toContain("Periodrapport 2016-09-01 – 2016-12-31");
    expect(texts(m)).toContain("Filerna kunde inte skickas");
    expect(h.fake.uploadedFiles()).toHaveLength(0);
  });

  it("bad dates are explained", async () => {
    const m = await report(USERS.coordinator, "2016-11-30 2016-09-01");
    expect(m.text).toContain("före startdatumet");
  });
});

async function openHome(user: string) {
  const before = h.fake.callsTo("views.publish").filter((c) => c.args.user_id === user).length;
  const res = await h.user.event({ type: "app_home_opened", user, channel: h.fake.ensureDmChannel(user), tab: "home" });
  expect(res.status).toBe(200);
  const call = await waitFor(async () => h.fake.callsTo("views.publish").filter((c) => c.args.user_id === user)[before], "views.publish");
  expect(call.response, JSON.stringify(call.response)).toMatchObject({ ok: true });
  const view = h.fake.home(user);
  if (!view) throw new Error("no home view");
  return view;
}

describe("App Home", () => {
  it("applicant: the organisation's open requests, the latest decisions, and Ansök om stöd opens the form", async () => {
    await seedPeriod2(h.db);
    await drained();
    const view = await openHome(USERS.applicant2); // same organisation, not the one who applied
    const t = texts(view);
    const rest = await h.db.request.findFirstOrThrow({ where: { type: "rest", case: { ref: "NSP010" } } });
    const lawyer = await h.db.request.findFirstOrThrow({ where: { type: "measure", case: { ref: "NSP004" } } });
    expect(t).toContain("Ansökningar – Frälsningsarmén");
    // Issue #12 item 6: each line names the request's number and what was asked, then the case.
    expect(t).toContain(`*Ansökan nr ${rest.id} – Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd (NSP010)* · 40 500 kr`);
    expect(t).toContain("från <@U0APPL>");
    expect(t).toContain(`*Ansökan nr ${lawyer.id} – Insats: juridiskt biträde 6 timmar × 2 500 kr (NSP004)* – *Delvis beviljad (12 500 kr)*`);
    expect(t).toContain("Motivering: 5 h istf 6 h"); // shared by the coordinator
    expect(t).not.toMatch(/HEMLIG/); // neither the justification nor an unshared reason
    expect(t).not.toContain("Att besluta");

    await h.user.blockAction(USERS.applicant2, { actionId: ACTION.openApply, view: view.id });
    const opened = await waitFor(async () => h.fake.callsTo("views.open").find((c) => c.ok), "apply modal");
    expect(JSON.stringify(opened.args.view)).toContain(APPLY_BLOCK.type);
  });

  it("coordinator: the queue oldest first with age, and the budget used/remaining", async () => {
    await seedPeriod2(h.db);
    await drained();
    const t = texts(await openHome(USERS.coordinator));
    expect(t).toContain("Att besluta");
    expect(t).toMatch(/\*1\* ansökan väntar \(den har väntat \d+ dagar\)/);
    const rest = await h.db.request.findFirstOrThrow({ where: { type: "rest", case: { ref: "NSP010" } } });
    expect(t).toContain(`*Ansökan nr ${rest.id} – Vila: 2016-10-12 – 2016-11-10 (30 dagar), dygnet-runt-skydd (NSP010)* · Frälsningsarmén · 40 500 kr`);
    expect(t).toContain("Budget – Pilot 2016");
    expect(t).toContain("Beviljat 12 500 kr av 10 000 kr · *kvar -2 500 kr*");
    expect(t).toContain("Kommande möten");
    expect(t).not.toContain("Ansök om stöd");
  });

  it("someone not registered is told so", async () => {
    expect(texts(await openHome(USERS.stranger))).toContain("inte registrerad");
  });

  it("is refreshed after a new request and after a decision, without being opened again", async () => {
    await drained();
    await openHome(USERS.coordinator);
    await openHome(USERS.applicant);
    await submitInquiry(h, "Förfrågan om en kvinna som behöver stöd, inga personuppgifter här.");
    const request = await h.db.request.findFirstOrThrow({ orderBy: { id: "desc" } });
    await waitFor(async () => texts(h.fake.home(USERS.coordinator)).includes(`Ansökan nr ${request.id} –`), "coordinator home refreshed", 20_000);
    await waitFor(async () => texts(h.fake.home(USERS.applicant)).includes("*1* öppen ansökan"), "applicant home refreshed", 20_000);
    const decided = await decideRequest(h.db, request.id, USERS.coordinator, { kind: "grant", reason: "", shareReason: false });
    expect(decided.ok).toBe(true);
    if (decided.ok) await h.runtime.dispatcher.dispatch(decided.outboxIds);
    await waitFor(async () => texts(h.fake.home(USERS.applicant)).includes(`*Ansökan nr ${request.id} – Förfrågan* – *Beviljad*`), "decision on the home", 20_000);
    await waitFor(async () => texts(h.fake.home(USERS.coordinator)).includes("Inga ansökningar väntar på beslut"), "queue emptied", 20_000);
    const row = await h.db.outboxMessage.findFirstOrThrow({ where: { kind: "home_refresh", refId: request.id, key: { endsWith: ":submitted" } } });
    expect(row).toMatchObject({ requestId: null, status: "sent" });
  });

  it("more than 100 open requests: summarised within Slack's 100-block limit", async () => {
    await h.db.$executeRaw`
      INSERT INTO "request" ("type", "status", "org_id", "applicant_slack_id", "submission_key", "justification", "updated_at", "created_at")
      SELECT 'inquiry', 'received', m."org_id", m."slack_user_id", 'bulk-' || g, 'HEMLIG', now(), now() - make_interval(hours => g)
      FROM "member" m, generate_series(1, 130) g WHERE m."slack_user_id" = ${USERS.applicant}`;
    const coordinator = await openHome(USERS.coordinator);
    expect(coordinator.blocks.length).toBeLessThanOrEqual(100);
    expect(texts(coordinator)).toMatch(/\*130\* ansökningar väntar, äldst först \(den äldsta har väntat [56] dagar\)/);
    expect(texts(coordinator)).toContain("… och 90 till i kön.");
    const applicant = await openHome(USERS.applicant);
    expect(applicant.blocks.length).toBeLessThanOrEqual(100);
    expect(texts(applicant)).toContain("… och 115 till.");
    expect(texts(applicant) + texts(coordinator)).not.toContain("HEMLIG");
  });
});
