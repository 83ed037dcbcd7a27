// The corpus: what people actually type. Disguised personal data (grouped by kind) that the guard
// must refuse, and harmless programme texts with numbers that it must let through. The rates are
// asserted, and every miss and false alarm is printed so the lists can grow: when someone finds a
// new variant in the wild, add it here first.
import { describe, expect, it } from "vitest";
import { findPersonalData, personalDataError } from "../../src/domain/pii.js";
import { independentDisguised, independentHarmless } from "./pii-independent.data.js";

// 850101-1236, 811228-9874 and 701063-2391 (coordination number, day 63) have correct check digits.
const disguised: Record<string, string[]> = {
  personnummer: [
    "Hon har personnummer 850101 - 1236.",
    "pnr 85.01.01-1236",
    "född 1985-01-01-1236",
    "personnummer 850101-\n1236",
    "personnummer 85010\n11236",
    "pnr 19850101\n-1236",
    "pnr ８５０１０１－１２３６",
    "pnr ٨٥٠١٠١-١٢٣٦",
    "pnr ۸۵۰۱۰۱-۱۲۳۶",
    "pnr ८५०१०१-१२३६",
    "pnr 𝟖𝟓𝟎𝟏𝟎𝟏-𝟏𝟐𝟑𝟔",
    "pnr 850101_1236",
    "pnr 850101/1236",
    "pnr 850101\u200b1236",
    "pnr 850101\u00ad1236",
    "pnr 8501\u200d01-1236",
    "pnr 850101\u20601236",
    "pnr 8 5 0 1 0 1 - 1 2 3 6",
    "8 5 0 1 0 1 1 2 3 6",
    "pnr 850101-1237 (fel kontrollsiffra men samma person)",
    "811228-9875",
    "198112289875",
    "samordningsnummer 701063-2392",
    "85 01 01-1236",
    "19850101 1236",
    "1985 01 01 - 1236",
    "850101—1236",
    "850101.1236",
    "850101:1236",
    "85-01-01-1236",
    "85-01-01 1236",
    "1985.01.01-1236",
    "1985/01/01-1236",
    "pnr 85O101-1236",
    "pnr 85o1o1-1236",
    "850101 -1236",
    "850101- 1236",
    "(850101-1236)",
    "pnr850101-1236",
    "personnr:8501011236",
    "850101\t1236",
    "19850101‐1236",
    "ID-nummer 850101 12 36",
    "20050101-1234",
    "050101-1234 är hennes dotters",
    "ÅÅMMDD-XXXX: 850101-1236",
    "personnummer: 19850101-1236.",
    "pnr 850101–12 36",
    "pnr 85 01 01 12 36",
    "hennes pnr är 8501011236, LMA-kort saknas",
    "85-01-01 - 1236",
  ],
  telefonnummer: [
    "Ring 070.123.45.67",
    "nås på 070/123 45 67",
    "whatsapp 46701234567",
    "O70-123 45 67",
    "rum 12 070-123 45 67",
    "3 barn, mammans nummer 070 123 45 67",
    "070-123 45\n67",
    "070-\n123 45 67",
    "ring ０７０－１２３ ４５ ６７",
    "ring ٠٧٠-١٢٣ ٤٥ ٦٧",
    "ring 070_123_45_67",
    "ring 070\u200b1234567",
    "ring 0 7 0 1 2 3 4 5 6 7",
    "ring 0 7 0 - 1 2 3 4 5 6 7",
    "+46 (0)70-123 45 67",
    "+46(0)701234567",
    "0046-70-123 45 67",
    "070 12 34 567",
    "0701-23 45 67",
    "08/123 456 78",
    "08.123.456.78",
    "07O-1234567",
    "tel 070–123 45 67",
    "nr 5, 070-123 45 67",
    "46 70 123 45 67",
    "+46-70-1234567",
    "070 - 123 45 67",
    "mobil: 0736 12 34 56",
    "(070) 123 45 67",
    "070.1234567",
    "00 46 70 123 45 67",
    "+46\u200970\u2009123\u200945\u200967",
    "0701234567/0701234568",
    "+44 7911 123456",
    "kl 14 ring 0701234567",
    "telefon 031-7O 12 34",
    "+46 70-123 45 67",
    "Tel.nr: 0707-12 34 56",
    "mobilnr 0046(0)70 1234567",
    "ring 0701 23 45 67",
    "ring 07012345 67",
    "nummer: 070 1234 567",
    "Göteborg 031 - 12 34 56",
  ],
  "e-post": [
    "anna (at) example.se",
    "anna [at] example [dot] se",
    "anna＠example.se",
    "anna @ example.se",
    "mejla anna@example",
    "anna at example dot se",
    "anna(at)example.se",
    "anna {at} example.se",
    "anna snabel-a example.se",
    "anna.svensson @ gmail . com",
    "anna@gmail,com",
    "anna@ gmail.com",
    "anna.s@hotmail",
    "ANNA AT GMAIL DOT COM",
    "anna[at]example.se",
    "anna (snabel-a) example.se",
    "anna＠ｅｘａｍｐｌｅ．ｓｅ",
    "mejla anna﹫example.se",
    "an\u200bna@exa\u200bmple.se",
    "anna.svensson(at)gmail(dot)com",
    "anna [at] gmail.com",
    "anna at gmail.com",
    "anna@example\n.se",
    "anna @example.se",
    "anna(@)example.se",
    "anna punkt svensson at gmail punkt com",
    "anna.svensson at hotmail.com",
    "mail: anna_s85@outlook.com",
    "<mailto:anna@example.se|anna@example.se>",
  ],
  adress: [
    "Hon bor på Storgatan 12",
    "Drottninggatan 45B, Stockholm",
    "adress: Kungsvägen 3 lgh 1102",
    "Lilla Nygatan 7",
    "Östra Hamngatan 16",
    "bor på Sveavägen 1",
    "Bäckgränd 4",
    "Stortorget 2",
    "Björkstigen 11",
    "Kvarnbacken 3",
    "Lindallén 8",
    "Nybroplan 1",
    "Hamnleden 22",
    "Järnvägsplatsen 3",
    "Strandpromenaden 5",
    "Skeppsbrokajen 9",
    "Strandvägen 7A",
    "Ringvägen 100, 118 60 Stockholm",
    "Götgatan 14 1 tr",
    "Norra Esplanaden 3",
    "Kyrkväg 5",
    "Skolgata 2",
    "STORGATAN 12",
    "hon bor på storgatan 12",
    "Storgatan12",
    "Storgatan ١٢",
    "Eriksbergsg. 46",
    "bor på Storg. 12",
    "Kungsv. 3",
    "Storgatan 12 B lgh 1203",
    "Ekvägen 4, 123 45 Farsta",
  ],
  namn: [
    "Hon heter Anna Lindqvist",
    "han heter Mohammed",
    "Namn: Anna Lindqvist",
    "namn Anna",
    "Kvinnan, som heter Maria, behöver boende",
    "hennes namn är Fatima Ali",
    "Barnet heter Ali och är 3 år",
    "Klientens namn: Olga Petrova",
    "hon heter egentligen Nadia",
    "Mitt namn är Sara",
    "Han heter Ahmed Hassan och kommer från Syrien",
    "Förnamn: Anna",
    "Efternamn: Lindqvist",
    "hon heter\nAnna",
    "heter Anna-Karin",
    "Namn:Elena",
    "kvinnan kallas Ana",
    "namnet är Irina",
    "Jag heter Maria och behöver hjälp",
    "Tilltalsnamn: Nadia",
    "Hennes namn: amina",
  ],
};

