import { stringify } from 'yaml';
import type { Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import type { Language, Said } from '../values/said.js';
import { APPLICANT_ID, csvFacts, type FactColumn, PROJECT_ID } from './columns.js';
import { csvLine, textCell } from './output.js';

// Templates generated from the policy's facts, so a second policy gets its own with no code change.

export type HeaderStyle = 'path' | 'zh' | 'en';

/**
 * A value that parses for the fact: the policy's own example if it gives one. With Chinese or
 * English headers, a choice is written as its label (企业, not enterprise), as people fill it in.
 */
export function exampleValue(fact: FactColumn, style: HeaderStyle = 'path'): string {
  const def: Field = fact.def;
  if (def.example !== undefined) {
    const choice = fact.type === 'enum' && style !== 'path' ? fact.choices.find((c) => c.id === String(def.example)) : undefined;
    return choice ? choice.label[style as 'zh' | 'en'] : String(def.example);
  }
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
      return style === 'en' ? 'yes' : '是';
    case 'enum': {
      const first = fact.choices[0];
      if (!first) return '';
      return style === 'path' ? first.id : first.label[style];
    }
    default:
      if (style === 'en') return `Example ${fact.label.en.toLowerCase()}`;
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

/** The example row's applicant id and name, by header style: a batch warns on a row that still has them. */
export const EXAMPLE_ROW = {
  path: { id: 'EXAMPLE-1', project: 'P-1', name: '示例单位（请删除本行）' },
  en: { id: 'EXAMPLE-1', project: 'P-1', name: 'Example Co. (delete this row)' },
  zh: { id: '示例-1', project: '项目-1', name: '示例单位（请删除本行）' },
} as const;

/** A header row and one example row (the example applicant is named so nobody keeps it by mistake). */
export function csvTemplate(policy: Policy, style: HeaderStyle): string {
  const facts = csvFacts(policy);
  const ids = [APPLICANT_ID, PROJECT_ID].map((id) => (style === 'path' ? id.key : id[style]));
  const header = [...ids, ...facts.map((f) => headerFor(policy, f, style))];
  const mark = EXAMPLE_ROW[style];
  const example = [mark.id, mark.project, ...facts.map((f) => (f.path === 'name' && f.type === 'text' ? mark.name : exampleValue(f, style)))];
  return csvLine(header.map(textCell)) + csvLine(example.map(textCell));
}

// Asked of every row of a batch.
const EXAMPLE_IDS = new Set<string>(Object.values(EXAMPLE_ROW).map((e) => e.id));
const EXAMPLE_NAMES = new Set<string>(Object.values(EXAMPLE_ROW).map((e) => e.name));

/**
 * A row that is still the template's example (its applicant id or name): it would be estimated
 * like any other and its amounts added to the batch, so it gets a warning naming the row.
 */
export function exampleRowWarning(parsed: { row: number; applicantId?: string; facts: Record<string, unknown> }): Said | undefined {
  const name = parsed.facts.name;
  const hit = (parsed.applicantId !== undefined && EXAMPLE_IDS.has(parsed.applicantId)) || (typeof name === 'string' && EXAMPLE_NAMES.has(name));
  if (!hit) return undefined;
  const row = parsed.row;
  return {
    en: `row ${row} is the template's example row: delete it, or its amounts are added to the batch`,
    zh: `第 ${row} 行是模板中的示例行：请删除，否则其金额会计入本批合计`,
  };
}

/** The kind of value a fact takes, as the YAML template's comment says it (zh for --lang zh). */
const TYPE_WORDS: Record<string, Said> = {
  money: { en: 'money: 3500万, 1.2亿 or 3,000,000 (yuan)', zh: '金额：3500万、1.2亿 或 3,000,000（元）' },
  date: { en: 'date: YYYY-MM-DD', zh: '日期：YYYY-MM-DD' },
  boolean: { en: 'true / false (是/否)', zh: '是/否（true / false）' },
  rate: { en: 'percentage: 4.35%', zh: '百分比：4.35%' },
  number: { en: 'number', zh: '数字' },
  enum: { en: 'one of the choices below', zh: '下列选项之一' },
  text: { en: 'text', zh: '文字' },
};

function describeType(fact: FactColumn, lang: Language): string {
  return (TYPE_WORDS[fact.type] ?? (TYPE_WORDS.text as Said))[lang];
}

function commentLines(fact: FactColumn, indent: string, lang: Language): string[] {
  const zh = lang === 'zh';
  const required = fact.def.required ? (zh ? '（必填）' : ' (required)') : '';
  const lines = [`${indent}# ${fact.label.zh} / ${fact.label.en}${required}${zh ? '：' : ': '}${describeType(fact, lang)}`];
  if (fact.def.help) lines.push(`${indent}#   ${fact.def.help.zh}`);
  if (fact.def.judgement) lines.push(`${indent}#   ${zh ? '由政府认定：结果中列为假设' : 'a judgement the government makes (认定): the result lists it as an assumption'}`);
  if (fact.type === 'enum') for (const c of fact.choices) lines.push(`${indent}#   ${c.id}: ${c.label.zh} / ${c.label.en}`);
  return lines;
}

/**
 * A commented project file. Top-level facts are present with empty values (empty means "not
 * stated"); lists are commented out, since an empty entry would state a project with nothing known.
 */
export function yamlTemplate(policy: Policy, lang: Language = 'en'): string {
  const zh = lang === 'zh';
  const out: string[] = zh
    ? [`# ${policy.title.zh}（${policy.title.en}）的项目文件`, '# 填写已知的内容，其余留空：留空表示“未说明”，不是“否”或 0。', '# 检查：subsidy estimate <本文件>']
    : [
        `# Project file for ${policy.title.zh} (${policy.title.en})`,
        '# Fill in what you know and leave the rest empty: an empty field is "not stated", never "no" or 0.',
        '# Check it with: subsidy estimate <this file>',
      ];
  out.push(`policy: ${policy.id}`, '');
  for (const fact of policy.facts.values()) {
    out.push(...commentLines(fact, '', lang));
    out.push(`${fact.name}:`, '');
  }
  for (const list of policy.lists.values()) {
    out.push(
      zh
        ? `# ${list.label.zh} / ${list.label.en}：清单，每个${list.itemLabel.zh}一条（${list.itemLabel.en}）。`
        : `# ${list.label.zh} / ${list.label.en}: a list, one entry per ${list.itemLabel.en} (${list.itemLabel.zh}).`,
    );
    if (list.help) out.push(`#   ${list.help.zh}`);
    out.push(zh ? '# 去掉下面各行开头的“# ”即可填写条目；没有时写 `none`。' : '# Remove the leading "# " of the lines below to state entries; write `none` for "there are none".');
    out.push(`# ${list.id}:`);
    let first = true;
    for (const field of list.fields.values()) {
      for (const line of commentLines(field, '#   ', lang)) out.push(line);
      const value = stringify(exampleValue(field)).trim();
      out.push(`#   ${first ? '- ' : '  '}${field.name}: ${value}`);
      first = false;
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
