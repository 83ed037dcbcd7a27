// Modals that a command and a button both open (`/nsp budget flytta` and "Flytta medel",
// `/nsp möte ny` and "Ändra", `/nsp ansök` and "Ansök om stöd"): one builder each, so both ways
// show the same modal after the same checks.
import type { WebClient } from "@slack/web-api";
import type { Db } from "../../core/db.js";
import type { RequestType } from "../../domain/types.js";
import { budgetReport } from "../../domain/budget.js";
import { loadPeriodBudget } from "../../services/budget-read.js";
import { groupOptions } from "../../services/groups.js";
import type { Actor } from "../../services/members.js";
import type { MeetingWithGroup } from "../../services/meetings.js";
import { applyModal } from "../../views/apply-modal.js";
import { noticeModal, type ModalView } from "../../views/blocks.js";
import { transferModal } from "../../views/budget.js";
import { meetingModal } from "../../views/meetings.js";
import { applyRefusal, NOT_MEMBER_TEXT } from "./texts.js";

/** Opens the transfer modal for a period (or a notice when the period is gone). */
export async function openTransferModal(db: Db, client: WebClient, triggerId: string, periodId: number): Promise<void> {
  const budget = await loadPeriodBudget(db, periodId);
  const view = budget ? transferModal(budgetReport(budget), periodId) : noticeModal("Flytta medel", "Budgetperioden finns inte längre.");
  await client.views.open({ trigger_id: triggerId, view });
}

/** Opens the meeting modal, empty or for editing `meeting`. */
export async function openMeetingModal(db: Db, client: WebClient, triggerId: string, meeting?: MeetingWithGroup): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: meetingModal(await groupOptions(db), meeting) });
}

/** The empty apply modal for `actor`, or why they may not apply. */
export function applyModalFor(actor: Actor | null, today: Date, opts: { type?: RequestType; caseRef?: string } = {}): { view: ModalView } | { refusal: string } {
  const refusal = applyRefusal(actor, today);
  return actor && refusal === null
    ? { view: applyModal({ type: opts.type ?? "rest", orgName: actor.orgName, caseRef: opts.caseRef, costPreview: null }) }
    : { refusal: refusal ?? NOT_MEMBER_TEXT };
}