// Harmless texts with numbers, typical of the programme (rates, periods, case references, times…).
const harmless: string[] = [
  // dates
  "Perioden 2016-09-01 – 2016-09-30",
  "från 2016-09-01 till 2016-09-30",
  "2016-09-01–2016-09-30",
  "20160901-20160930",
  "beslut 2016-11-30",
  "Beslut 01-09-2016 enligt protokoll",
  "mötet 01.09.2016",
  "mötet 1/9 2016",
  "1 september 2016",
  "den 12 oktober",
  "sista dag 31/12",
  "från 1/9 till 30/9",
  "vecka 36–39",
  "v. 37 2016",
  "2016-09-01 12:00",
  "2016-09-01 kl 12.00",
  "2016-09-01 2016-09-30",
  "Inkom 2016-10-03, beslut 2016-10-05",
  "från 2016-09-01\ntill 2016-09-30",
  "16-09-01 till 16-09-30",
  "160901–160930",
  "01.09.16",
  "2016.09.01",
  "Q3 2016",
  "år 2016 och 2017",
  "december 2016 – januari 2017",
  "period 2016/2017",
  "Hon kom till Sverige 2015 och ansökte 2016",
  "den 1 september kl 10",
  "1:a september",
  // amounts
  "Beloppet är 12 500 kr.",
  "12500:-",
  "12 500:-",
  "12.500 kr",
  "12,500 kr",
  "1 200 kr/dag i 30 dagar",
  "Total 204 600 kr, resultat 0",
  "Budget 145 000 kr (62 400 + 7 800 + 10 000)",
  "Juristkostnad 12 500 (5 h istf 6 h á 2500)",
  "36 192 varav 29 354 + barntillägg 6838",
  "Kostnader 76 692 och 64 800",
  "Totalt 1 050 000 kr och 12 050 000 1 200 kr",
  "Summa 0 kr, 0 dagar",
  "300 kr per barn och dygn",
  "1 500 kr i tillägg för skydd",
  "800 kr per tillfälle x 5",
  "tolk 650 kr/h, 3 h",
  "resa 1 249 kr tur och retur",
  "SJ-biljett 549 kr",
  "hyra 7 800 kr/mån",
  "1 050 000 kr totalt",
  "10 000 kr för juridiskt ombud",
  "2 x 1 200 kr",
  "250 000 kr kvar av 1 000 000",
  "90 % av budgeten, 0,5 % moms",
  "25 % moms ingår",
  "Kvar: 48 600 kr av 145 000 kr",
  "Beviljat 36 000 kr (30 dagar à 1 200 kr)",
  "Dagersättning 61 kr/dag",
  "Ersättning 24 kr per dag för barn",
  "12 500 kr\n3 000 kr\n800 kr",
  "kostnad 0 kr",
  "Faktura på 4 350,50 kr",
  "SEK 12 500",
  "12 500 SEK",
  "EUR 1 200",
  "beloppet 12500",
  "9 000 kr i januari och 9 000 kr i februari",
  "Budget 2016: 1 050 000",
  "1 200 000 kr fördelat på 4 kategorier",
  // case references and ids
  "Ärende NSP001 och NSP010",
  "gäller NSP004",
  "NSP004, NSP005 och NSP012",
  "nsp 12",
  "Dnr 123-4567",
  "Dnr 2016/1234",
  "Dnr Ju2016/01234/POL",
  "Referens 4500-2016",
  "Polisens diarienummer 5000-K123456-16",
  "Migrationsverkets ärende 12-345678",
  "Beslut nr 2016:12",
  "Ref: 2016-0042",
  "ärendenummer 16-1234",
  "Mål nr B 1234-16",
  "Mål T 4567-16",
  "Ordernummer 100234",
  "Bokningsnummer ABC123",
  "Bokningsnummer 4711-2016",
  "biljettnummer 123456789",
  "Fakturanr 20161001",
  "Fakturanummer 2016-1001",
  "OCR 1234567890",
  "Org.nr 802456-1234",
  "organisationsnummer 802004-2390",
  "Org nr 556036-0793",
  "Bankgiro 123-4567",
  "Plusgiro 12 34 56-7",
  "Kundnummer 0012345",
  "Avtal 2016-003",
  "Ansökan 17 av 20",
  "Paragraf 12",
  "kapitel 12 § 3",
  "4 kap. 1 § socialtjänstlagen",
  "SFS 2001:453",
  "LMA-kort utfärdat",
  "Beslut enligt 5 kap. 15 § UtlL",
  "ISBN 978-91-1-300000-1",
  "version 2.3.1",
  "Slack-användare <@U0APPL> frågade",
  "Fråga <@U12345|anna> om saken",
  "se https://example.org/nsp/2016/09",
  "Ticket #1234",
  "Ärende #4521 i supporten",
  "Jira NSP-123",
  // times
  "kl 14.30",
  "kl. 14:30–16:00",
  "Tid 14:00-16:00",
  "Tid: kl 14:00-16:00 och 9.00-15.00",
  "Öppet 0800-1600 på vardagar",
  "09.00-15.00",
  "08:30 - 17:00",
  "mellan 10 och 12",
  "kl 9-17",
  "Beslut 2016-11-30 kl 10:00",
  "15 min",
  "2 h 30 min",
  "24/7-skydd",
  "dygnet runt 24 h",
  "Möte 13.15–14.45 i rum 4",
  "kl 0830",
  "09.00 2016-09-01",
  // postal codes
  "Postnummer 114 55",
  "114 55 Stockholm",
  "11455 Stockholm",
  "Göteborg 411 01",
  "Box 123, 101 23 Stockholm",
  "postnr 752 36 Uppsala",
  "SE-114 55",
  "Malmö 211 20",
  // counts and quantities
  "30 dagar",
  "3 barn",
  "rum 12",
  "Rum 070 på plan 2",
  "Hon är 23 år och har 2 barn.",
  "2 vuxna och 3 barn",
  "terapi x 5 tillfällen mars 2016",
  "5 samtal à 45 min",
  "10 timmar",
  "3 nätter",
  "barn födda 2010 och 2013",
  "hon är född 1990",
  "född 1985, ålder 31",
  "ålder 18–25",
  "Sidan 0 av 10",
  "Budget 48 600 (1 st)",
  "1 av 3",
  "3–5 veckor",
  "Åtgärd 3.0701234567 i listan",
  "123456789012345 är ett långt tal",
  "1981122898745 är för långt",
  "Rum 12, våning 3",
  "bussen 4 och tunnelbana 17",
  "Linje 1 och 2",
  "plan 2",
  "plats 3",
  "Vägen framåt 2017",
  "Handlingsplan 2",
  "Genomförandeplan 3",
  "Boendet har 12 platser",
  "boende i 14 dagar",
  "på vägen 2 gånger",
  "Hon har varit i Sverige i 3 år",
  "Insats 1, 2 och 3",
  "Steg 1 2 3",
  // mixed programme sentences
  "NSP003 behöver terapi x 5 tillfällen à 800 kr från 2016-09-01.",
  "NSP004 behöver skyddat boende 2016-09-01–2016-09-30, 1 barn, 45 000 kr.",
  "Kvinnan (NSP007) har 2 barn i hemlandet och 1 medföljande.",
  "Migrationsverket nekade omplacering 2016-08-15.",
  "Polisanmälan gjord 2016-07-02, dnr 5000-K123456-16.",
  "Återresa till Nigeria planerad v. 42, biljett 4 500 kr.",
  "Tolk behövs 3 ggr à 1 h, 650 kr/h.",
  "Juristen (ombud) tar 1 200 kr/h, beräknat 10 h.",
  "Boende 30 dagar à 1 200 kr + 30 dagar à 300 kr för barnet = 45 000 kr.",
  "Beslut: beviljas 36 000 kr av sökta 45 000 kr.",
  "Komplettering: ange antal nätter (2016-09-01 till 2016-09-14).",
  "Svar: 14 nätter, 1 barn, inget skydd.",
  "Flytt av 10 000 kr från Vila till Integration.",
  "Överskridande 5 000 kr godkänt av styrelsen 2016-10-12.",
  "Nätverksträff 2016-10-20 kl 13.00–16.00, anmälan senast 2016-10-13.",
  "Plats: Plattformens kontor, plan 3",
  "Tema: Arbete med barn, del 2",
  "Vi ses i sal 4",
  "Möte nr 3 för 2016",
  "Årsmöte 2017-03-15",
  "Webbinarium 2016-11-02 14:00-15:30",
  "Reseersättning 18,50 kr/mil",
  "resa 2 x 120 mil",
  "En e-post skickades @ kontoret",
  "Vi skickar e-post till kontoret",
  "Boendet ligger i Göteborg",
  "Kvinnan kommer från Rumänien",
  "Hon heter inte det vi trodde, se NSP004",
  "Vad heter boendet?",
  "Insatsen kallas stödsamtal",
  "namnet på boendet ändras 2017",
  "Organisationens namn: Frälsningsarmén",
  "Stiftelsen Stora Sköndal",
  "Storgatan är stängd",
  "Kapitel 12",
  "Stig 12",
  "gatan 2",
  "vägen 12",
  "Stigen 2016",
  "Planen 2017",
  "Projektplan 2017-2018",
  "Åtgärdsplan 2",
  "Behandlingsplan 1",
  "Säkerhetsplan 3",
  "Vårdplan 2",
  "Stödplan 1",
  "Budgetplan 2017",
  "Studieplan 4",
  "Verksamhetsplan 2017",
  "Hon vill tillbaka till gatan 2017",
  "Trafikleden 2016",
  "Reglerna gäller från 2016-09-01, se punkt 4.2.",
  "Tabell 3: 12 kvinnor, 3 män, 1 annan",
  "Ålder: 18–25 (4), 26–35 (6)",
  "Rad 2: 4 350 kr",
  "Summa 0\n12 500 kr",
  "1\n2\n3",
  "2016\n2017",
  "12 500 kr\n2016-09-01",
  "Från: 2016-09-01\nTill: 2016-09-30\nBarn: 1",
  "Antal: 1 2 3 4 5 6 7 8 9 10",
  "Koden är 0000",
  "Lösenordet byts var 90:e dag",
  "Ring växeln",
  "Ring Polisen på 114 14",
  "Nödnummer 112",
  "1177 Vårdguiden",
  "Ring 113 13",
  "0,5 tjänst",
  "nr 0",
  "0 %",
  "100 %",
  "000",
  // from the 2016 annual report
  "Verksamhetsberättelse 2016",
  "25 januari, kl 18:00-22:00",
  "27 januari kl 15:30-17:00, vänbesök från Ryssland",
  "22 februari + 26 februari, kl 8:15-10:00, presentation kartläggning",
  "Vi bjuder på frukost med kaffe/te och smörgås från kl. 8.15. Presentationen börjar 8.30.",
  "18 februari, kl 14:30, ang. 2014års människohandelsutredning",
  "11-12 april, OSCE Forced Criminality",
  "Plattformens arbetsgrupp för barnfrågor träffas hos IMT kl 14-16.",
  "Tid: kl.9.00-15.00",
  "[Anmäl dig senast 1 nov.>>](#)",
  "Två heldagar med 300 deltagare arrangeras av Ecpat och regeringen.",
  "Tid: 08.30 – 12.00",
  "Tid: 9:30-18:00. Resor och hotell betalas av deltagarna.",
  "Heldag med inbjudna föreläsare från Länsstyrelsen och Plattformen samt Noomi. 120 deltagare nås.",
  "Under perioden 1 mars – 24augusti inkom följande:",
  "NSP002 30 dagar + barntillägg\t- 45 000\t-26 000 (till max 30 dagar)\t\tNSP002\t-389",
  "+26 000 (från max 90 dagar)\t\t-725 (till insatser)\t\tNSP001\t-4000",
  "Kvarvarande medel\t0\t\t50476\t\t0",
  "Nationalitet\tNigeria: 3 Rumänien: 1 Sverige: 2 Guinea: 1\tNigeria: 43% Rumänien: 14 %",
  "Ålder\t18 – 25: 4 26 – 30: 2 31 – 35: 1\t18 – 25: 57 % 26 – 30: 29 % 31 – 25: 14 %",
  "Preliminär rapport NSP period 2 2016 (1/9-30/11)",
  "Under perioden 25 augusti – 30 november har följande ärenden hanterats:",
  "Budget för år 2016 pilotperiod 1 september-31 december",
  "- medel LST 2016\tStart 1 sept\t200 000",
  "Samordnare anställning 15 %*\t1 sept +31 dec\t-40 000",
  "Max 30 dagars vila\t1200x30 (26 dagar)\t-62 400 (2 st)",
  "Barntillägg**\t300X30 (26 dagar)\t- 7 800 (1 st)",
  "Stödinsatser\t500-5000\t- 10 000 (2-20 st)",
  "Integrationsperiod max 90 dagar***\t600x90 (81 dagar)\t-48 600 (1 st)",
  "OH-kostnad 10 %\t\t-18 600",
  "NSP009\tMinus ebo: 36 192 varav; 29 354 + barntillägg 6838",
  "Budgettotal\t79 500\t64 800\t10 000",
  "Resultat\t2808\t0\t-2500",
  "För att se hela programmet för MR-dagarna 17-19 november",
  "<https://manniskohandel.files.wordpress.com/2016/01/nationellt-stc3b6dprogram-2015-2016-plattformen-fc3b6r-lst.pdf>",
  // booking and ticket numbers as people paste them
  "Bokningsnummer KDR4512",
  "Flyg SK 1415 2016-09-12 kl 07.05",
  "Tåg 537 avgår 06.10 från Göteborg C",
  "OCR 40011234567",
  "Fakturanummer 0000123456",
  "Kvittonummer 2016091512345",
  "Bokning 8501-2233-12",
  "Biljett 160912-0001",
  "Resa 12/9 kl 06:10–09:15, 549 kr",
  "Hotell 2 nätter à 895 kr = 1 790 kr",
];

