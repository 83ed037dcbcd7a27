/** Builds a valid personnummer for tests: YYMMDD + 3 digits + Luhn check digit. */
export function withLuhn(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let d = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return `${nine}${(10 - (sum % 10)) % 10}`;
}
