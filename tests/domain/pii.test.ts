import Personnummer from "personnummer";
import { withLuhn } from "../helpers/personnummer.js";
import { describe, expect, it } from "vitest";
import { findPersonalData, isPhoneNumber, personalDataError, type PiiKind } from "../../src/domain/pii.js";

const pnr = withLuhn("900101123"); // 900101-123X
const coord = withLuhn("900161123"); // day 61 = coordination number for the 1st
const coord91 = withLuhn("850391456"); // day 91 = coordination number for the 31st
const wrongCheck = `${pnr.slice(0, 9)}${(Number(pnr[9]) + 1) % 10}`;

const dash = (ten: string): string => `${ten.slice(0, 6)}-${ten.slice(6)}`;

describe("test fixtures agree with the personnummer library", () => {
  it.each([pnr, coord, coord91, "8112289874", "7010632391"])("%s is valid", (n) => {
    expect(Personnummer.valid(n, { allowCoordinationNumber: true, allowInterimNumber: false })).toBe(true);
  });
  it("the wrong check digit is invalid", () => {
    expect(Personnummer.valid(wrongCheck)).toBe(false);
  });
  it("701063-2391 and the day 61/91 fixtures are coordination numbers", () => {
    expect(Personnummer.parse("701063-2391").isCoordinationNumber()).toBe(true);
    expect(Personnummer.parse(coord).isCoordinationNumber()).toBe(true);
    expect(Personnummer.parse(coord91).isCoordinationNumber()).toBe(true);
  });
});

const positives: [PiiKind, string, string][] = [
  // [kind, text, the exact text that must be flagged]
  ["personnummer", "Hon har personnummer 811228-9874.", "811228-9874"],
  ["personnummer", "pnr 19811228-9874 enligt beslut", "19811228-9874"],
  ["personnummer", "8112289874", "8112289874"],
  ["personnummer", "ID: 198112289874, se bilaga", "198112289874"],
  ["personnummer", "över hundra år: 811228+9874", "811228+9874"],
  ["personnummer", `(${dash(pnr)})`, dash(pnr)],
  ["personnummer", `Personen med nummer ${pnr} behöver boende`, pnr],
  ["personnummer", `född 19${dash(pnr)}`, `19${dash(pnr)}`],
  ["personnummer", "nummer 811228 9874 i ansökan", "811228 9874"],
  ["personnummer", "autokorrigerat 811228–9874", "811228–9874"],
  // A wrong check digit is a typo, and a typo still identifies a person.
  ["personnummer", "811228-9875 har fel kontrollsiffra", "811228-9875"],
  ["personnummer", `${dash(wrongCheck)} är inte giltigt`, dash(wrongCheck)],
  ["samordningsnummer", `samordningsnummer ${dash(coord)}`, dash(coord)],
  ["samordningsnummer", `${coord}`, coord],
  ["samordningsnummer", "Hennes samordningsnummer är 701063-2391.", "701063-2391"],
  ["samordningsnummer", `dag 91: 19${coord91}`, `19${coord91}`],
  ["phone", "Ring 070-123 45 67 i kväll", "070-123 45 67"],
  ["phone", "0701234567", "0701234567"],
  ["phone", "tel: 070 123 45 67", "070 123 45 67"],
  ["phone", "Kontoret 08-123 456 78.", "08-123 456 78"],
  ["phone", "växel 08-12 34 56", "08-12 34 56"],
  ["phone", "+46 70 123 45 67", "+46 70 123 45 67"],
  ["phone", "nås på +46701234567 dagtid", "+46701234567"],
  ["phone", "0046 70 123 45 67", "0046 70 123 45 67"],
  ["phone", "Göteborg 031-12 34 56", "031-12 34 56"],
  ["phone", "Nigeria: +234 803 123 4567", "+234 803 123 4567"],
  ["phone", "(08) 123 456 78", "(08) 123 456 78"],
  ["phone", "mobil 073-9876543.", "073-9876543"],
  ["phone", "Ring 0701234567 2 gånger om dagen", "0701234567"],
  ["phone", "tel:0701234567", "0701234567"],
  ["phone", "Kontakt via mamman, 0739-12 34 56, helst kvällar", "0739-12 34 56"],
  ["email", "anna.svensson@example.se", "anna.svensson@example.se"],
  ["email", "Skriv till kontakt+nsp@mail.example.org i morgon", "kontakt+nsp@mail.example.org"],
  ["email", "X@Y.CO", "X@Y.CO"],
  ["email", "förnamn: a_b-c@sub.domain.nu.", "a_b-c@sub.domain.nu"],
  ["email", "mejla åsa.öberg@kommun.se", "åsa.öberg@kommun.se"],
];

