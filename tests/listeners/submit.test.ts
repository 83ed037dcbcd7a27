// Submit listeners called directly (no Slack, Postgres or Redis): the checks that need no lookup
// answer first, with the exact errors next to the exact fields. The database behind the deps is a
// closed port, so reaching it would turn each answer into "kunde inte sparas" (and log an error).
import { afterAll, describe, expect, it } from "vitest";
import { APPLY_BLOCK as A, BUDGET_BLOCK as T, INFO_BLOCK as I, MEETING_BLOCK as M } from "../../src/core/ids.js";
import { closeDb } from "../../src/core/db.js";
import { forbiddenCharacterError } from "../../src/domain/text.js";
import { applySubmitted } from "../../src/listeners/views/apply-submit.js";
import { infoAnswerSubmitted } from "../../src/listeners/views/info-answer-submit.js";
import { meetingSubmitted } from "../../src/listeners/views/meeting-submit.js";
import { overrideSubmitted } from "../../src/listeners/views/override-submit.js";
import { transferSubmitted } from "../../src/listeners/views/transfer-submit.js";
import { applyModal } from "../../src/views/apply-modal.js";
import { noticeModal } from "../../src/views/blocks.js";
import { overrideModal, transferModal } from "../../src/views/budget.js";
import { FIELD_TEXT } from "../../src/views/fields.js";
import { meetingModal } from "../../src/views/meetings.js";
import { infoAnswerModal } from "../../src/views/modals.js";
import { requestFixture } from "../helpers/fixtures.js";
import { listenerHarness, submittedView } from "./submission.js";

const h = listenerHarness();
afterAll(() => closeDb(h.db));

const PNR = "Personnummer 811228-9874 enligt LMA-kort.";
const PHONE = "Hon nås på 070-123 45 67.";

const REPORT: Parameters<typeof transferModal>[0] = {
  period: { id: 2, name: "Pilot 2016", from: "2016-09-01", to: "2016-12-31", overheadPercent: 10 },
  categories: [
    { key: "rest", name: "Vila", allocated: 100_000, transfersIn: 0, transfersOut: 0, committed: 0, remaining: 100_000, usedPercent: 0, overdraft: 0, paid: 0, released: 0 },
    { key: "measure", name: "Insatser", allocated: 50_000, transfersIn: 0, transfersOut: 0, committed: 0, remaining: 50_000, usedPercent: 0, overdraft: 0, paid: 0, released: 0 },
  ],
  lines: [],
  totals: { income: 0, costs: 0, allocations: 0, subtotal: 0, overhead: 0, totalCosts: 0, result: 0, remaining: 0, paid: 0, released: 0 },
};

/** Submits `view` to `listener` and returns the one answer it acked with. */
async function answerOf(listener: (args: ReturnType<typeof h.args>) => Promise<void>, view: Parameters<typeof h.args>[0]) {
  const before = { acks: h.acks.length, dispatched: h.dispatched.length, errors: h.errors().length };
  await listener(h.args(view));
  const acks = h.acks.slice(before.acks);
  expect(acks, "acked exactly once").toHaveLength(1);
  expect(h.dispatched.slice(before.dispatched), "nothing queued").toEqual([]);
  expect(h.errors().slice(before.errors), "nothing logged as failed").toEqual([]);
  return acks[0];
}

describe("transfer submit (views/transfer-submit.ts)", () => {
  const submit = transferSubmitted(h.deps);
  const view = (raw: Record<string, unknown>, privateMetadata?: string) => submittedView(transferModal(REPORT, 2), raw, { privateMetadata });

  it("the form's own rules: no category, the same category, no amount, no reason", async () => {
    expect(await answerOf(submit, view({}))).toEqual({
      response_action: "errors",
      errors: {
        [T.from]: "Välj kategorin pengarna flyttas från.",
        [T.to]: "Välj kategorin pengarna flyttas till.",
        [T.amount]: "Ange ett belopp i hela kronor, större än 0.",
        [T.reason]: "Skriv varför medlen flyttas.",
      },
    });
    expect(await answerOf(submit, view({ [T.from]: "rest", [T.to]: "rest", [T.amount]: "5000", [T.reason]: "Fler vilodagar" }))).toEqual({
      response_action: "errors",
      errors: { [T.to]: "Välj en annan kategori än den du flyttar från." },
    });
  });

  it("a personnummer in the reason is refused next to the reason", async () => {
    expect(await answerOf(submit, view({ [T.from]: "rest", [T.to]: "measure", [T.amount]: "5000", [T.reason]: PNR }))).toEqual({
      response_action: "errors",
      errors: { [T.reason]: expect.stringMatching(/personnummer/) },
    });
  });

  it("the declared limits: an amount above the maximum and an over-long reason", async () => {
    const reason = "x".repeat(1001);
    expect(await answerOf(submit, view({ [T.from]: "rest", [T.to]: "measure", [T.amount]: "100000001", [T.reason]: reason }))).toEqual({
      response_action: "errors",
      errors: { [T.amount]: "Ange ett heltal från 1 till 100000000.", [T.reason]: FIELD_TEXT.tooLong(1000, 1001) },
    });
  });

  it("forged private_metadata (a period id beyond PostgreSQL's integer) replaces the modal with a notice", async () => {
    const answer = await answerOf(submit, view({ [T.from]: "rest", [T.to]: "measure", [T.amount]: "5000", [T.reason]: "Fler vilodagar" }, '{"periodId":2147483648}'));
    expect(answer).toEqual({ response_action: "update", view: noticeModal("Fel", "Formuläret kunde inte läsas. Kör `/nsp budget flytta` igen.") });
  });
});

