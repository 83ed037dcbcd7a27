// Working-group reads used outside the CLI: the calendar feed finds a group by its slug through
// services/groups.ts (src/calendar.ts no longer queries Prisma itself).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { calendarFeed } from "../../src/calendar.js";
import { findGroupBySlug, upsertGroup } from "../../src/services/groups.js";
import { closeDb, testDb, truncateAll } from "../helpers/db.js";

const db = testDb();
afterAll(() => closeDb(db));
beforeEach(() => truncateAll(db));

describe("findGroupBySlug", () => {
  it("finds a group by its exact slug, and nothing by its name or another slug", async () => {
    await upsertGroup(db, { name: "Slussa vidare", channel: "C0SLUSSA" });
    const other = await upsertGroup(db, { name: "Förebygga", channel: "C0FORE" });
    const found = await findGroupBySlug(db, "slussa-vidare");
    expect(found?.name).toBe("Slussa vidare");
    expect(found?.id).toEqual(expect.any(Number));
    expect((await findGroupBySlug(db, other.group.slug))?.name).toBe("Förebygga");
    expect(await findGroupBySlug(db, "Slussa vidare")).toBeNull();
    expect(await findGroupBySlug(db, "slussa")).toBeNull();
  });

  it("gives the calendar feed the group's name, and no feed for an unknown slug", async () => {
    await upsertGroup(db, { name: "Slussa vidare", channel: "C0SLUSSA" });
    expect(await calendarFeed(db, "slussa-vidare")).toContain("Slussa vidare");
    expect(await calendarFeed(db, "finns-inte")).toBeNull();
  });
});
