// Bulk history for the benchmarks, in a few set-based statements (generate_series, not row by
// row): cases NSP00001…, requests of every type and status spread over the cases and 2016, the
// commitments of their grants, and the audit and outbox rows the app would have written for them
// (two audit rows and three delivered messages per request). Call it again with higher targets to
// grow the same database: it adds the cases and requests above those already there.
import type pg from "pg";

export interface SeedTarget {
  orgId: number;
  periodId: number;
  /** Total seeded cases and requests wanted after this call. */
  cases: number;
  requests: number;
}

const caseRef = (g: string) => `'NSP' || lpad(${g}::text, 5, '0')`;

export async function seedHistory(pool: pg.Pool, t: SeedTarget): Promise<void> {
  const { rows } = await pool.query<{ cases: number; requests: number }>(
    `SELECT (SELECT count(*) FROM "case" WHERE "ref" LIKE 'NSP%')::int AS "cases",
            (SELECT count(*) FROM "request" WHERE "submission_key" LIKE 'bench-%')::int AS "requests"`,
  );
  const have = rows[0] ?? { cases: 0, requests: 0 };
  // Cases with backgrounds spread over the fixed lists, created through 2016.
  await pool.query(
    `INSERT INTO "case" ("ref", "org_id", "nationality", "gender", "age_band", "children_accompanying", "children_home",
                         "exploitation", "exploited_in", "police_report", "created_at")
     SELECT ${caseRef("g")}, $1,
            (ARRAY['NG','RO','SE','GN','BG','IT','UA','XX'])[1 + g % 8],
            (ARRAY['woman','man','other'])[1 + g % 3],
            (ARRAY['under18','18-25','26-30','31-35','36-45','46+'])[1 + g % 6],
            g % 3, g % 2,
            CASE WHEN g % 5 = 0 THEN ARRAY['sexual','criminality'] ELSE ARRAY[(ARRAY['sexual','labour','begging'])[1 + g % 3]] END,
            CASE WHEN g % 4 = 0 THEN ARRAY['SE','IT'] ELSE ARRAY['SE'] END,
            g % 2 = 0,
            TIMESTAMPTZ '2016-01-01 10:00+00' + make_interval(hours => (g * 4) % 8700)
     FROM generate_series($2::int + 1, $3::int) g`,
    [t.orgId, have.cases, t.cases],
  );
  // One admission per case (when the case was created), the rest spread over types and the year.
  await pool.query(
    `INSERT INTO "request" ("type", "status", "org_id", "case_id", "period_id", "applicant_slack_id", "submission_key",
                            "days", "children", "protection", "measure", "quantity", "unit_amount", "requested_amount",
                            "granted_days", "granted_amount", "justification", "decided_by", "decided_at", "created_at", "updated_at")
     SELECT t."type"::"RequestType", t."status"::"RequestStatus", $1, c."id", $2, 'U0BENCH', 'bench-' || g,
            CASE WHEN t."type" IN ('rest','integration') THEN 20 END, CASE WHEN t."type" IN ('rest','integration') THEN g % 2 END,
            t."type" = 'rest' AND g % 7 = 0,
            CASE WHEN t."type" = 'measure' THEN (ARRAY['therapy','travel','passport','legal_counsel'])[1 + g % 4] END,
            CASE WHEN t."type" = 'measure' THEN 1 + g % 5 END, CASE WHEN t."type" = 'measure' THEN 800 END,
            CASE t."type" WHEN 'rest' THEN 24000 WHEN 'integration' THEN 12000 WHEN 'measure' THEN 800 * (1 + g % 5) ELSE 0 END,
            CASE WHEN t."status" IN ('granted','partly_granted') AND t."type" IN ('rest','integration') THEN 20 END,
            CASE WHEN t."status" IN ('granted','partly_granted') THEN
              CASE t."type" WHEN 'rest' THEN 24000 WHEN 'integration' THEN 12000 WHEN 'measure' THEN 800 ELSE 0 END END,
            'bench', CASE WHEN t."status" IN ('granted','partly_granted','denied') THEN 'U0BENCHCOORD' END,
            CASE WHEN t."status" IN ('granted','partly_granted','denied') THEN c."created_at" + interval '3 days' END,
            c."created_at" + make_interval(hours => CASE WHEN g <= $3 THEN 0 ELSE g % 500 END), now()
     FROM generate_series($4::int + 1, $5::int) g
     JOIN "case" c ON c."ref" = ${caseRef("(1 + (g - 1) % $3)")}
     CROSS JOIN LATERAL (SELECT
       CASE WHEN g <= $3 THEN 'admission' ELSE (ARRAY['inquiry','rest','integration','measure','measure'])[1 + g % 5] END AS "type",
       (ARRAY['granted','granted','partly_granted','denied','received','under_review'])[1 + g % 6] AS "status") t`,
    [t.orgId, t.periodId, t.cases, have.requests, t.requests],
  );
  const added = `r."submission_key" LIKE 'bench-%' AND substr(r."submission_key", 7)::int > ${Number(have.requests)}`;
  // Commitments for the grants with money, as decisions make them.
  await pool.query(
    `INSERT INTO "budget_commitment" ("request_id", "category_id", "amount")
     SELECT r."id", bc."id", r."granted_amount" FROM "request" r
     JOIN "budget_category" bc ON bc."period_id" = r."period_id" AND bc."key" = r."type"::text
     WHERE ${added} AND r."status" IN ('granted','partly_granted') AND r."granted_amount" > 0`,
  );
  await pool.query(
    `UPDATE "budget_category" bc SET "committed" = COALESCE((SELECT SUM("amount") FROM "budget_commitment" WHERE "category_id" = bc."id"), 0)
     WHERE bc."period_id" = $1`,
    [t.periodId],
  );
  await pool.query(
    `INSERT INTO "audit_entry" ("request_id", "actor", "action", "after", "at")
     SELECT r."id", 'U0BENCH', a."action", '{}'::jsonb, r."created_at" FROM "request" r
     CROSS JOIN (VALUES ('submitted'), ('decision:grant')) AS a("action") WHERE ${added}`,
  );
  await pool.query(
    `INSERT INTO "outbox_message" ("key", "kind", "request_id", "status", "attempts", "created_at", "sent_at")
     SELECT r."id" || ':' || k, k, r."id", 'sent', 1, r."created_at", r."created_at" FROM "request" r
     CROSS JOIN unnest(ARRAY['coord_notice', 'applicant_receipt', 'thread_decision']) AS k WHERE ${added}`,
  );
  await pool.query(`ANALYZE`);
}
