// The outbox kinds that re-publish App Homes (views.publish), so a Home is current without being
// reopened. Each kind names its audience:
// - "home_refresh": a request changed (submit, decision, question, answer); ref = the request;
//   its organisation's members, coordinators and admins. Key "home:<request id>:<audit id | submitted>".
// - "home_refresh_group": a meeting of a working group was created, edited or cancelled; ref = the
//   group; its members, its convener, coordinators and admins.
// - "home_refresh_network": the same for a whole-network meeting; ref = the meeting; everyone.
// - "home_refresh_budget": a transfer, an allocation or a new period; ref = the period;
//   coordinators and admins.
// - "home_refresh_transfer": a case moved to another organisation (issue #14); ref = the
//   case_transfer row; both organisations' members, coordinators and admins.
// `requestId` stays null (the row is about people's Homes, not one of a request's messages).
//
// views.publish replaces the whole view, so publishing again (a retry after a partial failure) is
// harmless. Bursts coalesce: when a newer pending refresh will publish at least the same Homes
// (same organisation, same group, or a wider audience) this one is marked sent without
// publishing: every Home renders the whole current state, so 50 submissions in a second cost one
// round of renders.
// A permanent per-user error (user_not_found, not_enabled, account_inactive …) skips that user;
// anything else (429, network, 5xx) fails the row and the queue retries it.
import { ErrorCode } from "@slack/web-api";
import { sqlOf } from "../src/core/db.js";
import { sql } from "../src/core/sql.js";
import { budgetHomeAudience, groupHomeAudience, homeAudience, loadHomePage, networkHomeAudience, transferHomeAudience } from "../src/services/home.js";
import { isHomeRefreshKind, type HomeRefreshKind } from "../src/domain/outbox.js";
import type { DeliveryDeps, Renderer } from "./delivery-types.js";
import { homeView } from "../src/views/home.js";

/** Where markSent records a home refresh (no channel message exists). */
const HOME_TARGET = { channel: "app_home", ts: "" } as const;

const isPlatformError = (err: unknown): boolean =>
  typeof err === "object" && err !== null && "code" in err && err.code === ErrorCode.PlatformError;

/**
 * Whether a newer pending refresh will publish (at least) this row's Homes. Every request, group
 * and network refresh includes coordinators and admins, so each covers a budget refresh; a network
 * refresh covers everyone. Only unclaimed rows count: one a worker is delivering right now may
 * have rendered its Homes before this row's change was committed.
 */
async function superseded(deps: DeliveryDeps, row: { id: number; kind: HomeRefreshKind; refId: number }): Promise<boolean> {
  const query = {
    // The organisation whose Homes show a request is its case's current one (a moved case's
    // requests were filed by another: services/home.ts homeAudience), on both sides.
    home_refresh: sql`
      SELECT EXISTS (SELECT 1 FROM "outbox_message" o JOIN "request" r ON r."id" = o."ref_id" LEFT JOIN "case" c ON c."id" = r."case_id"
        WHERE o."kind" = 'home_refresh' AND o."status" = 'pending' AND o."claimed_at" IS NULL AND o."id" > ${row.id}
          AND COALESCE(c."org_id", r."org_id") = (SELECT COALESCE(c2."org_id", r2."org_id") FROM "request" r2 LEFT JOIN "case" c2 ON c2."id" = r2."case_id" WHERE r2."id" = ${row.refId})) AS "newer"`,
    home_refresh_group: sql`
      SELECT EXISTS (SELECT 1 FROM "outbox_message" o
        WHERE o."status" = 'pending' AND o."claimed_at" IS NULL AND o."id" > ${row.id}
          AND (o."kind" = 'home_refresh_network' OR (o."kind" = 'home_refresh_group' AND o."ref_id" = ${row.refId}))) AS "newer"`,
    home_refresh_network: sql`
      SELECT EXISTS (SELECT 1 FROM "outbox_message" o
        WHERE o."status" = 'pending' AND o."claimed_at" IS NULL AND o."id" > ${row.id} AND o."kind" = 'home_refresh_network') AS "newer"`,
    home_refresh_budget: sql`
      SELECT EXISTS (SELECT 1 FROM "outbox_message" o
        WHERE o."status" = 'pending' AND o."claimed_at" IS NULL AND o."id" > ${row.id}
          AND o."kind" IN ('home_refresh', 'home_refresh_group', 'home_refresh_network', 'home_refresh_budget', 'home_refresh_transfer')) AS "newer"`,
    // Two organisations' Homes: only a newer whole-network refresh (everyone) covers them.
    home_refresh_transfer: sql`
      SELECT EXISTS (SELECT 1 FROM "outbox_message" o
        WHERE o."status" = 'pending' AND o."claimed_at" IS NULL AND o."id" > ${row.id} AND o."kind" = 'home_refresh_network') AS "newer"`,
  }[row.kind];
  const { rows } = await sqlOf(deps.db).query<{ newer: boolean }>(query);
  return rows[0]?.newer === true;
}

function audience(deps: DeliveryDeps, kind: HomeRefreshKind, refId: number): Promise<string[]> {
  switch (kind) {
    case "home_refresh":
      return homeAudience(deps.db, refId);
    case "home_refresh_group":
      return groupHomeAudience(deps.db, refId);
    case "home_refresh_network":
      return networkHomeAudience(deps.db);
    case "home_refresh_budget":
      return budgetHomeAudience(deps.db);
    case "home_refresh_transfer":
      return transferHomeAudience(deps.db, refId);
  }
}

async function refreshHomes(deps: DeliveryDeps, row: { id: number; kind: HomeRefreshKind; refId: number | null }): Promise<{ channel: string; ts: string }> {
  if (row.refId === null) throw new Error(`${row.kind} without ref`);
  if (await superseded(deps, { id: row.id, kind: row.kind, refId: row.refId })) return { ...HOME_TARGET };
  for (const userId of await audience(deps, row.kind, row.refId)) {
    try {
      await deps.slack.views.publish({ user_id: userId, view: homeView(...(await loadHomePage(deps.db, userId))) });
    } catch (err) {
      if (!isPlatformError(err)) throw err;
      deps.log.warn({ user: userId, error: err instanceof Error ? err.message : String(err) }, "app home refresh skipped for user");
    }
  }
  return { ...HOME_TARGET };
}

/** The renderer of every home refresh kind: it publishes the Homes itself. */
export const publishHome: Renderer = async (deps, row) => {
  if (!isHomeRefreshKind(row.kind)) throw new Error(`${row.kind} is not a home refresh`);
  return { method: "published", target: await refreshHomes(deps, { id: row.id, kind: row.kind, refId: row.refId }) };
};