const negatives: string[] = [
  "Beloppet är 12 500 kr.",
  "1 200 kr/dag i 30 dagar",
  "Total 204 600 kr, resultat 0",
  "204 600",
  "Perioden 2016-09-01 – 2016-09-30",
  "2016-09-01–2016-09-30",
  "2016-09-01 - 2016-09-30",
  "2016-09-01",
  "20160901-20160930",
  "20160901–20160930",
  "Tid 14:00-16:00",
  "Tid: kl 14:00-16:00 och 9.00-15.00",
  "Öppet 0800-1600 på vardagar",
  "Beslut 01-09-2016 enligt protokoll",
  "År 2016 och 2017",
  "Ärende NSP001 och NSP010",
  "terapi x 5 tillfällen mars 2016",
  "36 192 varav 29 354 + barntillägg 6838",
  "Budget 145 000 kr (62 400 + 7 800 + 10 000)",
  "Juristkostnad 12 500 (5 h istf 6 h á 2500)",
  "Hon är 23 år och har 2 barn.",
  "90 % av budgeten, 0,5 % moms",
  "Slack-användare <@U0APPL> frågade",
  "Fråga <@U12345|anna> om saken",
  "Beslut 2016-11-30 kl 10:00",
  "Dnr 123-4567",
  "Referens 4500-2016",
  "Budget 48 600 (1 st)",
  "Kostnader 76 692 och 64 800",
  "en e-post skickades @ kontoret",
  "Sidan 0 av 10",
  "Totalt 1 050 000 kr och 12 050 000 1 200 kr",
  "Summa 0 kr, 0 dagar",
  "Rum 070 på plan 2",
  "Åtgärd 3.0701234567 i listan",
  "123456789012345 är ett långt tal",
  "1981122898745 är för långt",
  "",
];

describe("findPersonalData: positives", () => {
  it.each(positives)("finds %s in %j", (kind, text, match) => {
    const findings = findPersonalData(text);
    expect(findings.map((f) => f.kind)).toEqual([kind]);
    const f = findings[0];
    expect(f && text.slice(f.index, f.index + f.length)).toBe(match);
  });
});

