// Outbox kind "home_refresh": re-publishes the App Home of everyone a request's change concerns
// (its organisation's members, coordinators and admins), so the Home is current without being
// reopened. Written in the same transaction as the change (submit, decision, question, answer);
// `refId` is the request, `requestId` stays null (the row is about people's Homes, not one of the
// request's own messages), the key is "home:<request id>:<audit id | submitted>".
//
// views.publish replaces the whole view, so publishing again (a retry after a partial failure) is
// harmless. Bursts coalesce: when a newer home_refresh for a request of the same organisation is
// still pending, this one is marked sent without publishing (the newer one has the same audience
// and renders at least as fresh a state), so 50 submissions in a second cost one round of renders.
// A permanent per-user error (user_not_found, not_enabled, account_inactive …) skips that user;
// anything else (429, network, 5xx) fails the row and the queue retries it.
import { ErrorCode } from "@slack/web-api";
import { sqlOf } from "../src/db.js";
import { sql } from "../src/sql.js";
import { homeAudience, homeViewFor } from "../src/services/home.js";
import type { DeliveryDeps } from "./deliver-slack-message.js";

/** Where markSent records a home refresh (no channel message exists). */
export const HOME_TARGET = { channel: "app_home", ts: "" } as const;

const isPlatformError = (err: unknown): boolean =>
  typeof err === "object" && err !== null && "code" in err && err.code === ErrorCode.PlatformError;

/** A newer pending home_refresh for the same organisation's requests will publish the same Homes. */
async function superseded(deps: DeliveryDeps, row: { id: number; refId: number }): Promise<boolean> {
  const { rows } = await sqlOf(deps.db).query<{ newer: boolean }>(sql`
    SELECT EXISTS (
      SELECT 1 FROM "outbox_message" o JOIN "request" r ON r."id" = o."ref_id"
      WHERE o."kind" = 'home_refresh' AND o."status" = 'pending' AND o."id" > ${row.id}
        AND r."org_id" = (SELECT "org_id" FROM "request" WHERE "id" = ${row.refId})
    ) AS "newer"`);
  return rows[0]?.newer === true;
}

export async function refreshHomes(deps: DeliveryDeps, row: { id: number; refId: number | null }): Promise<{ channel: string; ts: string }> {
  if (row.refId === null) throw new Error("home_refresh without request");
  if (await superseded(deps, { id: row.id, refId: row.refId })) return { ...HOME_TARGET };
  for (const userId of await homeAudience(deps.db, row.refId)) {
    try {
      await deps.slack.views.publish({ user_id: userId, view: await homeViewFor(deps.db, userId) });
    } catch (err) {
      if (!isPlatformError(err)) throw err;
      deps.log.warn({ user: userId, error: err instanceof Error ? err.message : String(err) }, "app home refresh skipped for user");
    }
  }
  return { ...HOME_TARGET };
}
