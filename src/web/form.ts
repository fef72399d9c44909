import { formatRate, type Lang, type ListInfo, type Policy } from '../index.js';
import type { FieldFact, RawAnswer } from '../questions/index.js';
import { type Html, html } from '../report/html/template.js';
import { tx } from '../report/i18n.js';
import { pinPath, rangedItems } from './pins.js';
import { DONT_KNOW, type FieldError, type WorkState } from './state.js';
import { ww } from './words.js';

// The form, generated from the policy's facts and lists (labels, help, choices): no field is
// listed here by hand. What can still change the result is shown; the rest is folded under "more".

export interface FormContext {
  policy: Policy;
  state: WorkState;
  errors: Map<string, FieldError>;
  /** Case paths some undecided item still needs (questions/plan stillOpen). */
  open: Set<string>;
  /** Per list, the choices of a new entry's opening field that can lead to an item (choicesThatMatter). */
  matters: Map<string, Set<string>>;
}

/** An element id from a case path, safe in a CSS selector: projects[0].type → f-projects-0-type, pin:x → f-pin-x. */
export const fieldId = (path: string) => `f-${path.replace(/[[\].:]+/g, '-').replace(/-$/, '')}`;

export function renderForm(ctx: FormContext): Html {
  const { policy, state } = ctx;
  const lang = state.lang;
  const shown: Html[] = [];
  const folded: Html[] = [];
  for (const fact of policy.facts.values()) {
    const raw = state.answers.facts[fact.name];
    const field = renderField(ctx, fact, fact.name, raw);
    (fact.def.required || mattersNow(ctx, fact.name, raw) ? shown : folded).push(field);
  }
  const lists: Html[] = [];
  const foldedLists: Html[] = [];
  for (const list of policy.lists.values()) {
    const entries = state.answers.lists[list.id] ?? [];
    const open = entries.length > 0 || ctx.open.has(list.id) || [...ctx.open].some((p) => p.startsWith(`${list.id}[`)) || state.emptyLists[list.id] === 'none';
    (open ? lists : foldedLists).push(renderList(ctx, list));
  }
  return html`<fieldset class="applicant"><legend>${ww(lang, 'applicant')}</legend>
${shown}
${folded.length ? html`<details class="more"><summary>${ww(lang, 'more')}</summary>${folded}</details>` : ''}
</fieldset>
${lists}
${foldedLists.length ? html`<details class="more"><summary>${ww(lang, 'more')}: ${foldedLists.length}</summary>${foldedLists}</details>` : ''}
${readingsFieldset(policy, state, ctx.errors)}`;
}

/** Shown when answered, marked, wrong, or still needed by some item. */
function mattersNow(ctx: FormContext, path: string, raw: RawAnswer | undefined): boolean {
  return (raw !== undefined && raw !== '') || ctx.state.dontKnow.has(path) || ctx.errors.has(path) || ctx.open.has(path);
}

function renderList(ctx: FormContext, list: ListInfo): Html {
  const { state } = ctx;
  const lang = state.lang;
  const entries = state.answers.lists[list.id] ?? [];
  const opener = [...list.fields.values()].find((f) => f.type === 'enum');
  const item = tx(lang, list.itemLabel);
  const body = entries.map((entry, i) => {
    const shown: Html[] = [];
    const folded: Html[] = [];
    for (const f of list.fields.values()) {
      const path = `${list.id}[${i}].${f.name}`;
      const field = renderField(ctx, f, path, entry[f.name], f === opener ? ctx.matters.get(list.id) : undefined);
      (f === opener || mattersNow(ctx, path, entry[f.name]) ? shown : folded).push(field);
    }
    const title = `${item} ${ww(lang, 'entry').replace('%d', String(i + 1))}`;
    return html`<fieldset class="entry" id="${fieldId(`${list.id}[${i}]`)}"><legend>${title}</legend>
${shown}
${folded.length ? html`<details class="more"><summary>${ww(lang, 'more')}</summary>${folded}</details>` : ''}
<button type="submit" class="remove" name="op" value="remove:${list.id}:${i}" formnovalidate hx-post="/form" hx-target="#workbench" hx-swap="outerHTML">${ww(lang, 'remove')} ${title}</button>
</fieldset>`;
  });
  const emptyId = fieldId(`list:${list.id}`);
  const empty = entries.length
    ? ''
    : html`<div class="field"><label for="${emptyId}">${tx(lang, list.label)}</label>
<select id="${emptyId}" name="list:${list.id}"><option value="unknown"${state.emptyLists[list.id] === 'none' ? '' : ' selected'}>${ww(lang, 'listUnknown')}</option><option value="none"${state.emptyLists[list.id] === 'none' ? ' selected' : ''}>${ww(lang, 'listNone')}</option></select></div>`;
  return html`<fieldset class="list" id="list-${list.id}"><legend>${tx(lang, list.label)}</legend>
${list.help ? html`<p class="help">${tx(lang, list.help)}</p>` : ''}
<input type="hidden" name="n:${list.id}" value="${entries.length}">
${empty}${body}
<button type="submit" class="add" name="op" value="add:${list.id}" hx-post="/form" hx-target="#workbench" hx-swap="outerHTML">${ww(lang, 'add')}${lang === 'zh' ? '' : ' a'} ${item}</button>
</fieldset>`;
}

/**
 * One question: its label, help and unit from the policy, "don't know" beside it, and the problem
 * with the value typed, if any, in the page's language. Text fields update the estimate as typed.
 */
