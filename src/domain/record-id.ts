// Ids of stored records as they arrive from Slack: a button's value, a command word, a number in
// private_metadata. Every table's id is a PostgreSQL `integer`; a larger number (still a safe
// integer in JavaScript) makes the query itself fail, which used to reach the user as "försök
// igen". So an id from outside is a record id only when the column can hold it.

/** The largest value of PostgreSQL's `integer` (int4), the type of every id column. */
export const RECORD_ID_MAX = 2_147_483_647;

/** The record id written in `value` ("17"; digits only, no sign, exponent or spaces), or null. */
export function parseRecordId(value: unknown): number | null {
  if (typeof value !== "string" || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= RECORD_ID_MAX ? id : null;
}
