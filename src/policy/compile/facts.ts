import type { PathSegment } from '../../errors/problem.js';
import { didYouMean } from '../../values/suggest.js';
import type { ListInfo } from '../model.js';
import type { Choice, Field, PolicyFile } from '../schema.js';
import type { FactEntry, LookupFact, Report } from './context.js';

// The facts a case may state: applicant facts and lists of records, each with its choices
// resolved, and the lookup every rule uses to name one of them.

export interface CompiledFacts {
  facts: Map<string, FactEntry>;
  lists: Map<string, ListInfo>;
  lookupFact: LookupFact;
}

export function compileFacts(file: PolicyFile, report: Report): CompiledFacts {
  const resolveChoices = (def: Field, path: PathSegment[]): Choice[] => {
    const extra = def.extra_choices ?? [];
    if (def.type !== 'enum') {
      if (def.choices || def.choices_from) report(path, `only an enum fact has choices (this one is ${def.type})`);
      return [];
    }
    if (def.choices_from === 'applicant_kinds') return [...file.applicant_kinds, ...extra];
    if (def.choices_from === 'industries') return [...file.industries.map((i) => ({ id: i.id, label: i.label })), ...extra];
    if (!def.choices || def.choices.length === 0) {
      report(path, 'an enum fact needs choices or choices_from');
      return [];
    }
    return [...def.choices, ...extra];
  };

  const facts = new Map<string, FactEntry>();
  const lists = new Map<string, ListInfo>();
  for (const [id, def] of Object.entries(file.facts)) {
    if (def.type === 'list') {
      if (!def.fields || Object.keys(def.fields).length === 0) {
        report(['facts', id], 'a list fact needs fields');
        continue;
      }
      const fields = new Map<string, FactEntry>();
      for (const [fid, fdef] of Object.entries(def.fields)) {
        if (fdef.type === 'list') {
          report(['facts', id, 'fields', fid, 'type'], 'lists cannot be nested');
          continue;
        }
        fields.set(fid, factEntry(`${id}.${fid}`, fid, fdef, resolveChoices(fdef, ['facts', id, 'fields', fid]), id));
      }
      lists.set(id, {
        id,
        label: def.label,
        itemLabel: def.item_label ?? def.label,
        help: def.help,
        changeable: def.changeable ?? false,
        fields,
      });
    } else {
      if (def.fields) report(['facts', id, 'fields'], 'only a list fact has fields');
      facts.set(id, factEntry(id, id, def, resolveChoices(def, ['facts', id])));
    }
  }
  for (const required of ['name', 'kind']) {
    if (!facts.has(required)) report(['facts'], `the facts must declare "${required}" (the applicant's ${required})`);
  }
  const kindFact = facts.get('kind');
  if (kindFact && kindFact.def.choices_from !== 'applicant_kinds') {
    report(['facts', 'kind', 'choices_from'], 'the "kind" fact must take its choices from applicant_kinds');
  }

  const lookupFact: LookupFact = (path, each, at, clause) => {
    const [head, field, ...rest] = path.split('.');
    if (field === undefined) {
      const f = facts.get(path);
      if (!f) {
        const all = [...facts.keys(), ...[...lists.values()].flatMap((l) => [...l.fields.keys()].map((k) => `${l.id}.${k}`))];
        report(at, `unknown fact "${path}"${didYouMean(path, all)}`, clause);
      }
      return f;
    }
    const list = lists.get(head as string);
    if (!list || rest.length > 0) {
      report(at, `unknown fact "${path}"${didYouMean(head as string, lists.keys())}`, clause);
      return undefined;
    }
    const f = list.fields.get(field);
    if (!f) {
      report(at, `unknown field "${field}" of ${head}${didYouMean(field, list.fields.keys())}`, clause);
      return undefined;
    }
    if (each !== head) {
      report(at, `"${path}" is a field of the list ${head}: the item must say "each: ${head}" to use it`, clause);
      return undefined;
    }
    return f;
  };

  return { facts, lists, lookupFact };
}

function factEntry(path: string, name: string, def: Field, choices: Choice[], list?: string): FactEntry {
  return {
    path,
    name,
    list,
    type: def.type,
    label: def.label,
    judgement: def.judgement ?? false,
    changeable: def.changeable ?? false,
    choices,
    def,
  };
}
