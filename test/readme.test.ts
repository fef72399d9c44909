import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README is the first five minutes of a newcomer: short, true, and pointing to the rest.
// (Every command it shows is run by test/docs.test.ts.)
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('README', () => {
  it('fits on about two screens', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(120);
  });

  it('says what the tool does in English and in Chinese', () => {
    expect(readme).toMatch(/\*\*English\.\*\*/);
    expect(readme).toMatch(/\*\*中文。\*\*/);
  });

  it('installs the way package.json allows: npm ci, npm run build, then npm link for the `subsidy` bin', () => {
    expect(readme).toContain('$ npm ci');
    expect(readme).toContain('$ npm run build');
    expect(readme).toContain('$ npm link');
    expect(pkg.scripts.build).toBeTruthy();
    expect(pkg.bin.subsidy).toBe('bin/subsidy.js');
    expect(pkg.engines.node).toBe('>=20');
    expect(readme).toContain('Node.js 20 or later');
  });

  it('shows the two main commands, each with an example', () => {
    expect(readme).toMatch(/^\$ subsidy estimate /m);
    expect(readme).toMatch(/^\$ subsidy batch /m);
  });

  it('names the test command that package.json has', () => {
    expect(readme).toContain('$ npm test');
    expect(pkg.scripts.test).toBeTruthy();
  });

  it('links every page of docs/', () => {
    const pages = readdirSync(new URL('../docs/', import.meta.url)).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const page of pages) expect(readme, page).toContain(`](docs/${page})`);
  });
});
