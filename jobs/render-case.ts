// The coordinator channel note of a case closed or reopened (issue #12), rendered from its audit
// entry, so the note says what that change did even when the case has changed again since.
import type { OutboxKind } from "../src/domain/outbox.js";
import { caseStatusNote } from "../src/services/case-outcome.js";
import { caseStatusMessage } from "../src/views/case-outcome.js";
import type { Renderer } from "./delivery-types.js";

export const CASE_RENDERERS = {
  case_status: async (deps, row) => {
    if (row.refId === null) throw new Error("case_status without ref");
    const note = await caseStatusNote(deps.db, row.refId);
    if (!note) throw new Error(`audit entry ${row.refId} is not a case closing or reopening`);
    return { method: "post", channel: deps.coordinatorChannel, message: caseStatusMessage(note) };
  },
} satisfies Partial<Record<OutboxKind, Renderer>>;
