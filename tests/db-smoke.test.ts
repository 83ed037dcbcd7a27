import { afterAll, describe, expect, it } from "vitest";
import { closeDb, testDb } from "./helpers/db.js";

const db = testDb();
afterAll(() => closeDb(db));

describe("test database", () => {
  it("is migrated and enforces the hand-written CHECK constraints", async () => {
    const org = await db.organisation.create({ data: { name: "Smoke", certified: true } });
    await expect(
      db.$executeRaw`INSERT INTO "case" (ref, org_id, nationality, gender, age_band, children_accompanying, children_home, police_report)
                     VALUES ('NSP999', ${org.id}, 'SE', 'woman', '18-25', -1, 0, false)`,
    ).rejects.toThrow(/case_children_nonnegative/);
    await db.organisation.delete({ where: { id: org.id } });
  });
});
