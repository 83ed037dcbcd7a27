// The first set of examples (kept beside pii.test.ts, which covers more shapes).
import { withLuhn } from "../helpers/personnummer.js";
import { describe, expect, it } from "vitest";
import { findPersonalData, personalDataError } from "../../src/domain/pii.js";

const pnr = withLuhn("900101123"); // 900101-123X
const coord = withLuhn("900161123"); // day 61 = coordination number for the 1st

const positives: [string, string][] = [
  ["personnummer", "Hon har personnummer 811228-9874."],
  ["personnummer", "pnr 19811228-9874 enligt beslut"],
  ["personnummer", "8112289874"],
  ["personnummer", "198112289874"],
  ["personnummer", "över hundra år: 811228+9874"],
  ["personnummer", `(${pnr.slice(0, 6)}-${pnr.slice(6)})`],
  ["personnummer", `ID ${pnr}`],
  ["personnummer", `19${pnr.slice(0, 6)}-${pnr.slice(6)}`],
  ["personnummer", "811228 9874"],
  ["personnummer", "811228-9875 har fel kontrollsiffra"],
  ["samordningsnummer", `samordningsnummer ${coord.slice(0, 6)}-${coord.slice(6)}`],
  ["samordningsnummer", `${coord}`],
  ["samordningsnummer", "701063-2391"],
  ["phone", "Ring 070-123 45 67 i kväll"],
  ["phone", "0701234567"],
  ["phone", "tel: 070 123 45 67"],
  ["phone", "08-123 456 78"],
  ["phone", "växel 08-12 34 56"],
  ["phone", "+46 70 123 45 67"],
  ["phone", "+46701234567"],
  ["phone", "0046 70 123 45 67"],
  ["phone", "031-12 34 56"],
  ["phone", "Nigeria: +234 803 123 4567"],
  ["phone", "(08) 123 456 78"],
  ["phone", "mobil 073-9876543."],
  ["email", "anna.svensson@example.se"],
  ["email", "Skriv till kontakt+nsp@mail.example.org i morgon"],
  ["email", "X@Y.CO"],
  ["email", "förnamn: a_b-c@sub.domain.nu"],
];

const negatives: string[] = [
  "Beloppet är 12 500 kr.",
  "1 200 kr/dag i 30 dagar",
  "Total 204 600 kr, resultat 0",
  "Perioden 2016-09-01 – 2016-09-30",
  "2016-09-01–2016-09-30",
  "20160901-20160930",
  "Tid 14:00-16:00",
  "Tid: kl 14:00-16:00 och 9.00-15.00",
  "År 2016 och 2017",
  "Ärende NSP001 och NSP010",
  "terapi x 5 tillfällen mars 2016",
  "36 192 varav 29 354 + barntillägg 6838",
  "Budget 145 000 kr (62 400 + 7 800 + 10 000)",
  "Juristkostnad 12 500 (5 h istf 6 h á 2500)",
  "Hon är 23 år och har 2 barn.",
  "90 % av budgeten",
  "Slack-användare <@U0APPL> frågade",
  "Beslut 2016-11-30 kl 10:00",
  "Dnr 123-4567",
  "Referens 4500-2016",
  "Budget 48 600 (1 st)",
  "Kostnader 76 692 och 64 800",
  "en e-post skickades @ kontoret",
  "Sidan 0 av 10",
];

describe("findPersonalData", () => {
  it.each(positives)("finds %s in %j", (kind, text) => {
    const kinds = findPersonalData(text).map((f) => f.kind);
    expect(kinds).toContain(kind);
  });

  it.each(negatives)("finds nothing in %j", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it("reports a personnummer as such, not as a phone number", () => {
    expect(findPersonalData("0811228-9874").map((f) => f.kind)).not.toContain("personnummer");
    expect(findPersonalData("811228-9874").map((f) => f.kind)).toEqual(["personnummer"]);
  });
});

describe("personalDataError", () => {
  it("is null for clean text", () => {
    expect(personalDataError("NSP003 behöver terapi x 5 tillfällen à 800 kr från 2016-09-01.")).toBeNull();
  });
  it("names what it found without echoing it", () => {
    const message = personalDataError("Ring 070-123 45 67 eller mejla a@b.se, pnr 811228-9874") ?? "";
    expect(message).toContain("ett personnummer");
    expect(message).toContain("ett telefonnummer");
    expect(message).toContain("en e-postadress");
    expect(message).not.toContain("070");
    expect(message).not.toContain("9874");
  });
});