describe("findPersonalData: negatives", () => {
  it.each(negatives)("finds nothing in %j", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});

describe("findPersonalData: mixed text", () => {
  it("reports a personnummer as such, not also as a phone number", () => {
    expect(findPersonalData("811228-9874").map((f) => f.kind)).toEqual(["personnummer"]);
    expect(findPersonalData(`pnr ${pnr}`).map((f) => f.kind)).toEqual(["personnummer"]);
  });
  it("does not take part of a longer digit run as a personnummer", () => {
    expect(findPersonalData("0811228-9874").map((f) => f.kind)).not.toContain("personnummer");
    expect(findPersonalData("98112289874").map((f) => f.kind)).not.toContain("personnummer");
  });
  it("finds several kinds in order of position", () => {
    const text = "NSP003 (pnr 811228-9874) nås på 070-123 45 67 eller a@b.se, kostnad 12 500 kr 2016-09-01.";
    const findings = findPersonalData(text);
    expect(findings.map((f) => f.kind)).toEqual(["personnummer", "phone", "email"]);
    expect(findings.map((f) => text.slice(f.index, f.index + f.length))).toEqual(["811228-9874", "070-123 45 67", "a@b.se"]);
  });
  it("finds a phone number inside Slack's tel: link both times", () => {
    expect(findPersonalData("<tel:0701234567|070-123 45 67>").map((f) => f.kind)).toEqual(["phone", "phone"]);
  });
  it("reports an address whose local part is digits as an e-mail only", () => {
    expect(findPersonalData("0701234567@sms.example.se").map((f) => f.kind)).toEqual(["email"]);
  });
  it("works across lines", () => {
    expect(findPersonalData("Rad ett\n070-123 45 67\nrad tre").map((f) => f.kind)).toEqual(["phone"]);
    expect(findPersonalData("Summa 0\n12 500 kr")).toEqual([]);
  });
});

describe("isPhoneNumber", () => {
  it.each(["070-123 45 67", "08-12 34 56", "+1 212 555 1234", "0046701234567"])("accepts %j", (s) => {
    expect(isPhoneNumber(s)).toBe(true);
  });
  it.each(["070-123", "0 12 345 678", "+0 70 123 45 67", "0000 12 34 56", "01-09-2016", "2016-09-01", "07012345678901", "+12345"])(
    "rejects %j",
    (s) => {
      expect(isPhoneNumber(s)).toBe(false);
    },
  );
});

describe("personalDataError", () => {
  it("is null for clean text", () => {
    expect(personalDataError("NSP003 behöver terapi x 5 tillfällen à 800 kr från 2016-09-01.")).toBeNull();
    expect(personalDataError("")).toBeNull();
  });
  it("gives the exact message for one kind", () => {
    expect(personalDataError("pnr 811228-9874")).toBe(
      "Texten innehåller något som ser ut som ett personnummer. Ta bort det – beskriv personen bara med ärendenumret (t.ex. NSP003).",
    );
    expect(personalDataError("ring 070-123 45 67")).toBe(
      "Texten innehåller något som ser ut som ett telefonnummer. Ta bort det – beskriv personen bara med ärendenumret (t.ex. NSP003).",
    );
    expect(personalDataError("a@b.se")).toContain("en e-postadress.");
    expect(personalDataError("701063-2391")).toContain("ett samordningsnummer.");
  });
  it("names every kind once, in a fixed order, without echoing the values", () => {
    const message = personalDataError("mejla a@b.se eller c@d.se, ring 070-123 45 67, pnr 811228-9874") ?? "";
    expect(message).toBe(
      "Texten innehåller något som ser ut som ett personnummer. " +
        "Texten innehåller något som ser ut som ett telefonnummer. " +
        "Texten innehåller något som ser ut som en e-postadress. " +
        "Ta bort dem – beskriv personen bara med ärendenumret (t.ex. NSP003).",
    );
    expect(message).not.toContain("070");
    expect(message).not.toContain("9874");
    expect(message).not.toContain("a@b");
  });
});

describe("findPersonalData: normalised text, spans in the original", () => {
  const cases: [PiiKind, string, string][] = [
    ["personnummer", "pnr ８５０１０１－１２３６ enligt kort", "８５０１０１－１２３６"],
    ["personnummer", "pnr ٨٥٠١٠١-١٢٣٦.", "٨٥٠١٠١-١٢٣٦"],
    ["personnummer", "pnr 850101\u200b1236 ok", "850101\u200b1236"],
    ["personnummer", "pnr 850101-\n1236 ok", "850101-\n1236"],
    ["personnummer", "pnr 85.01.01-1236", "85.01.01-1236"],
    ["personnummer", "född 1985-01-01-1236", "1985-01-01-1236"],
    ["personnummer", "pnr 8 5 0 1 0 1 - 1 2 3 6", "8 5 0 1 0 1 - 1 2 3 6"],
    ["personnummer", "pnr 𝟖𝟓𝟎𝟏𝟎𝟏-𝟏𝟐𝟑𝟔 ok", "𝟖𝟓𝟎𝟏𝟎𝟏-𝟏𝟐𝟑𝟔"],
    ["phone", "rum 12 070-123 45 67", "070-123 45 67"],
    ["phone", "ring O70-123 45 67", "O70-123 45 67"],
    ["phone", "whatsapp 46701234567", "46701234567"],
    ["phone", "ring 070.123.45.67.", "070.123.45.67"],
    ["email", "anna (at) example.se", "anna (at) example.se"],
    ["email", "skriv till anna＠example.se i dag", "anna＠example.se"],
    ["email", "mejla anna@example", "anna@example"],
    ["address", "Hon bor på Storgatan 12, 2 tr", "Storgatan 12"],
    ["address", "Drottninggatan 45B, Stockholm", "Drottninggatan 45B"],
    ["name", "Hon heter Anna Lindqvist.", "heter Anna Lindqvist"],
    ["name", "Namn: Anna", "Namn: Anna"],
  ];
  it.each(cases)("finds %s in %j", (kind, text, match) => {
    const findings = findPersonalData(text);
    expect(findings.map((f) => f.kind)).toEqual([kind]);
    const f = findings[0];
    expect(f && text.slice(f.index, f.index + f.length)).toBe(match);
  });

  it("a 0-prefixed ten-digit number with a wrong check digit is a phone number, with a right one a personnummer", () => {
    expect(findPersonalData("0701234567").map((f) => f.kind)).toEqual(["phone"]);
    const born2007 = withLuhn("070123456");
    expect(findPersonalData(born2007).map((f) => f.kind)).toEqual(["personnummer"]);
  });

  it.each(["Organisationens namn: Frälsningsarmén", "Vad heter boendet?", "Handlingsplan 2", "kapitel 12", "plan 2", "Trafikleden 2016", "en e-post skickades @ kontoret"])(
    "finds nothing in %j",
    (text) => {
      expect(findPersonalData(text)).toEqual([]);
    },
  );
});

describe("personalDataError: the new kinds", () => {
  it("names an address and a name in Swedish without echoing them", () => {
    const message = personalDataError("Hon heter Anna och bor på Storgatan 12") ?? "";
    expect(message).toBe(
      "Texten innehåller något som ser ut som en adress. " +
        "Texten innehåller något som ser ut som ett namn. " +
        "Ta bort dem – beskriv personen bara med ärendenumret (t.ex. NSP003).",
    );
    expect(message).not.toMatch(/Anna|Storgatan|12/);
  });
  it("names the obfuscated kinds", () => {
    expect(personalDataError("anna [at] example [dot] se")).toContain("en e-postadress.");
    expect(personalDataError("070/123 45 67")).toContain("ett telefonnummer.");
    expect(personalDataError("850101-1237")).toContain("ett personnummer.");
  });
});
