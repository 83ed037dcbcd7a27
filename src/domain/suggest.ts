// "Menade du …?" for a mistyped name (issue #15: an unknown organisation in the operator CLI
// suggests the closest one). A small Levenshtein distance on names folded for comparison (case,
// diacritics and runs of spaces ignored, so "Fralsningsarmen" finds "Frälsningsarmén"). A name is
// suggested only when it is close: at most a quarter of the longer name's letters differ (at least
// 2 edits allowed), so "Okänd" suggests nothing among the programme's organisations.

/** Lower case, no diacritics, single spaces. */
export function foldName(s: string): string {
  return s.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase("sv").trim().replace(/\s+/g, " ");
}

/** Edits (insert, delete, substitute) between two strings, by code point. */
export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[y.length] ?? 0;
}

/** The candidate closest to `input`, or null when none is close enough (ties: the first listed). */
export function closestName(input: string, candidates: readonly string[]): string | null {
  const wanted = foldName(input);
  if (wanted === "") return null;
  let best: { name: string; distance: number } | null = null;
  for (const name of candidates) {
    const folded = foldName(name);
    const distance = levenshtein(wanted, folded);
    const allowed = Math.max(2, Math.floor(Math.max([...wanted].length, [...folded].length) / 4));
    if (distance <= allowed && (best === null || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}
