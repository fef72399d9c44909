import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/policy/load.js';
import { projectFileReference } from '../src/report/reference.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has the project-file reference generated from the policy facts (regenerate: npm run docs)', () => {
    const start = readme.indexOf('<!-- reference:start -->');
    const end = readme.indexOf('<!-- reference:end -->');
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + '<!-- reference:start -->'.length, end).trim()).toBe(projectFileReference(loadPolicy()).trim());
  });

  it('names a test command that exists in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(readme).toContain('npm test');
    expect(pkg.scripts.test).toBeTruthy();
  });
});
