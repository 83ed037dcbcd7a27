// The apply modal's submitted state (by block id) as an ApplyForm, for services/apply.ts to
// validate. Reads never throw: a value of the wrong type (a forged submission) reads as empty.
import type { ApplyForm } from "../domain/apply-form.js";
import { REQUEST_TYPES, type RequestType } from "../domain/types.js";
import { APPLY_BLOCK as B } from "../core/ids.js";
import { readState, type StateValues } from "./state.js";

const isRequestType = (v: string | null): v is RequestType => v !== null && (REQUEST_TYPES as readonly string[]).includes(v);

export function readApplyForm(values: StateValues): ApplyForm {
  const type = readState.selected(values, B.type);
  return {
    type: isRequestType(type) ? type : null,
    caseRef: readState.text(values, B.caseRef),
    from: readState.date(values, B.from),
    to: readState.date(values, B.to),
    children: readState.text(values, B.children),
    protection: readState.selectedMany(values, B.protection).length > 0,
    measure: readState.selected(values, B.measure),
    quantity: readState.text(values, B.quantity),
    unitAmount: readState.text(values, B.unitAmount),
    measureDate: readState.date(values, B.measureDate),
    nationality: readState.selected(values, B.nationality),
    gender: readState.selected(values, B.gender),
    ageBand: readState.selected(values, B.ageBand),
    childrenAccompanying: readState.text(values, B.childrenAccompanying),
    childrenHome: readState.text(values, B.childrenHome),
    exploitation: readState.selectedMany(values, B.exploitation),
    exploitedIn: readState.selectedMany(values, B.exploitedIn),
    policeReport: readState.selected(values, B.policeReport),
    justification: readState.text(values, B.justification),
  };
}
