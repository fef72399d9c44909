// The worst cases inside the limits (docs/guarantees.md: Limits), for `npm run bench`:
//   - a policy whose per-project item has the most conditions allowed (100), on a case with the
//     most list entries allowed (1,000): `estimate -f json` and `explain` (an item of 3,000
//     conditions crashed the JSON with "Invalid string length" and kept explain over 5 minutes);
//   - one applicant with 50,000 rows in a batch (35 s before the grouping was made linear).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes the files of both cases into `out`; returns the argument lists to measure, by label. */
export function limitCases(out) {
  const fixture = 'test/fixtures/policies/demo-city-2024';
  writeFileSync(join(out, 'demo-city-2024.zh.txt'), readFileSync(`${fixture}.zh.txt`));
  const conditions = Array.from({ length: 99 }, () => '        - { fact: upgrades.spend, gte: 60万 }').join('\n');
  const policy = readFileSync(`${fixture}.yaml`, 'utf8').replace('    each: upgrades\n', `    each: upgrades\n    when:\n      all:\n${conditions}\n`);
  writeFileSync(join(out, 'limit-policy.yaml'), policy);
  const entries = Array.from({ length: 1000 }, (_, i) => `  - { name: U${i}, spend: 100万 }\n`).join('');
  writeFileSync(join(out, 'limit-case.yaml'), `name: X\nkind: company\nupgrades:\n${entries}`);
  const rows = Array.from({ length: 50_000 }, (_, i) => `A1,Co,enterprise,new-materials,Line ${i},technical-renovation,1000万\n`).join('');
  writeFileSync(join(out, 'one-applicant.csv'), `applicant_id,name,kind,industry,projects.name,projects.type,projects.plant_equipment_investment\n${rows}`);
  const at = ['--policy', join(out, 'limit-policy.yaml'), '--as-of', '2024-12-31'];
  return [
    ['estimate -f json, 100 conditions × 1,000 entries', ['bin/subsidy.js', 'estimate', join(out, 'limit-case.yaml'), ...at, '-f', 'json', '-o', join(out, 'limit.json')]],
    ['explain, 100 conditions × 1,000 entries', ['bin/subsidy.js', 'explain', join(out, 'limit-case.yaml'), ...at, '-o', join(out, 'limit.txt')]],
    ['batch, one applicant of 50,000 rows', ['bin/subsidy.js', 'batch', join(out, 'one-applicant.csv'), '--as-of', '2020-12-31', '-o', join(out, 'one-applicant-out.csv')]],
  ];
}
