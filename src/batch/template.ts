import { stringify } from 'yaml';
import type { Field } from '../policy/schema.js';
import type { Policy } from '../policy/model.js';
import { APPLICANT_ID, csvFacts, type FactColumn, PROJECT_ID } from './columns.js';
import { csvLine, textCell } from './output.js';

// Templates generated from the policy's facts, so a second policy gets its own with no code change.

export type HeaderStyle = 'path' | 'zh' | 'en';

/** A value that parses for the fact: the policy's own example if it gives one. */
export function exampleValue(fact: FactColumn): string {
  const def: Field = fact.def;
  if (def.example !== undefined) return String(def.example);
  switch (fact.type) {
    case 'money':
      return '500万';
    case 'number':
      return '1';
    case 'rate':
      return '10%';
    case 'date':
      return '2020-01-01';
    case 'boolean':
      return '是';
    case 'enum':
      return fact.choices[0]?.id ?? '';
    default:
      return fact.list ? `示例${fact.label.zh}` : fact.label.zh;
  }
}

/** The header a column gets in a given style; every style reads back to the same fact. */
export function headerFor(policy: Policy, fact: FactColumn, style: HeaderStyle): string {
  if (style === 'path') return fact.path;
  if (!fact.list) return fact.label[style];
  const list = policy.lists.get(fact.list);
  return list ? `${list.label[style]}.${fact.label[style]}` : fact.path;
}

/** A header row and one example row (the example applicant is named so nobody keeps it by mistake). */
export function csvTemplate(policy: Policy, style: HeaderStyle): string {
  const facts = csvFacts(policy);
  const ids = [APPLICANT_ID, PROJECT_ID].map((id) => (style === 'path' ? id.key : id[style]));
  const header = [...ids, ...facts.map((f) => headerFor(policy, f, style))];
  const example = [
    'EXAMPLE-1',
    'P-1',
    ...facts.map((f) => (f.path === 'name' && f.type === 'text' ? '示例单位（请删除本行）' : exampleValue(f))),
  ];
  return csvLine(header.map(textCell)) + csvLine(example.map(textCell));
}

function describeType(fact: FactColumn): string {
  switch (fact.type) {
    case 'money':
      return 'money: 3500万, 1.2亿 or 3,000,000 (yuan)';
    case 'date':
      return 'date: YYYY-MM-DD';
    case 'boolean':
      return 'true / false (是/否)';
    case 'rate':
      return 'percentage: 4.35%';
    case 'number':
      return 'number';
    case 'enum':
      return 'one of the choices below';
    default:
      return 'text';
  }
}

function commentLines(fact: FactColumn, indent: string): string[] {
  const lines = [`${indent}# ${fact.label.zh} / ${fact.label.en}${fact.def.required ? ' (required)' : ''}: ${describeType(fact)}`];
  if (fact.def.help) lines.push(`${indent}#   ${fact.def.help.zh}`);
  if (fact.def.judgement) lines.push(`${indent}#   a judgement the government makes (认定): the result lists it as an assumption`);
  if (fact.type === 'enum') for (const c of fact.choices) lines.push(`${indent}#   ${c.id}: ${c.label.zh} / ${c.label.en}`);
  return lines;
}

/**
 * A commented project file. Top-level facts are present with empty values (empty means "not
 * stated"); lists are commented out, since an empty entry would state a project with nothing known.
 */
export function yamlTemplate(policy: Policy): string {
  const out: string[] = [
    `# Project file for ${policy.title.zh} (${policy.title.en})`,
    '# Fill in what you know and leave the rest empty: an empty field is "not stated", never "no" or 0.',
    '# Check it with: subsidy estimate <this file>',
    `policy: ${policy.id}`,
    '',
  ];
  for (const fact of policy.facts.values()) {
    out.push(...commentLines(fact, ''));
    out.push(`${fact.name}:`, '');
  }
  for (const list of policy.lists.values()) {
    out.push(`# ${list.label.zh} / ${list.label.en}: a list, one entry per ${list.itemLabel.en} (${list.itemLabel.zh}).`);
    if (list.help) out.push(`#   ${list.help.zh}`);
    out.push('# Remove the leading "# " of the lines below to state entries; write `none` for "there are none".');
    out.push(`# ${list.id}:`);
    let first = true;
    for (const field of list.fields.values()) {
      for (const line of commentLines(field, '#   ')) out.push(line);
      const value = stringify(exampleValue(field)).trim();
      out.push(`#   ${first ? '- ' : '  '}${field.name}: ${value}`);
      first = false;
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
