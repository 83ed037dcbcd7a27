// A request's version as a decision sees it: what was asked and why. The decision modal carries it
// in its private_metadata from the moment it is opened; the decision is recorded only if the request
// still has that version (services/requests.ts), so a correction (services/request-changes.ts)
// made while the modal was open makes the submit refuse ("Ansökan nr 12 ändrades …") instead of
// deciding figures the coordinator never saw.
//
// Why a hash of the asked fields and not `updatedAt`: every correction changes at least one of
// these fields (a correction that changes nothing is refused), while `updatedAt` also moves when
// unrelated columns change (the coordinator message's ts, a question's status), which would refuse
// decisions for nothing. Pure: no imports, a 53-bit string hash (cyrb53), not a security measure –
// a forged version only makes the submit refuse.

export interface VersionedRequest {
  requestedAmount: number;
  days: number | null;
  startDate: Date | null;
  endDate: Date | null;
  children: number | null;
  protection: boolean;
  measure: string | null;
  quantity: number | null;
  unitAmount: number | null;
  justification: string;
}

function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** "k3x9…": changes whenever a correction changes what was asked (or its justification). */
export function requestVersion(r: VersionedRequest): string {
  return cyrb53(
    JSON.stringify([
      r.requestedAmount,
      r.days,
      r.startDate ? r.startDate.toISOString() : null,
      r.endDate ? r.endDate.toISOString() : null,
      r.children,
      r.protection,
      r.measure,
      r.quantity,
      r.unitAmount,
      r.justification,
    ]),
  );
}
