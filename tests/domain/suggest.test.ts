// Issue #15: an unknown organisation name suggests the closest ("Menade du …?").
import { describe, expect, it } from "vitest";
import { closestName, foldName, levenshtein } from "../../src/domain/suggest.js";

const ORGS = ["Frälsningsarmén", "Noomi Akutboende Hela människan", "Talita", "Unga Kvinnors Värn", "Realstars", "Räddningsmissionen Göteborg", "Ecpat", "Stadsmissionen"];

describe("closestName", () => {
  it("suggests the organisation one or two edits away", () => {
    expect(closestName("Stadsmisionen", ORGS)).toBe("Stadsmissionen");
    expect(closestName("Talitha", ORGS)).toBe("Talita");
    expect(closestName("Unga kvinnors varn", ORGS)).toBe("Unga Kvinnors Värn");
  });

  it("ignores case, diacritics and spaces", () => {
    expect(closestName("fralsningsarmen", ORGS)).toBe("Frälsningsarmén");
    expect(closestName("  Räddningsmissionen   Göteborg ", ORGS)).toBe("Räddningsmissionen Göteborg");
    expect(foldName(" Frälsnings  Armén ")).toBe("fralsnings armen");
  });

  it("suggests nothing for a name that is not close to any", () => {
    expect(closestName("Okänd", ORGS)).toBeNull();
    expect(closestName("Finns inte", ORGS)).toBeNull();
    expect(closestName("", ORGS)).toBeNull();
    expect(closestName("Talita", [])).toBeNull();
  });

  it("picks the closest of several and the first listed on a tie", () => {
    expect(closestName("Ecpaz", ["Ecpat", "Ecpa"])).toBe("Ecpat");
    expect(closestName("abcd", ["abce", "abcf"])).toBe("abce");
  });

  it("levenshtein counts edits by code point", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("å", "a")).toBe(1);
    expect(levenshtein("same", "same")).toBe(0);
  });
});
