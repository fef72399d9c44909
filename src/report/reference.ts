import type { FactRef, Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';

// The project-file reference in the README, generated from the policy's facts so that the
// documentation cannot drift from what the validator accepts (a test compares the two).

const TYPE_NOTE: Record<string, string> = {
  text: 'text',
  money: 'money: `3500万`, `1.2亿`, `3,000,000`, `300万元`',
  number: 'number',
  boolean: '`true` / `false` (是/否)',
  date: 'date `YYYY-MM-DD`',
  enum: 'one of the choices',
  rate: 'percentage `4.35%`',
};

function row(path: string, fact: FactRef & { def: Field }): string {
  const choices = fact.type === 'enum' ? fact.choices.map((c) => `\`${c.id}\` ${c.label.zh}`).join('; ') : '';
  const flags = [fact.def.required ? '**required**' : '', fact.judgement ? 'needs official judgement' : ''].filter(Boolean).join(', ');
  const type = fact.type === 'enum' ? choices : (TYPE_NOTE[fact.type] ?? fact.type);
  return `| \`${path}\` | ${fact.label.zh} / ${fact.label.en} | ${type}${flags ? ` (${flags})` : ''} |`;
}

/** The project-file fields, each with its labels (which a file may use as the key instead of the id). */
export function projectFileReference(policy: Policy): string {
  const out = ['| field | label (zh / en), also accepted as the key | value |', '| --- | --- | --- |'];
  for (const fact of policy.facts.values()) {
    if (fact.def.choices_from === 'industries') {
      out.push(`| \`${fact.path}\` | ${fact.label.zh} / ${fact.label.en} | an industry id (see \`subsidy items\` and the list below)${fact.def.extra_choices?.length ? ` or ${fact.def.extra_choices.map((c) => `\`${c.id}\` ${c.label.zh}`).join(', ')}` : ''} |`);
    } else out.push(row(fact.path, fact));
  }
  for (const list of policy.lists.values()) {
    out.push(`| \`${list.id}:\` | ${list.label.zh} / ${list.label.en} | a list of ${list.itemLabel.en} entries, or \`none\`; each entry has the fields below |`);
    for (const field of list.fields.values()) out.push(row(`${list.id}[].${field.name}`, field));
  }
  out.push('| `parameters:` | 参数覆盖 / parameter overrides | e.g. `benchmark_lending_rate: { 1y-5y: 4.2% }` |');
  out.push('', 'Industries (`industry:`):', '', '| id | industry | clause | products (from the text) |', '| --- | --- | --- | --- |');
  for (const ind of policy.file.industries) {
    out.push(`| \`${ind.id}\` | ${ind.label.zh} / ${ind.label.en} | ${ind.clause} | ${ind.products.join('、')} |`);
  }
  return out.join('\n');
}
