import { describe, expect, it } from 'vitest';
import { amountsIn, keepAmounts } from '../src/report/html/keep.js';

// An amount in the client report is never split from its unit, what it is per, or the other end
// of its range (issue 19): each is one no-wrap span. test/pdf.test.ts checks the printed result.

describe('amounts kept whole (keepAmounts)', () => {
  const spans = (s: string) => /* the markup, with each kept amount in [brackets] */ keepAmounts(s).text.replace(/<span class="nb">(.*?)<\/span>/g, '[$1]');
  it('joins a number to its unit, what it is per, and the other end of its range', () => {
    expect(spans('上限 50万/单位/年 已封顶')).toBe('上限 [50万/单位/年] 已封顶');
    expect(spans('Cap 50万/applicant/yr capped')).toBe('Cap [50万/applicant/yr] capped');
    expect(spans('3,500万 × 10%–12% = 350万–400万')).toBe('[3,500万] × [10%–12%] = [350万–400万]');
    expect(spans('市财政每年安排5000万元资金')).toBe('市财政每年安排[5000万元]资金');
    expect(spans('1,234,567.89–2,000,000.00 in yuan')).toBe('[1,234,567.89–2,000,000.00] in yuan');
    expect(spans('≤30%')).toBe('[≤30%]');
  });
  it('leaves bare numbers, dates and counts alone, and still escapes the text', () => {
    expect(spans('2019-10-18, 3 items, row 17')).toBe('2019-10-18, 3 items, row 17');
    expect(spans('<b>50万</b>')).toBe('&lt;b&gt;[50万]&lt;/b&gt;');
  });
  it('finds the same amounts it keeps', () => {
    expect(amountsIn('上限 50万/单位/年；3,500万 × 10%–12% = 350万–400万; 2019-10-18')).toEqual(['50万/单位/年', '3,500万', '10%–12%', '350万–400万']);
  });
});
