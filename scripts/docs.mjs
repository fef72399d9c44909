// Regenerates the project-file reference in docs/project-file.md from the shipped policy's facts
// (test/docs.test.ts fails when the page and the policy differ). Run it with `npm run docs`.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadPolicy, projectFileReference } from '../dist/index.js';

const file = new URL('../docs/project-file.md', import.meta.url);
const page = readFileSync(file, 'utf8');
const start = '<!-- reference:start -->';
const end = '<!-- reference:end -->';
const i = page.indexOf(start);
const j = page.indexOf(end);
if (i < 0 || j < 0) throw new Error('docs/project-file.md has no reference markers');
writeFileSync(file, `${page.slice(0, i + start.length)}\n${projectFileReference(loadPolicy())}\n${page.slice(j)}`);