// Third round (review of issue #10 item 4, fresh texts): what the detector missed, with more of the
// same families, and harmless look-alikes of each. They join the lists above (so the rates include
// them) and are also checked one by one below.
const thirdRound: Record<string, string[]> = {
  telefonnummer: [
    "kontakta 0 70 12 34 567",
    "nr: 0 7 0 – 1 2 3 4 5 6 7",
    "ring 0 70 – 123 45 67",
    "mobil 0 7 0—123 45 67",
    "sms till 0 73 987 65 43",
    "tel 0 8 – 12 34 56 7",
    "hennes mobil: 0 76 – 12 34 567",
  ],
  "e-post": [
    "mejla annasvensson hotmail com",
    "mejla annasvensson hotmail",
    "maila olga1985 yahoo se",
    "mail: irina_p outlook com",
    "hennes mejl är fatimaali gmail",
    "e-post mariak hotmail punkt se",
  ],
  adress: [
    "Bor i lägenhet på Vasagatan nummer 7",
    "Storgatan nr 12",
    "hon bor på Kungsvägen nr. 4",
    "Ringvägen nummer 12B",
    "adress Björkgatan nr 5, 2 tr",
  ],
  namn: [
    "Hon presenterade sig som Irina",
    "Han kallade sig Dmitri",
    "hon kallade sig för Lena i telefon",
    "Hon har presenterat sig som Mira",
    "Hon introducerade sig som Nadia",
    "mitt namn är sara",
    "hennes namn är fatima",
    "Hans namn var Ahmed",
    "hennes förnamn var olga",
    "Namn = Maria",
    "namn=Elena",
    "Förnamn = Olga",
  ],
};
const thirdRoundHarmless: string[] = [
  "Mötet hette Plattformsdagen",
  "Projektet hette Trygg hemma 2015",
  "Konferensen kallades Nordiskt forum 2016",
  "Hon presenterade sig som tolk från kommunen",
  "Han kallade sig för samordnare i mejlet",
  "hennes namn är skyddat",
  "hans namn är okänt för oss",
  "hennes namn är inte känt",
  "Namn = okänt",
  "namn=saknas (se NSP004)",
  "Tåg 0 70 avgår",
  "kl 0 7 0 0",
  "Rum 0 12, våning 3",
  "mellan 0 och 10 personer, 3 - 5 dagar",
  "Resultat 0 – 0 efter 90 minuter",
  "Rum nummer 7",
  "Möte nummer 3 av 5",
  "Kapitel nr 12",
  "mejla oss via outlook",
  "mejl via gmail fungerar inte i boendet",
  "mejla gärna outlook-inbjudan till alla",
  "skicka mejlet från outlook",
];
for (const [kind, texts] of Object.entries(thirdRound)) disguised[kind] = [...(disguised[kind] ?? []), ...texts];
harmless.push(...thirdRoundHarmless);

