import type { Case } from '../case/model.js';
import { parseFactValue } from '../case/schema.js';
import type { ListInfo, Policy } from '../policy/model.js';
import type { Answers } from '../questions/answers.js';
import { ifFavourable } from '../questions/favourable.js';
import { choicesThatMatter, evaluateFor, stillOpen } from '../questions/plan.js';
import { type Assumption, type FieldFact, pickNext, resolvePath, type Target, toCase } from '../questions/targets.js';
import type { Lang } from '../report/i18n.js';
import { formatRange } from '../values/format.js';
import { messageIn } from '../values/said.js';
import type { Journal } from './journal.js';
import type { Option } from './prompts.js';
import { addEntry, anyOfLists, assumedText, entryQuestion, ifAssumed, neededIf, noMore, w, withHint } from './words.js';

// The questions, one after another: what the questions room says can still change the result,
// asked until nothing is left. Answers given before (a saved file taken up again) are kept.

/** The values of the "don't know" and "no more" options (no id in a policy can start with NUL). */
export const UNKNOWN = '\u0000unknown';
export const DONE = '\u0000done';

/** One question put to the user: the case path it was about and the words used. */
export interface Asked {
  path: string;
  message: string;
}

export interface FlowOptions {
  lang: Lang;
  asOf?: string;
  readings?: Record<string, string>;
}

export class Interview {
  /** What was typed or chosen, by fact; money keeps the consultant's notation (3500万) for the file. */
  readonly answers: Answers;
  readonly asked: Asked[] = [];
  /** Case paths already put to the user (answered, or left as "don't know"): never asked twice. */
  private readonly done = new Set<string>();
  private readonly lang: Lang;
  /** Lists a saved file had begun (entries given): their open fields, then "another?", before the rest. */
  private readonly begun: ListInfo[];

  constructor(
    private readonly policy: Policy,
    private readonly opts: FlowOptions,
    private readonly prompts: Journal,
    start: Answers = { facts: {}, lists: {} },
  ) {
    this.lang = opts.lang;
    this.answers = { facts: { ...start.facts }, lists: Object.fromEntries(Object.entries(start.lists).map(([id, es]) => [id, es.map((e) => ({ ...e }))])) };
    this.begun = [...policy.lists.values()].filter((l) => (start.lists[l.id]?.length ?? 0) > 0);
  }

  async run(): Promise<void> {
    // The applicant's name (optional): it heads the result and the saved file.
    for (const fact of this.policy.facts.values()) {
      if (!(fact.def.required && fact.type === 'text') || this.answers.facts[fact.name] !== undefined) continue;
      const name = await this.askName(fact.name, this.label(fact));
      if (name !== undefined) this.answers.facts[fact.name] = name;
    }
    // Who applies decides which items can apply at all, so it comes next, whatever else is missing.
    const kind = this.policy.facts.get('kind');
    if (kind && this.answers.facts.kind === undefined) await this.askFact(kind, 'kind', { allowUnknown: false });
    for (;;) {
      const targets = this.missing();
      const next = targets.length > 0 ? pickNext(targets) : undefined;
      // A list taken up again goes on where it stopped, once the applicant's own facts are asked.
      const begun = next?.kind === 'fact' ? undefined : this.begun.shift();
      if (begun) {
        await this.askList(begun, true, this.answers.lists[begun.id] ?? []);
        continue;
      }
      if (!next) break;
      if (next.kind === 'fact') await this.askFact(next.fact, next.fact.name, { allowUnknown: !next.fact.def.required, assuming: next.assuming });
      else if (next.kind === 'field') await this.askField(next.list, next.index, next.fact, next.assuming);
      else {
        const lists = targets.filter((t): t is Extract<Target, { kind: 'list' }> => t.kind === 'list').map((t) => t.list);
        if (lists.length === 1) await this.askList(lists[0] as ListInfo, false);
        else await this.askWhichLists(lists);
      }
    }
    // A project file must state the policy's required facts; text ones (a name) are filled in
    // without asking (see interview()), any other is asked even if no item needs it.
    for (const fact of this.policy.facts.values()) {
      if (fact.def.required && fact.type !== 'text' && !this.done.has(fact.name) && this.answers.facts[fact.name] === undefined) {
        await this.askFact(fact, fact.name, { allowUnknown: false });
      }
    }
    this.sayIfFavourable();
  }

