// What the App Home shows (issue #5), as plain data: src/services/home.ts reads it from Postgres,
// src/views/home.ts draws it. Structured fields only, never an applicant's free text.
import type { BudgetReport } from "./budget.js";
import type { AskedFields } from "./request-name.js";
import type { RsvpAnswer } from "./meetings.js";
import type { RequestStatus, RequestType, Role } from "./types.js";

/** How many rows each list shows at most; the rest is summarised (a Home tab holds 100 blocks). */
export const HOME_LIMITS = { open: 15, decided: 5, queue: 40, meetings: 10 } as const;

/** A request as the Home shows it: structured fields only, never the applicant's free text. */
export interface HomeRequest extends AskedFields {
  id: number;
  type: RequestType;
  status: RequestStatus;
  caseRef: string | null;
  orgName: string;
  applicantSlackId: string;
  createdAt: Date;
  decidedAt: Date | null;
  requestedAmount: number;
  grantedAmount: number | null;
  grantedDays: number | null;
  days: number | null;
  /** The decision reason, only when the coordinator marked it as shareable. */
  sharedReason: string | null;
  hasReason: boolean;
  /** The latest "Begär komplettering": still waiting for the answer, or answered. */
  info: "asked" | "answered" | null;
}

/** One of the user's next meetings (see upcomingMeetings in src/services/home.ts). */
export interface HomeMeeting {
  /** The meeting's id: the value of its "Jag kommer" / "Kan inte" buttons. */
  id: number;
  title: string;
  start: Date;
  place: string | null;
  /** The user's answer; null when not answered yet. */
  rsvp: RsvpAnswer | null;
}

export interface HomeData {
  userId: string;
  now: Date;
  actor: { role: Role; orgName: string } | null;
  applicant: { orgName: string; open: HomeRequest[]; openTotal: number; decided: HomeRequest[] } | null;
  coordinator: {
    /** Coordinators decide; admins see the queue read-only. */
    canDecide: boolean;
    queue: HomeRequest[];
    queueTotal: number;
    budget: BudgetReport | null;
    budgetIsCurrent: boolean;
  } | null;
}

/** Everything a user's Home shows, in the order homeView() takes it: homeView(...page). */
export type HomePage = [data: HomeData, meetings: HomeMeeting[]];
