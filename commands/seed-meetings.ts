// Working groups and a handful of meetings from the 2016 annual report's calendar ("Kalendarium
// under På Gång/hemsidan 2016"), for `npm run db:seed`. Idempotent: groups are matched by name and
// meetings by a fixed key, existing rows are left alone (an operator moves a group to its real
// channel with `npm run admin -- group add "Slussa vidare" --channel C…`).
// The meetings are in the past, so no reminders are planned for them. Registration texts use the
// platform's shared address instead of the coordinator's personal one, and no speaker's name is
// copied: the public calendar feed shows these texts.
import type { Db } from "../src/core/db.js";
import type { MeetingKind } from "../src/domain/meetings.js";
import { slugify } from "../src/domain/meetings.js";
import { plural } from "../src/domain/format.js";
import { wallClockToInstant } from "../src/domain/meeting-time.js";

/** The report's three working groups and the group that runs the support programme. */
export const SEED_GROUPS = [
  {
    name: "Slussa vidare",
    channel: "C0SLUSSA",
    description: "Stödinsatser till utsatta inom stödprogrammet och arbetet med en nationell hänvisningsmekanism (National Referral Mechanism).",
  },
  { name: "Förebygga", channel: "C0FOREBYGGA", description: "Förebyggande arbete och information, t.ex. kampanjen Du avgör och Dreambusiness." },
  { name: "Barnperspektivet", channel: "C0BARN", description: "Erfarenhetsutbyte och problemformulering om direkt och indirekt utsatta barn och barn i riskzon." },
  { name: "NSP-gruppen", channel: "C0NSPGRUPP", description: "Arbetsgruppen för stödinsatser som projekterar och leder Nationellt stödprogram (NSP)." },
] as const;

type GroupName = (typeof SEED_GROUPS)[number]["name"];

interface SeedMeeting {
  key: string;
  kind: MeetingKind;
  title: string;
  theme?: string;
  group: GroupName | null;
  date: string;
  start: string;
  end: string;
  place?: string;
  registration?: string;
  deadline?: string;
}

const FA_HK = "Frälsningsarméns HK, Nybrogatan 79 B, Stockholm";
const ANMAL = "Anmäl till manniskohandel@gmail.com";