  /**
   * What the lines left waiting on a "don't know" would give if it turned out favourable, said
   * before the estimate (which itself assumes nothing): 若“所属产业领域”符合条件，（二十四）新引进、
   * 技术改造、新产品产业化项目补助 · 项目 1：350万–400万.
   */
  private sayIfFavourable(): void {
    const c = toCase(this.policy, this.answers);
    const opts = this.planOptions();
    const result = evaluateFor(this.policy, c, opts);
    const found = ifFavourable(this.policy, c, this.done, result, (trial) => evaluateFor(this.policy, trial, opts), this.opts.asOf);
    const lines: string[] = [];
    for (const h of found) {
      const item = result.items.find((i) => i.id === h.item);
      const line = item?.lines[h.line];
      if (!item || !line || h.status !== 'applies') continue;
      const entry = line.record ? ` · ${entryQuestion(this.text(line.record.itemLabel), line.record.index, '').replace(/ · $/, '')}` : '';
      // A date taken at a guess may decide which years count: then there is no amount to quote.
      const amount = h.amountVaries ? w(this.lang, 'dependsOnDate') : h.amount ? formatRange(h.amount, 'wan') : w(this.lang, 'noAmountInText');
      const [comma, colon] = this.lang === 'zh' ? ['，', '：'] : [', ', ': '];
      lines.push(`  • ${ifAssumed(this.lang, this.assumed(h.assume))}${comma}${item.clause}${this.text(item.title)}${entry}${colon}${amount}`);
    }
    if (lines.length > 0) this.prompts.say([w(this.lang, 'ifFavourable'), ...lines].join('\n'));
  }

  /** The assumptions in words: “所属产业领域”符合条件. */
  private assumed(assume: Assumption[]): string[] {
    return assume.map((a) => {
      const t = resolvePath(this.policy, a.path);
      if (!t || t.kind === 'list') return a.path;
      // A field's own label: the assumption is about the entry the question or line is for.
      return assumedText(this.lang, this.label(t.fact), a.value === true ? 'yes' : 'choice');
    });
  }

  /** What some undecided line still needs, less what was asked (the questions room decides). */
  private missing(c: Case = toCase(this.policy, this.answers)): Target[] {
    return stillOpen(this.policy, c, { ...this.planOptions(), asked: this.done });
  }

  private planOptions() {
    return { ...(this.opts.asOf ? { asOf: this.opts.asOf } : {}), ...(this.opts.readings ? { readings: this.opts.readings } : {}) };
  }

  /** One top-level fact. */
  private async askFact(fact: FieldFact, path: string, how: { allowUnknown: boolean; assuming?: Assumption[] | undefined }): Promise<void> {
    const raw = await this.ask(fact, path, this.label(fact), how.allowUnknown, how.assuming);
    this.done.add(path);
    if (raw !== undefined) this.answers.facts[fact.name] = raw;
  }

  private async askField(list: ListInfo, index: number, fact: FieldFact, assuming?: Assumption[]): Promise<void> {
    const path = `${list.id}[${index}].${fact.name}`;
    const raw = await this.ask(fact, path, entryQuestion(this.text(list.itemLabel), index, this.label(fact)), true, assuming);
    this.done.add(path);
    const entry = this.answers.lists[list.id]?.[index];
    if (entry && raw !== undefined) entry[fact.name] = raw;
  }

  /** A name, optional: Enter skips it (the entry or applicant is then described another way). */
  private async askName(path: string, label: string): Promise<string | undefined> {
    const hints = [w(this.lang, 'enterToSkip'), ...(this.prompts.canGoBack ? [w(this.lang, 'backHint')] : [])];
    const text = await this.put(path, withHint(this.lang, label, hints), (message) =>
      this.prompts.input({ message, validate: () => true }),
    );
    this.done.add(path);
    return text.trim() === '' ? undefined : text.trim();
  }

  /**
   * Several lists are still unstated (projects, recognitions, mergers …). First: does the applicant
   * have some of them, none, or is it not known? Only "some" opens the checklist, where each list
   * is had, not had (stated empty) or not sure (left unstated, never "none").
   */
  private async askWhichLists(unordered: ListInfo[]): Promise<void> {
    const order = [...this.policy.lists.keys()];
    const lists = [...unordered].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const names = lists.map((l) => this.text(l.label)).join(this.lang === 'zh' ? '、' : ', ');
    const which = await this.put(lists.map((l) => l.id).join('|'), anyOfLists(this.lang, lists.map((l) => this.text(l.itemLabel))), (message) =>
      this.prompts.select({
        message,
        choices: [
          { value: 'some', name: w(this.lang, 'someOfThese'), description: names },
          { value: 'none', name: w(this.lang, 'noneOfThese') },
          { value: UNKNOWN, name: w(this.lang, 'unknown') },
        ],
      }),
    );
    if (which !== 'some') {
      for (const list of lists) {
        this.done.add(list.id);
        if (which === 'none') this.answers.lists[list.id] = [];
      }
      return;
    }
    const states = await this.put(
      lists.map((l) => l.id).join(','),
      w(this.lang, 'whichLists'),
      (message) =>
        this.prompts.checklist({
          message,
          choices: lists.map((l) => ({ value: l.id, name: this.text(l.label), ...(l.help ? { description: this.text(l.help) } : {}) })),
        }),
    );
    for (const list of lists) {
      this.done.add(list.id);
      if (states[list.id] === 'none') this.answers.lists[list.id] = [];
    }
    for (const list of lists) if (states[list.id] === 'have') await this.askList(list, true);
  }

