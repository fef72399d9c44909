// Regenerates the project-file reference in README.md from the shipped policy's facts.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadPolicy } from '../dist/index.js';
import { projectFileReference } from '../dist/report/reference.js';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
const start = '<!-- reference:start -->';
const end = '<!-- reference:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i < 0 || j < 0) throw new Error('README.md has no reference markers');
writeFileSync(file, `${readme.slice(0, i + start.length)}\n${projectFileReference(loadPolicy())}\n${readme.slice(j)}`);
