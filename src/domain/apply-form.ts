// The apply modal's fields as typed, before validation: src/views/apply-form.ts reads them from the
// modal's state, src/services/apply.ts validates them into a NewRequest (domain/request.ts).
import type { RequestType } from "./types.js";

export interface ApplyForm {
  type: RequestType | null;
  caseRef: string;
  from: string | null;
  to: string | null;
  children: string;
  protection: boolean;
  measure: string | null;
  quantity: string;
  unitAmount: string;
  measureDate: string | null;
  nationality: string | null;
  gender: string | null;
  ageBand: string | null;
  childrenAccompanying: string;
  childrenHome: string;
  exploitation: string[];
  exploitedIn: string[];
  policeReport: string | null;
  justification: string;
}
