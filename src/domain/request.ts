// A request as it is submitted: what services/apply.ts builds from the apply modal and
// services/requests.ts stores. Plain data: the budget code reads the same fields (BudgetRequest).
import type { CaseBackground, RequestedFields, RequestType } from "./types.js";

export type { CaseBackground };

/** One cost line as stored with the request (JSON): a budget category and its amount in kronor. */
export interface CostLineData {
  category: string;
  label: string;
  amount: number;
}

export interface NewRequest extends RequestedFields {
  submissionKey: string;
  applicantSlackId: string;
  orgId: number;
  type: RequestType;
  caseId: number | null;
  newCase: CaseBackground | null;
  periodId: number | null;
  startDate: Date | null;
  endDate: Date | null;
  costLines: CostLineData[];
  justification: string;
  /** The period had already started this many days before the submission (≤ 30); null or absent: it had not. */
  startedDaysAgo?: number | null;
}
