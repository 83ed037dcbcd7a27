// The coordinator channel note of a case closed or reopened (issue #12), rendered from its audit
// entry, so the note says what that change did even when the case has changed again since; and
// the DMs about a case moved to another organisation (issue #14).
import { parseOutboxKey, type OutboxKind } from "../src/domain/outbox.js";
import { caseStatusNote } from "../src/services/case-outcome.js";
import { transferDm } from "../src/services/case-transfer.js";
import { caseStatusMessage } from "../src/views/case-outcome.js";
import { transferDmMessage } from "../src/views/case-transfer.js";
import type { Renderer } from "./delivery-types.js";

export const CASE_RENDERERS = {
  case_status: async (deps, row) => {
    if (row.refId === null) throw new Error("case_status without ref");
    const note = await caseStatusNote(deps.db, row.refId);
    if (!note) throw new Error(`audit entry ${row.refId} is not a case closing or reopening`);
    return { method: "post", channel: deps.coordinatorChannel, message: caseStatusMessage(note) };
  },
  // A case moved to another organisation (issue #14): one DM per member of either organisation,
  // rendered from the case_transfer row (the handover as it was, never its reason).
  case_transfer_dm: async (deps, row) => {
    const parsed = parseOutboxKey(row.key);
    if (parsed?.key !== "caseTransfer") throw new Error(`case_transfer_dm with key ${row.key}`);
    const dm = await transferDm(deps.db, parsed.transferId, parsed.memberId);
    if (!dm) return { method: "none", reason: "member removed" };
    return { method: "post", channel: dm.slackUserId, message: transferDmMessage(dm) };
  },
} satisfies Partial<Record<OutboxKind, Renderer>>;