function renderField(ctx: FormContext, fact: FieldFact, path: string, raw: RawAnswer | undefined, matters?: Set<string>): Html {
  const lang = ctx.state.lang;
  const id = fieldId(path);
  const dk = ctx.state.dontKnow.has(path);
  const err = ctx.errors.get(path);
  const help = fact.def.help ? tx(lang, fact.def.help) : '';
  const unit = fact.def.unit ? tx(lang, fact.def.unit) : '';
  const described = [help ? `${id}-help` : '', `${id}-err`].filter(Boolean).join(' ');
  let control: Html;
  if (fact.type === 'enum' || fact.type === 'boolean') {
    const choices = fact.type === 'boolean'
      ? [{ id: 'true', label: ww(lang, 'yes') }, { id: 'false', label: ww(lang, 'no') }]
      : fact.choices.map((c) => ({ id: c.id, label: tx(lang, c.label) }));
    const value = dk ? DONT_KNOW : raw === undefined ? '' : String(raw);
    const option = (c: { id: string; label: string }) => html`<option value="${c.id}"${c.id === value ? ' selected' : ''}>${c.label}</option>`;
    // A new entry's type: the choices that can lead to an item first, the others after them.
    const first = matters ? choices.filter((c) => matters.has(c.id)) : choices;
    const rest = matters ? choices.filter((c) => !matters.has(c.id)) : [];
    control = html`<select id="${id}" name="${path}" aria-describedby="${described}"${err ? html` aria-invalid="true"` : ''}>
<option value=""${value === '' ? ' selected' : ''}>${ww(lang, 'notAnswered')}</option>
${first.map(option)}${rest.length ? html`<optgroup label="${lang === 'zh' ? '其他（目前看不适用）' : 'Others (not likely to apply)'}">${rest.map(option)}</optgroup>` : ''}
<option value="${DONT_KNOW}"${dk ? ' selected' : ''}>${ww(lang, 'dontKnow')}</option>
</select>`;
  } else {
    const mode = fact.type === 'money' || fact.type === 'number' || fact.type === 'rate' ? 'decimal' : 'text';
    const example = fact.def.example !== undefined ? String(fact.def.example) : fact.type === 'money' ? '3500万' : fact.type === 'date' ? '2019-05-01' : '';
    control = html`<span class="with-dk"><input type="text" id="${id}" name="${path}" value="${raw === undefined ? '' : String(raw)}" inputmode="${mode}"${example ? html` placeholder="${example}"` : ''} autocomplete="off" aria-describedby="${described}"${err ? html` aria-invalid="true"` : ''}${dk ? ' readonly' : ''} hx-post="/estimate" hx-trigger="input changed delay:300ms" hx-target="#estimate" hx-swap="outerHTML">${unit ? html`<span class="unit">${unit}</span>` : ''}
<label class="dk"><input type="checkbox" name="dk" value="${path}"${dk ? ' checked' : ''}> ${ww(lang, 'dontKnow')}</label></span>`;
  }
  return html`<div class="field${err ? ' bad' : ''}"><label for="${id}">${tx(lang, fact.label)}</label>
${control}
${help ? html`<small class="help" id="${id}-help">${help}</small>` : ''}
${errorSpan(id, err, lang)}
</div>`;
}

export function errorSpan(id: string, err: FieldError | undefined, lang: Lang, oob = false): Html {
  return html`<span class="err" id="${id}-err"${oob ? html` hx-swap-oob="true"` : ''} aria-live="polite">${err ? `${ww(lang, 'badValue')}${lang === 'zh' ? '：' : ': '}${err[lang]}` : ''}</span>`;
}

function readingsFieldset(policy: Policy, state: WorkState, errors: Map<string, FieldError>): Html | '' {
  const lang = state.lang;
  const ranged = rangedItems(policy);
  const pins = ranged.map((item) => {
    const path = pinPath(item.id);
    const id = fieldId(path);
    const range = item.award.kind === 'percent' ? formatRate(item.award.rate) : '';
    return html`<div class="field"><label for="${id}">${item.clause} ${tx(lang, item.title)} (${range})</label>
<input type="text" id="${id}" name="${path}" value="${state.pins[item.id] ?? ''}" placeholder="${range}" inputmode="decimal" autocomplete="off" aria-describedby="${id}-err" hx-post="/estimate" hx-trigger="input changed delay:300ms" hx-target="#estimate" hx-swap="outerHTML">
${errorSpan(id, errors.get(path), lang)}</div>`;
  });
  const pinned = Object.keys(state.pins).length > 0;
  return html`${ranged.length ? html`<details class="more pins"${pinned ? html` open` : ''}><summary>${ww(lang, 'pinRates')}</summary><p class="help">${ww(lang, 'pinHelp')}</p>${pins}</details>` : ''}
${policy.readings.length ? readingsDetails(policy, state) : ''}`;
}

function readingsDetails(policy: Policy, state: WorkState): Html {
  const lang = state.lang;
  return html`<details class="more readings"><summary>${ww(lang, 'readingSwitch')}</summary>
${policy.readings.map((r) => {
  const id = fieldId(`reading:${r.id}`);
  const chosen = state.readings[r.id] ?? r.default;
  return html`<div class="field"><label for="${id}">${r.clause} ${tx(lang, r.question)}</label>
<select id="${id}" name="reading:${r.id}">${r.alternatives.map((a) => html`<option value="${a.id}"${a.id === chosen ? ' selected' : ''}>${tx(lang, a.label)}</option>`)}</select></div>`;
})}
</details>`;
}