export const SEED_MEETINGS_2016: readonly SeedMeeting[] = [
  { key: "2016-01-27-forebygga", kind: "working_group", title: "Arbetsgruppen Förebygga/informera", theme: "Filmvisning av utbildningsdelen i Dreambusiness.", group: "Förebygga", date: "2016-01-27", start: "13:00", end: "15:00", place: "1000möjligheter, Eriksbergsgatan 46, Stockholm", registration: "Anmäl intresse att delta i gruppen till manniskohandel@gmail.com" },
  { key: "2016-02-10-barn", kind: "working_group", title: "Arbetsgruppen Barn", group: "Barnperspektivet", date: "2016-02-10", start: "14:00", end: "16:00", place: "IMT, Sankt Paulsgatan 1, Stockholm", registration: ANMAL },
  { key: "2016-02-19-plattform", kind: "platform", title: "Plattformsmöte: tvångsarbete", theme: "Tvångsarbete inom företag och hushåll.", group: null, date: "2016-02-19", start: "13:00", end: "16:00", place: FA_HK, registration: ANMAL },
  { key: "2016-08-24-nsp", kind: "working_group", title: "Arbetsgruppen för stödinsatser", theme: "Nationellt stödprogram.", group: "NSP-gruppen", date: "2016-08-24", start: "12:00", end: "16:00", place: FA_HK, registration: ANMAL },
  { key: "2016-09-30-plattform", kind: "platform", title: "Plattformsmöte: Polisens stärkta förmåga mot människohandel?", group: null, date: "2016-09-30", start: "13:00", end: "15:30", place: "Nybrogatan 79 B, Stockholm", registration: ANMAL },
  { key: "2016-09-30-medlem", kind: "member", title: "Medlemsmöte", group: null, date: "2016-09-30", start: "15:30", end: "16:30", place: "Nybrogatan 79 B, Stockholm", registration: ANMAL },
  { key: "2016-11-11-ukv", kind: "external_conference", title: "UKV-dagen", theme: "Att arbeta med unga kvinnor utsatta för våld – vad är verksamt? Arrangör: Unga Kvinnors Värn.", group: null, date: "2016-11-11", start: "09:00", end: "15:00", place: "Immanuelskyrkan, Norrmalm, Stockholm", registration: "Anmälan via Unga Kvinnors Värns webbplats.", deadline: "2016-11-01" },
  { key: "2016-12-08-barn", kind: "working_group", title: "Fokus barn", theme: "Direkt och indirekt utsatta barn och barn i riskzon.", group: "Barnperspektivet", date: "2016-12-08", start: "14:00", end: "16:00", place: "IMT, Sankt Paulsgatan 1, Stockholm", registration: ANMAL },
  { key: "2016-12-09-plattform", kind: "platform", title: "Plattformsmöte: Återvändande", theme: "Återvändandeprogrammet och långsiktigt stöd i hemländerna.", group: null, date: "2016-12-09", start: "14:00", end: "16:00", place: FA_HK, registration: ANMAL },
  { key: "2016-12-09-nsp", kind: "working_group", title: "Nationellt stödprogram: upplägget för 2017", theme: "Certifierade aktörer och de som vill bli det diskuterar fortsatt upplägg.", group: "NSP-gruppen", date: "2016-12-09", start: "16:00", end: "17:00", place: FA_HK, registration: ANMAL },
  { key: "2016-12-16-medlem", kind: "member", title: "Medlemsmöte", theme: "Stadgar, värdegrund, medlemskap och organisationsform.", group: null, date: "2016-12-16", start: "10:00", end: "11:30", place: FA_HK, registration: ANMAL },
];

export interface MeetingSeedSummary {
  groups: { created: number; existing: number };
  meetings: { created: number; existing: number };
}

function at(date: string, time: string): Date {
  const d = wallClockToInstant(date, time);
  if (!d) throw new Error(`seed: invalid time ${date} ${time}`);
  return d;
}

export async function seedMeetings(db: Db): Promise<MeetingSeedSummary> {
  return db.$transaction(async (tx) => {
    const summary: MeetingSeedSummary = { groups: { created: 0, existing: 0 }, meetings: { created: 0, existing: 0 } };
    const groupIds = new Map<string, number>();
    for (const g of SEED_GROUPS) {
      const found = await tx.workingGroup.findUnique({ where: { name: g.name } });
      summary.groups[found ? "existing" : "created"]++;
      const row = found ?? (await tx.workingGroup.create({ data: { ...g, slug: slugify(g.name) } }));
      groupIds.set(g.name, row.id);
    }
    for (const m of SEED_MEETINGS_2016) {
      const submissionKey = `seed-${m.key}`;
      if (await tx.meeting.findUnique({ where: { submissionKey } })) {
        summary.meetings.existing++;
        continue;
      }
      await tx.meeting.create({
        data: {
          kind: m.kind,
          title: m.title,
          theme: m.theme ?? null,
          groupId: m.group ? (groupIds.get(m.group) ?? null) : null,
          startsAt: at(m.date, m.start),
          endsAt: at(m.date, m.end),
          place: m.place ?? null,
          registration: m.registration ?? null,
          registrationDeadline: m.deadline ? new Date(`${m.deadline}T00:00:00.000Z`) : null,
          createdBy: "seed",
          submissionKey,
        },
      });
      summary.meetings.created++;
    }
    return summary;
  });
}

export function formatMeetingSeedSummary(s: MeetingSeedSummary): string {
  return `Arbetsgrupper: ${plural(s.groups.created, "ny", "nya")}, ${s.groups.existing} fanns redan\nMöten ur 2016 års kalendarium: ${plural(s.meetings.created, "nytt", "nya")}, ${s.meetings.existing} fanns redan`;
}
