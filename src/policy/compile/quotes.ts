// Every quote in a policy file must be the source text word for word: the clause beside the
// rule is what a reader checks the rule against.

/**
 * Says where a quote departs from the text, so that a maintainer sees the mistyped characters
 * rather than hunting for them: the longest start of the quote that the text has, then what follows.
 */
export function quoteMismatch(quote: string, text: string): string {
  let lo = 0;
  let hi = quote.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (text.includes(quote.slice(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo < 4) return 'the quote is not found word for word in the source text (not even its first few characters)';
  const start = text.indexOf(quote.slice(0, lo));
  const context = quote.slice(Math.max(0, lo - 8), lo);
  const theirs = text.slice(start + lo, start + lo + 6);
  const ours = quote.slice(lo, lo + 6);
  return `the quote is not found word for word in the source text: after "${context}" the quote has "${ours}" where the text has "${theirs}"`;
}