function rate(n: number, of: number): string {
  return `${n}/${of} (${((100 * n) / of).toFixed(1)} %)`;
}

describe("the personal-data corpus", () => {
  const positives = Object.entries(disguised).flatMap(([kind, texts]) => texts.map((text) => ({ kind, text })));

  it("is big enough to mean something", () => {
    expect(positives.length).toBeGreaterThanOrEqual(120);
    expect(harmless.length).toBeGreaterThanOrEqual(200);
    expect(new Set(positives.map((p) => p.text)).size).toBe(positives.length);
    expect(new Set(harmless).size).toBe(harmless.length);
  });

  it("refuses at least 95 % of the disguised variants (misses are listed when it fails)", () => {
    const missed = positives.filter((p) => personalDataError(p.text) === null);
    const lines = missed.map((p) => `  MISSED ${p.kind}: ${JSON.stringify(p.text)}`);
    const byKind = Object.entries(disguised).map(([kind, texts]) => {
      const caught = texts.filter((t) => personalDataError(t) !== null).length;
      return `  ${kind}: ${rate(caught, texts.length)}`;
    });
    console.log(`pii corpus: refused ${rate(positives.length - missed.length, positives.length)}\n${byKind.join("\n")}`);
    expect(positives.length - missed.length, lines.join("\n")).toBeGreaterThanOrEqual(Math.ceil(0.95 * positives.length));
  });

  it("refuses at most 1 in 40 harmless texts with numbers (false alarms are listed when it fails)", () => {
    const refused = harmless.filter((t) => findPersonalData(t).length > 0);
    const lines = refused.map((t) => `  FALSE ALARM ${findPersonalData(t).map((f) => f.kind).join(",")}: ${JSON.stringify(t)}`);
    console.log(`pii corpus: false alarms ${rate(refused.length, harmless.length)}`);
    expect(refused.length * 40, lines.join("\n")).toBeLessThanOrEqual(harmless.length);
  });
});

