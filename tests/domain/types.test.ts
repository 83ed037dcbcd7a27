import { describe, expect, it } from "vitest";
import { isOpenStatus, OPEN_STATUSES, REQUEST_STATUSES } from "../../src/domain/types.js";

describe("isOpenStatus", () => {
  it("is true while a request waits for a decision (received, under review)", () => {
    expect(isOpenStatus("received")).toBe(true);
    expect(isOpenStatus("under_review")).toBe(true);
  });

  it("is false once a request is decided", () => {
    expect(isOpenStatus("granted")).toBe(false);
    expect(isOpenStatus("partly_granted")).toBe(false);
    expect(isOpenStatus("denied")).toBe(false);
  });

  it("agrees with OPEN_STATUSES for every status", () => {
    for (const s of REQUEST_STATUSES) expect(isOpenStatus(s)).toBe(OPEN_STATUSES.includes(s));
  });
});
