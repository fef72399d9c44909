import type { Said } from './said.js';

/** Edit distance, for "did you mean" suggestions on misspelt field names and choices. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/**
 * How far a typo may be from the word meant, by the length of the shorter of the two: none for a
 * word of one or two characters (银行 and 园区 are two different words, not a typo of each other),
 * one up to five characters, then a third of the length.
 */
export function typoLimit(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return Math.floor(length / 3);
}

/** The closest candidate, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  const lower = word.toLowerCase();
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const [short, long] = c.length <= lower.length ? [c, lower] : [lower, c];
    // One inside the other (new-energy-vehicle, 银行 in 商业银行), if it is a good part of it.
    const contained = short.length >= 2 && short.length * 2 >= long.length && long.includes(short);
    const score = contained ? (long.length - short.length) / 2 : editDistance(lower, c);
    if (!contained && score > typoLimit(short.length)) continue;
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

/** " (did you mean "x"?)", or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  return suggestion(word, candidates).en;
}

/** The "did you mean" suffix in both languages (empty strings when nothing is close). */
export function suggestion(word: string, candidates: Iterable<string>): Said {
  const hit = closest(word, candidates);
  return hit ? { en: ` (did you mean "${hit}"?)`, zh: `（是否想写“${hit}”？）` } : { en: '', zh: '' };
}