// A second set written by a reviewer who had not read the lists above (tests/domain/pii-independent.data.ts):
// the targets must hold for it on its own, not only for the examples the detector was tuned on.
describe("the personal-data corpus, independent set", () => {
  const positives = Object.entries(independentDisguised).flatMap(([kind, texts]) => texts.map((text) => ({ kind, text })));

  it("is big enough and does not repeat itself", () => {
    expect(positives.length).toBeGreaterThanOrEqual(80);
    expect(independentHarmless.length).toBeGreaterThanOrEqual(150);
    expect(new Set(positives.map((p) => p.text)).size).toBe(positives.length);
    expect(new Set(independentHarmless).size).toBe(independentHarmless.length);
  });

  it("refuses at least 95 % of its disguised variants (misses are listed when it fails)", () => {
    const missed = positives.filter((p) => personalDataError(p.text) === null);
    const lines = missed.map((p) => `  MISSED ${p.kind}: ${JSON.stringify(p.text)}`);
    const byKind = Object.entries(independentDisguised).map(([kind, texts]) => {
      const caught = texts.filter((t) => personalDataError(t) !== null).length;
      return `  ${kind}: ${rate(caught, texts.length)}`;
    });
    console.log(`pii independent set: refused ${rate(positives.length - missed.length, positives.length)}\n${byKind.join("\n")}`);
    expect(positives.length - missed.length, lines.join("\n")).toBeGreaterThanOrEqual(Math.ceil(0.95 * positives.length));
  });

  // The overall rate must not hide a kind: many identity numbers must not make up for missed names.
  it("refuses at least 90 % of every kind on its own", () => {
    for (const [kind, texts] of Object.entries(independentDisguised)) {
      const caught = texts.filter((t) => personalDataError(t) !== null).length;
      expect({ kind, caught: caught >= Math.ceil(0.9 * texts.length) }).toEqual({ kind, caught: true });
    }
  });

  it("refuses at most 1 in 40 of its harmless texts (false alarms are listed when it fails)", () => {
    const refused = independentHarmless.filter((t) => findPersonalData(t).length > 0);
    const lines = refused.map((t) => `  FALSE ALARM ${findPersonalData(t).map((f) => f.kind).join(",")}: ${JSON.stringify(t)}`);
    console.log(`pii independent set: false alarms ${rate(refused.length, independentHarmless.length)}`);
    expect(refused.length * 40, lines.join("\n")).toBeLessThanOrEqual(independentHarmless.length);
  });

  it("keeps both targets on the whole corpus (tuning lists and independent set together)", () => {
    const all = [...Object.values(disguised), ...Object.values(independentDisguised)].flat();
    const clean = [...harmless, ...independentHarmless];
    const caught = all.filter((t) => personalDataError(t) !== null).length;
    const refused = clean.filter((t) => findPersonalData(t).length > 0).length;
    console.log(`pii whole corpus: refused ${rate(caught, all.length)}, false alarms ${rate(refused, clean.length)}`);
    expect(caught).toBeGreaterThanOrEqual(Math.ceil(0.95 * all.length));
    expect(refused * 40).toBeLessThanOrEqual(clean.length);
  });
});

describe("the personal-data corpus, third round (each text on its own)", () => {
  it.each(Object.entries(thirdRound).flatMap(([kind, texts]) => texts.map((t) => [kind, t])))("refuses %s: %j", (_, text) => {
    expect(personalDataError(text)).not.toBeNull();
  });
  it.each(thirdRoundHarmless)("lets %j through", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});
