// "1 page", "12 pages", "1,000+ pages": the server counts matches up to a bound (`totalCapped`
// when more match), so a common word costs the same as a rare one.
export function matchCount(total: number, capped: boolean): string {
  const n = `${total.toLocaleString('en')}${capped ? '+' : ''}`;
  return `${n} ${total === 1 && !capped ? 'page' : 'pages'}`;
}