  /**
   * An "add another?" loop. When the entries have a choice field (a project's type), that choice
   * opens each entry and carries a "no more" option, so adding an entry costs no extra question.
   */
  private async askList(list: ListInfo, knownToHaveOne: boolean, begun: Answers['lists'][string] = []): Promise<void> {
    const entries: Answers['lists'][string] = begun;
    // Entries a saved file had begun: what they still need first.
    for (let i = 0; i < begun.length; i++) await this.fillEntry(list, i);
    const opener = [...list.fields.values()].find((f) => f.type === 'enum');
    for (;;) {
      const index = entries.length;
      const first = index === 0 && begun.length === 0;
      const itemLabel = this.text(list.itemLabel);
      if (opener) {
        const path = `${list.id}[${index}].${opener.name}`;
        const choices = this.choicesThatMatter(list, entries, opener);
        if (choices.length === 0) break;
        // The first question of a list is also whether it is known at all: "don't know" leaves it unstated.
        const unknown = first && !knownToHaveOne ? [{ value: UNKNOWN, name: w(this.lang, 'unknown') }] : [];
        const answer = await this.put(path, entryQuestion(itemLabel, index, this.label(opener)), (message) =>
          this.prompts.select({ message, choices: [...choices, { value: DONE, name: noMore(this.lang, itemLabel, first) }, ...unknown] }),
        );
        this.done.add(path);
        if (answer === UNKNOWN) return this.leaveUnstated(list);
        if (answer === DONE) break;
        entries.push({ [opener.name]: answer });
      } else {
        if (!(first && knownToHaveOne)) {
          const path = `${list.id}[${index}]`;
          const unknown = first ? [{ value: UNKNOWN, name: w(this.lang, 'unknown') }] : [];
          const answer = await this.put(path, addEntry(this.lang, this.text(list.label), itemLabel, first), (message) =>
            this.prompts.select({ message, choices: [{ value: 'yes', name: w(this.lang, 'yes') }, { value: 'no', name: w(this.lang, 'no') }, ...unknown] }),
          );
          if (answer === UNKNOWN) return this.leaveUnstated(list);
          if (answer !== 'yes') break;
        }
        entries.push({});
      }
      this.answers.lists[list.id] = entries;
      // Each entry's name (optional), so the result says which project a line is for.
      const nameField = list.fields.get('name');
      if (nameField?.type === 'text') {
        const name = await this.askName(`${list.id}[${index}].name`, entryQuestion(itemLabel, index, this.label(nameField)));
        if (name !== undefined) (entries[index] as Record<string, string | boolean>).name = name;
      }
      await this.fillEntry(list, index);
    }
    this.answers.lists[list.id] = entries;
    this.done.add(list.id);
  }

  /** "Don't know" for a whole list: not stated (so its items say what is missing), and not asked again. */
  private leaveUnstated(list: ListInfo): void {
    delete this.answers.lists[list.id];
    this.done.add(list.id);
  }

  /** Asks the fields of one entry that some item still needs, in the policy's field order. */
  private async fillEntry(list: ListInfo, index: number): Promise<void> {
    const order = [...list.fields.keys()];
    for (;;) {
      const fields = this.missing()
        .filter((t): t is Extract<Target, { kind: 'field' }> => t.kind === 'field' && t.list.id === list.id && t.index === index)
        .sort((a, b) => order.indexOf(a.fact.name) - order.indexOf(b.fact.name));
      const next = fields[0];
      if (!next) return;
      await this.askField(list, index, next.fact, next.assuming);
    }
  }

  /** The opening field's choices that can lead to some item for this applicant (see choicesThatMatter). */
  private choicesThatMatter(list: ListInfo, entries: Answers['lists'][string], opener: FieldFact): Option[] {
    const answers: Answers = { facts: this.answers.facts, lists: { ...this.answers.lists, [list.id]: entries } };
    const ids = new Set(choicesThatMatter(this.policy, answers, list, opener, this.planOptions()));
    return opener.choices
      .filter((choice) => ids.has(choice.id))
      .map((choice) => ({ value: choice.id, name: this.text(choice.label), ...(choice.help ? { description: this.text(choice.help) } : {}) }));
  }

