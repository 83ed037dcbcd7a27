// text_erased_update (issue #14): a Slack message already sent that showed free text (the decision
// in the thread when its reason was shared, the decision DM, the question DM) is updated in place
// (chat.update of the sent row's channel and ts), re-rendered from the request as it is now, so
// the erased text reads as the marker. A message never sent needs nothing: it renders at send
// time from the erased rows.
import { parseOutboxKey } from "../src/domain/outbox.js";
import { loadRequest } from "../src/services/requests.js";
import { applicantDecision, applicantQuestion, threadDecision, type SlackMessage } from "../src/views/request.js";
import type { Renderer } from "./delivery-types.js";

const erasedUpdate: Renderer = async (deps, row) => {
  if (row.refId === null) throw new Error("text_erased_update without the sent row");
  const sent = await deps.db.outboxMessage.findUnique({ where: { id: row.refId }, select: { kind: true, key: true, requestId: true, status: true, channel: true, ts: true } });
  if (!sent || sent.status !== "sent" || !sent.channel || !sent.ts || sent.requestId === null) return { method: "none", reason: "message not posted" };
  const r = await loadRequest(deps.db, sent.requestId);
  if (!r) return { method: "none", reason: "request gone" };
  let message: SlackMessage;
  switch (sent.kind) {
    case "thread_decision":
      message = threadDecision(r);
      break;
    case "applicant_decision":
      message = applicantDecision(r);
      break;
    case "applicant_info_question": {
      const parsed = parseOutboxKey(sent.key);
      const info = parsed?.key === "request" ? r.infoRequests.find((i) => i.id === parsed.refId) : undefined;
      if (!info) return { method: "none", reason: "question gone" };
      message = applicantQuestion(r, info);
      break;
    }
    default:
      return { method: "none", reason: `no text in ${sent.kind}` };
  }
  return { method: "update", channel: sent.channel, ts: sent.ts, message };
};

export const ERASURE_RENDERERS = { text_erased_update: erasedUpdate };
