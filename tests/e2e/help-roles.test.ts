// Issue #15, item 4, through the real receiver: `/nsp hjälp` shows each role its own commands,
// with the role read from the database (the request only carries the user id).
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { MORE_COMMANDS_TEXT } from "../../src/domain/command.js";
import { truncateAll } from "../helpers/db.js";
import { seedFixtures, startHarness, USERS, type Harness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await truncateAll(h.db);
  await seedFixtures(h.db);
});

async function help(user: string): Promise<string> {
  const res = await h.user.command(user, "hjälp");
  expect(res.status).toBe(200);
  const body = res.json as { response_type: string; text: string };
  expect(body.response_type).toBe("ephemeral");
  return body.text;
}

it("an applicant (and a stranger) sees the applicant's commands and that more exist; a coordinator also the coordinator's; an admin all", async () => {
  for (const user of [USERS.applicant, USERS.stranger]) {
    const text = await help(user);
    expect(text).toContain("/nsp ansök");
    expect(text).toContain("/nsp möten");
    expect(text).not.toContain("/nsp budget");
    expect(text).not.toContain("/nsp rapport");
    expect(text).toContain(MORE_COMMANDS_TEXT);
  }
  const coordinator = await help(USERS.coordinator);
  expect(coordinator).toContain("/nsp budget flytta");
  expect(coordinator).toContain("/nsp rapport");
  expect(coordinator).toContain("/nsp ansök");
  expect(coordinator).not.toContain("/nsp budget överskrid");
  expect(coordinator).not.toContain(MORE_COMMANDS_TEXT);
  const admin = await help(USERS.admin);
  expect(admin).toContain("/nsp budget överskrid");
  expect(admin).toContain("/nsp rapport");

  // The role is the stored one: promoting the applicant changes what they see.
  await h.db.member.update({ where: { slackUserId: USERS.applicant }, data: { role: "coordinator" } });
  expect(await help(USERS.applicant)).toContain("/nsp budget flytta");
});
