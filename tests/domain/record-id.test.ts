import { describe, expect, it } from "vitest";
import { parseRecordId, RECORD_ID_MAX } from "../../src/domain/record-id.js";

describe("parseRecordId", () => {
  it.each([
    ["1", 1],
    ["17", 17],
    [String(RECORD_ID_MAX), RECORD_ID_MAX],
  ])("reads %j", (value, id) => {
    expect(parseRecordId(value)).toBe(id);
  });

  it.each(["", "0", "-1", "01", " 17", "17 ", "1e3", "0x10", "1.0", "17abc", String(RECORD_ID_MAX + 1), "99999999999", "9".repeat(400), "1\u0000"])(
    "refuses %j",
    (value) => {
      expect(parseRecordId(value)).toBeNull();
    },
  );

  it("refuses what is not a string", () => {
    for (const v of [undefined, null, 17, {}, ["1"]]) expect(parseRecordId(v)).toBeNull();
  });
});