describe("override submit (views/override-submit.ts)", () => {
  const submit = overrideSubmitted(h.deps);
  const modal = overrideModal({ id: 17, title: "Ansökan nr 17 – Vila: 2016-09-01 – 2016-09-10 (10 dagar) (NSP010)" }, { period: null, impact: [], fits: true, proposal: null });

  it("no amount and no reason: both errors at once", async () => {
    expect(await answerOf(submit, submittedView(modal, {}))).toEqual({
      response_action: "errors",
      errors: { [T.overrideAmount]: "Ange ett belopp i hela kronor, större än 0.", [T.overrideReason]: "Skälet krävs och sparas med överskridandet." },
    });
  });

  it("a phone number in the reason; a forged amount that is not a number", async () => {
    expect(await answerOf(submit, submittedView(modal, { [T.overrideAmount]: "20000", [T.overrideReason]: PHONE }))).toEqual({
      response_action: "errors",
      errors: { [T.overrideReason]: expect.stringMatching(/telefonnummer/) },
    });
    expect(await answerOf(submit, submittedView(modal, { [T.overrideAmount]: "1e5", [T.overrideReason]: "LST skjuter till" }))).toEqual({
      response_action: "errors",
      errors: { [T.overrideAmount]: FIELD_TEXT.notInteger },
    });
  });
});

describe("info answer submit (views/info-answer-submit.ts)", () => {
  const submit = infoAnswerSubmitted(h.deps);
  const modal = infoAnswerModal({ id: 3, question: "Finns beslut?" }, requestFixture("Underlag"));

  it("an empty answer, a personnummer, a control character", async () => {
    expect(await answerOf(submit, submittedView(modal, { [I.answer]: "   " }))).toEqual({ response_action: "errors", errors: { [I.answer]: "Skriv ett svar." } });
    expect(await answerOf(submit, submittedView(modal, { [I.answer]: PNR }))).toEqual({
      response_action: "errors",
      errors: { [I.answer]: expect.stringMatching(/personnummer/) },
    });
    const nul = "Beslut finns\u0000";
    expect(await answerOf(submit, submittedView(modal, { [I.answer]: nul }))).toEqual({
      response_action: "errors",
      errors: { [I.answer]: forbiddenCharacterError(nul, { multiline: true }) },
    });
  });

  it("metadata that is not the modal's own: a notice, nothing looked up", async () => {
    expect(await answerOf(submit, submittedView(modal, { [I.answer]: "Ja" }, { privateMetadata: "not json" }))).toEqual({
      response_action: "update",
      view: noticeModal("Komplettering", "Formuläret kunde inte läsas. Klicka på *Svara* i meddelandet igen."),
    });
  });
});

describe("apply and meeting submits: the declared limits before the member is looked up", () => {
  it("apply: an unknown request type and an over-long justification", async () => {
    const modal = applyModal({ type: "inquiry", orgName: "Talita", costPreview: null });
    const forgedType = { type: "static_select", selected_option: { text: { type: "plain_text", text: "Lån" }, value: "loan" } };
    expect(await answerOf(applySubmitted(h.deps), submittedView(modal, { [A.type]: forgedType, [A.justification]: "x".repeat(3001) }))).toEqual({
      response_action: "errors",
      errors: { [A.type]: FIELD_TEXT.unknownOption, [A.justification]: FIELD_TEXT.tooLong(3000, 3001) },
    });
  });

  it("meeting: a date that is not a date and a time that is not a time", async () => {
    const modal = meetingModal([{ id: 1, name: "Slussa" }]);
    expect(await answerOf(meetingSubmitted(h.deps), submittedView(modal, { [M.title]: "Nätverksträff", [M.date]: "2026-02-30", [M.start]: "25:00" }))).toEqual({
      response_action: "errors",
      errors: { [M.date]: FIELD_TEXT.date, [M.start]: FIELD_TEXT.time },
    });
  });
});
