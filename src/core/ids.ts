// Block, action and callback ids shared by the views (which build them) and the listeners (which
// match on them). Changing one here changes both sides.

export const CALLBACK = {
  apply: "nsp_apply",
  decision: "nsp_decision",
  infoAnswer: "nsp_info_answer",
  budgetTransfer: "nsp_budget_transfer",
  budgetOverride: "nsp_budget_override",
  meeting: "nsp_meeting",
  closeCase: "nsp_case_close", // the closing modal: outcome and date (issue #12)
  reopenCase: "nsp_case_reopen", // "Återöppna ärende?" confirmation (issue #12)
  editRequest: "nsp_edit_request", // "Ändra" on an open request: the correction modal
  transferCase: "nsp_case_transfer", // "Flytta ärendet": target organisation and reason (issue #14)
  payment: "nsp_payment", // "Registrera utbetalning" on a granted request (issue #13)
  settleGrant: "nsp_settle_grant", // "Slutreglera": the confirmation with the figures (issue #13)
  rejectPayment: "nsp_payment_reject", // "Avvisa" on a reported payment's thread note: the reason (review of #13)
} as const;

export const ACTION = {
  applyType: "apply_type",
  costInput: "apply_cost_input", // + "_" + block id
  editCostInput: "edit_cost_input", // + "_" + block id: the correction modal's cost inputs (issue #13)
  decide: "decide", // + "_" + DecisionKind, e.g. decide_grant
  showUnderlag: "show_underlag",
  answerInfo: "answer_info",
  openApply: "open_apply",
  openTransfer: "budget_open_transfer",
  meetingEdit: "meeting_edit", // + "_" + meeting id (action ids are unique per message)
  meetingCancel: "meeting_cancel", // + "_" + meeting id
  rsvpYes: "meeting_rsvp_yes",
  rsvpNo: "meeting_rsvp_no",
  // Issue #12. Each is a prefix: a view that shows several appends "_" + a suffix (action ids are
  // unique per view), so listeners match /^<id>(_\w+)?$/ (see actionPattern). The value says what.
  openCase: "case_open", // "Visa ärende": value = case ref (NSP004)
  casePage: "case_page", // the case file's or list's page buttons
  closeCase: "case_close", // "Avsluta ärende": value = case ref
  reopenCase: "case_reopen", // "Återöppna ärende" (coordinators): value = case ref
  withdrawRequest: "request_withdraw", // "Återkalla": value = request id
  editRequest: "request_edit", // "Ändra": value = request id
  applyNextStep: "apply_next_step", // "Ansök om nästa steg": value = case ref and next type
  transferCase: "case_transfer", // "Flytta ärendet" (coordinators, admins): value = case ref (issue #14)
  // Issue #13, item 3 (prefixes, like the ones above).
  registerPayment: "payment_register", // "Registrera utbetalning": value = request id
  confirmPayment: "payment_confirm", // "Bekräfta utbetalning" (coordinators): value = payment id
  settleGrant: "payment_settle", // "Slutreglera" (coordinators, admins; the case file): value = request id
  rejectPayment: "payment_reject", // "Avvisa" next to it (coordinators): value = payment id; opens the reason modal
} as const;

/** Matches an ACTION id used as a prefix: the id alone or followed by "_" and a suffix. */
export function actionPattern(id: string): RegExp {
  return new RegExp(`^${id}(?:_[A-Za-z0-9_-]+)?$`);
}

/** Input blocks of the apply modal; `response_action: "errors"` is keyed by these. */
export const APPLY_BLOCK = {
  type: "type",
  caseRef: "case_ref",
  from: "from",
  to: "to",
  children: "children",
  protection: "protection",
  measure: "measure",
  quantity: "quantity",
  unitAmount: "unit_amount",
  measureDate: "measure_date",
  nationality: "nationality",
  gender: "gender",
  ageBand: "age_band",
  childrenAccompanying: "children_accompanying",
  childrenHome: "children_home",
  exploitation: "exploitation",
  exploitedIn: "exploited_in",
  policeReport: "police_report",
  justification: "justification",
  cost: "cost_preview",
} as const;

export const DECISION_BLOCK = {
  reason: "reason",
  grantedDays: "granted_days",
  grantedAmount: "granted_amount",
  shareReason: "share_reason",
  coFundingPayer: "co_funding_payer", // Bevilja delvis of rest/integration: another payer (issue #13)
  coFundingAmount: "co_funding_amount",
} as const;

export const INFO_BLOCK = { answer: "answer" } as const;

/** Input blocks of the payment modal (issue #13). */
export const PAYMENT_BLOCK = { amount: "payment_amount", paidOn: "payment_paid_on", note: "payment_note", override: "payment_override", rejectReason: "payment_reject_reason" } as const;

/** Input blocks of the closing modal (issue #12). */
export const CASE_CLOSE_BLOCK = { outcome: "case_outcome", closedOn: "case_closed_on" } as const;

/** Input blocks of the modal that moves a case to another organisation (issue #14). */
export const CASE_TRANSFER_BLOCK = { toOrg: "transfer_case_to", reason: "transfer_case_reason" } as const;

/** The budget message and the transfer modal. */
export const BUDGET_BLOCK = {
  actions: "budget_actions",
  overrideAmount: "override_amount",
  overrideReason: "override_reason",
  from: "transfer_from",
  to: "transfer_to",
  amount: "transfer_amount",
  reason: "transfer_reason",
} as const;

/** Input blocks of the meeting modal, keyed like MeetingFormInput's fields. */
export const MEETING_BLOCK = {
  kind: "meeting_kind",
  title: "meeting_title",
  theme: "meeting_theme",
  group: "meeting_group",
  date: "meeting_date",
  endDate: "meeting_end_date",
  start: "meeting_start",
  end: "meeting_end",
  place: "meeting_place",
  registration: "meeting_registration",
  deadline: "meeting_deadline",
} as const;

/** Placeholder action id in view builders: replaced by the block id (action ids are unique per view). */
export const VALUE = "value";

export function decideActionId(kind: string): string {
  return `${ACTION.decide}_${kind}`;
}
