// The clocks' messages (issue #12, item 4), rendered at send time from the database as it is now:
// a reminder whose case was closed, whose request was decided or withdrawn, or whose question was
// answered since it was planned posts nothing ({ method: "none" }: the row is done, last_error
// says why).
import { formatDate } from "../src/domain/format.js";
import { parseOutboxKey, type OutboxKind } from "../src/domain/outbox.js";
import { digestLinesNow, infoReminderNow, periodEndNow } from "../src/services/case-clocks.js";
import { certificationNoticeNow } from "../src/services/certification.js";
import { certificationNotice, decisionDigest, infoReminder, periodEndReminder } from "../src/views/case-clocks.js";
import type { ClaimedRow, Renderer } from "./delivery-types.js";

/** The default of NSP_DECISION_DIGEST_WORKDAYS (deps.clocks unset). */
const DEFAULT_CLOCKS = { digestWorkdays: 2 };

function memberOf(row: ClaimedRow): number {
  if (row.refId === null) throw new Error(`${row.kind} without member`);
  return row.refId;
}

export const CLOCK_RENDERERS = {
  period_end_reminder: async (deps, row) => {
    if (row.requestId === null) throw new Error("period_end_reminder without request");
    const now = new Date();
    const found = await periodEndNow(deps.db, row.requestId, memberOf(row), now);
    if (!found) return { method: "none", reason: "period no longer open for a reminder" };
    const { state } = found;
    return { method: "post", channel: found.slackUserId, message: periodEndReminder({ request: state.request, caseRef: state.caseRef, end: state.end, daysLeft: state.daysLeft, next: state.next }) };
  },
  info_reminder: async (deps, row) => {
    const parsed = parseOutboxKey(row.key);
    if (parsed?.key !== "infoReminder") throw new Error(`info_reminder with key ${row.key}`);
    const found = await infoReminderNow(deps.db, parsed.infoRequestId, memberOf(row));
    if (!found) return { method: "none", reason: "answered, decided or withdrawn" };
    const message = infoReminder({ request: found.request, caseRef: found.caseRef, infoId: found.infoId, askedAt: found.askedAt, days: Math.floor((Date.now() - found.askedAt.getTime()) / 86_400_000) });
    return { method: "post", channel: found.slackUserId, message };
  },
  // The requests still waiting now; a digest delivered on a later day (Slack was down) counts as of its own day.
  decision_digest: async (deps, row) => {
    const parsed = parseOutboxKey(row.key);
    if (parsed?.key !== "decisionDigest") throw new Error(`decision_digest with key ${row.key}`);
    const now = new Date();
    const asOf = formatDate(now) === parsed.day ? now : new Date(`${parsed.day}T12:00:00.000Z`);
    const lines = await digestLinesNow(deps.db, (deps.clocks ?? DEFAULT_CLOCKS).digestWorkdays, asOf);
    if (lines.length === 0) return { method: "none", reason: "every request decided" };
    return { method: "post", channel: deps.coordinatorChannel, message: decisionDigest(lines, (deps.clocks ?? DEFAULT_CLOCKS).digestWorkdays) };
  },
  // Issue #14: checked again now; a certification renewed, withdrawn or past, or an admin no longer one, gets nothing.
  certification_notice: async (deps, row) => {
    const parsed = parseOutboxKey(row.key);
    if (parsed?.key !== "certificationNotice") throw new Error(`certification_notice with key ${row.key}`);
    const found = await certificationNoticeNow(deps.db, parsed.orgId, parsed.until, parsed.memberId, new Date());
    if (!found) return { method: "none", reason: "certification renewed, withdrawn or past, or no longer an admin" };
    return { method: "post", channel: found.slackUserId, message: certificationNotice(found) };
  },
} satisfies Partial<Record<OutboxKind, Renderer>>;