  /** Puts one question for a fact of any type; returns the raw answer, or undefined for "don't know". */
  private async ask(fact: FieldFact, path: string, question: string, allowUnknown: boolean, assuming?: Assumption[]): Promise<string | boolean | undefined> {
    // Asked only in case a "don't know" turns out favourable: say so.
    const because = assuming ? [neededIf(this.lang, this.assumed(assuming))] : [];
    const label = withHint(this.lang, question, because);
    if (fact.type === 'enum') {
      const choices = fact.choices.map((c) => ({ value: c.id, name: this.choiceName(fact, c.id, this.text(c.label)), ...this.describeChoice(fact, c.id) }));
      const unknown = allowUnknown ? [{ value: UNKNOWN, name: w(this.lang, 'unknown') }] : [];
      const answer = await this.put(path, this.withHelp(fact, label), (m) => this.prompts.select({ message: m, choices: [...choices, ...unknown] }));
      return answer === UNKNOWN ? undefined : answer;
    }
    if (fact.type === 'boolean') {
      const choices = [
        { value: 'yes', name: w(this.lang, 'yes') },
        { value: 'no', name: w(this.lang, 'no') },
        ...(allowUnknown ? [{ value: UNKNOWN, name: w(this.lang, 'unknown') }] : []),
      ];
      const answer = await this.put(path, this.withHelp(fact, label), (m) => this.prompts.select({ message: m, choices }));
      return answer === UNKNOWN ? undefined : answer === 'yes';
    }
    const hints = [
      ...because,
      ...(fact.def.unit ? [this.text(fact.def.unit)] : []),
      ...(fact.type === 'money' ? [w(this.lang, 'money')] : []),
      ...(fact.type === 'date' ? [w(this.lang, 'date')] : []),
      ...(fact.type === 'rate' ? [w(this.lang, 'rate')] : []),
      ...(fact.type === 'number' ? [w(this.lang, 'number')] : []),
      ...(allowUnknown ? [w(this.lang, 'blankIfUnknown')] : []),
      ...(this.prompts.canGoBack ? [w(this.lang, 'backHint')] : []),
    ];
    let warned: string | undefined;
    const text = await this.put(path, withHint(this.lang, this.withHelp(fact, question), hints), (message) =>
      this.prompts.input({
        message,
        // The same parser, and so the same message, as a project file's validation.
        validate: (t) => {
          if (t.trim() === '') return allowUnknown ? true : w(this.lang, 'answerNeeded');
          const parsed = parseFactValue(fact, t);
          if (!parsed.ok) return messageIn(this.lang, parsed);
          // A bare 3500 for an investment is probably 万 without its unit: say how it is read,
          // and take it as typed only when it is confirmed with Enter.
          if (parsed.warning && warned !== t) {
            warned = t;
            return `${parsed.warning[this.lang]}${w(this.lang, 'orEnterAgain')}`;
          }
          return true;
        },
      }),
    );
    return text.trim() === '' ? undefined : text.trim();
  }

  /** Records and puts one question. */
  private put<T>(path: string, message: string, ask: (message: string) => Promise<T>): Promise<T> {
    this.asked.push({ path, message });
    return ask(message);
  }

  /** An industry with its first product examples in sight: 新能源汽车产业（纯电动汽车、混合动力汽车、新能源汽车电池…） */
  private choiceName(fact: FieldFact, id: string, label: string): string {
    const industry = fact.def.choices_from === 'industries' ? this.policy.file.industries.find((i) => i.id === id) : undefined;
    if (!industry) return label;
    const sep = this.lang === 'zh' ? '、' : ', ';
    const shown = industry.products.slice(0, 3).join(sep) + (industry.products.length > 3 ? '…' : '');
    return this.lang === 'zh' ? `${label}（${shown}）` : `${label} (${shown})`;
  }

  /** For an industry: all its product examples (shown under the list), so a consultant can place a project. */
  private describeChoice(fact: FieldFact, id: string): { description?: string } {
    if (fact.def.choices_from === 'industries') {
      const industry = this.policy.file.industries.find((i) => i.id === id);
      if (industry) return { description: industry.products.join(this.lang === 'zh' ? '、' : ', ') };
    }
    const help = fact.choices.find((c) => c.id === id)?.help;
    return help ? { description: this.text(help) } : {};
  }

  /** The fact's help text after its label: 所属产业领域 — 项目或企业所属的战略性新兴产业领域 */
  private withHelp(fact: FieldFact, label: string): string {
    return fact.def.help ? `${label} — ${this.text(fact.def.help)}` : label;
  }

  private label(fact: FieldFact): string {
    return this.text(fact.label);
  }

  private text(t: { zh: string; en: string }): string {
    return t[this.lang];
  }
}
