// How a request is named to people (issue #12, item 6). A request has one visible number of its
// own, "ansökan nr 12", which is never called "ärende": an ärende is a case (NSP004), a person
// followed through the programme, and may hold many requests.

/** "nr 12" — the request's number as shown after "ansökan"/"Ansökan". */
export const requestNo = (id: number): string => `nr ${id}`;

/** "Ansökan nr 12" — the request's name at the start of a sentence or a heading. */
export const requestName = (id: number): string => `Ansökan ${requestNo(id)}`;
