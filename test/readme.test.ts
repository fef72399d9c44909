import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

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

  it('installs in two commands, npm ci (which builds: prepare) then npx subsidy; npm link optional, with what it needs', () => {
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('\n## ', readme.indexOf('## Install') + 1));
    const commands = [...install.matchAll(/^\$ (.*)$/gm)].map((m) => m[1]);
    // Two commands to a first estimate; the third line is the other way in, the workbench (issue 18).
    expect(commands).toEqual(['npm ci', 'npx subsidy estimate examples/bank.yaml --as-of 2020-12-31', expect.stringMatching(/^npx subsidy serve /)]);
    // npm ci runs the root package's prepare script (unless --ignore-scripts, as CI gives): the build.
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toBeTruthy();
    // npx finds `subsidy` as the checkout's own bin.
    expect(pkg.bin.subsidy).toBe('bin/subsidy.js');
    expect(install).toContain('`npm link` (optional)');
    expect(install).toContain('write access to npm');
    expect(pkg.engines.node).toBe('>=20');
    expect(readme).toContain('Node.js 20 or later');
  });

  it("the install's example run works as shown", async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--as-of', '2020-12-31']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Total +│? +33万/);
  });

  it('shows the two main commands, each with an example', () => {
    expect(readme).toMatch(/^\$ subsidy estimate /m);
    expect(readme).toMatch(/^\$ subsidy batch /m);
  });

  it('names the test command that package.json has', () => {
    expect(readme).toContain('`npm test`');
    expect(pkg.scripts.test).toBeTruthy();
  });

  it('links every page of docs/', () => {
    const pages = readdirSync(new URL('../docs/', import.meta.url)).filter((f) => f.endsWith('.md'));
    expect(pages.length).toBeGreaterThanOrEqual(6);
    for (const page of pages) expect(readme, page).toContain(`](docs/${page})`);
  });
});
