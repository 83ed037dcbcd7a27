// The messages of a withdrawal or a correction (issue #12, item 5): the thread notes (who, when and
// what, from the audit row the outbox row names) and the update of the applicant's receipt DM.
import { changeLines, correctionAfter, requestSnapshot } from "../src/domain/request-change.js";
import { outboxKeys, type OutboxKind } from "../src/domain/outbox.js";
import { loadChangeAudit } from "../src/services/request-changes.js";
import { applicantReceipt } from "../src/views/request.js";
import { threadChanged, threadWithdrawn } from "../src/views/request-changes.js";
import type { ClaimedRow, DeliveryDeps, Renderer } from "./delivery-types.js";
import { forRequest, inThread, sentRow } from "./render-request.js";

async function auditOf(deps: DeliveryDeps, row: ClaimedRow) {
  const audit = row.refId === null ? null : await loadChangeAudit(deps.db, row.refId);
  if (!audit || audit.requestId !== row.requestId) throw new Error(`audit entry ${row.refId} of request ${row.requestId} not found`);
  return audit;
}

export const REQUEST_CHANGE_RENDERERS = {
  thread_withdrawn: forRequest(async (deps, row, r) => {
    const audit = await auditOf(deps, row);
    return inThread(r, threadWithdrawn(r, audit.actor, audit.at));
  }),
  thread_changed: forRequest(async (deps, row, r) => {
    const audit = await auditOf(deps, row);
    const before = requestSnapshot.safeParse(audit.before);
    const after = correctionAfter.safeParse(audit.after);
    const changes = before.success && after.success ? changeLines(r.type, before.data, after.data, after.data.justificationChanged) : [];
    return inThread(r, threadChanged(r, audit.actor, changes));
  }),
  // The receipt as it is now: its status, its cost, and no buttons once the request is closed.
  applicant_receipt_refresh: forRequest(async (deps, _row, r) => {
    const receipt = await sentRow(deps.db, outboxKeys.request(r.id, "applicant_receipt"));
    return { method: "update", ...receipt, message: applicantReceipt(r) };
  }),
} satisfies Partial<Record<OutboxKind, Renderer>>;
