// Block, action and callback ids shared by the views (which build them) and the listeners (which
// match on them). Changing one here changes both sides.

export const CALLBACK = {
  apply: "nsp_apply",
  decision: "nsp_decision",
  infoAnswer: "nsp_info_answer",
  budgetTransfer: "nsp_budget_transfer",
} as const;

export const ACTION = {
  applyType: "apply_type",
  costInput: "apply_cost_input", // + "_" + block id
  decide: "decide", // + "_" + DecisionKind, e.g. decide_grant
  showUnderlag: "show_underlag",
  answerInfo: "answer_info",
  openApply: "open_apply",
  openTransfer: "budget_open_transfer",
} as const;

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
} as const;

export const INFO_BLOCK = { answer: "answer" } as const;

/** The budget message and the transfer modal. */
export const BUDGET_BLOCK = {
  actions: "budget_actions",
  from: "transfer_from",
  to: "transfer_to",
  amount: "transfer_amount",
  reason: "transfer_reason",
} as const;

/** Placeholder action id in view builders: replaced by the block id (action ids are unique per view). */
export const VALUE = "value";

export function decideActionId(kind: string): string {
  return `${ACTION.decide}_${kind}`;
}
