import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Work that grows with the input, not its square: the rows of one applicant are one case whose
// lists hold every row's entry, and each item's missing facts and assumptions are gathered from
// every line once (a Set beside the list, not a search of it per line). 50,000 rows of one
// applicant took 35 s before (20,000 took 6 s); the timings live in `npm run bench`, this checks the
// result at that size, which the test's time limit would stop before the fix.

describe('one applicant with 50,000 rows', () => {
  it('every row gets its own result, each item missing what that row lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-scale-'));
    const rows = Array.from({ length: 50_000 }, (_, i) => `A1,Co,enterprise,new-materials,Line ${i},technical-renovation,1000万\n`).join('');
    writeFileSync(join(dir, 'one.csv'), `applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment\n${rows}`);
    const r = await cli(['batch', 'one.csv', '-f', 'jsonl', '--as-of', '2020-12-31'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr.split('\n').slice(0, 2)).toEqual(['one.csv (utf-8): 50000 rows read, 50000 valid, 0 invalid', '1 applicant, 1 with an award that applies']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(50_000);
    const last = JSON.parse(lines[49_999] as string);
    expect([last.row, last.project, last.status]).toEqual([50_001, 'Line 49999', 'cannot-determine']);
    expect(last.cannot_determine).toEqual([
      { item: 'project-investment', missing: ['projects.date'] },
      { item: 'project-matching-funds', missing: ['projects.higher_level_funding'] },
    ]);
  });
});
