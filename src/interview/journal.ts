import type { ListState, Prompts } from './prompts.js';

// "Back" without undo logic: the interview is decided by its answers alone, so going back one
// question is running it again from the start with every answer but the last given back silently
// (a replay), and the last question then asked again, its earlier answer offered as the default.
// Lists, entries and the questions that depend on them all come back as they were, by construction.

/** One answer given: the question's words, and what was chosen or typed. */
export interface Given {
  message: string;
  value: string | Record<string, ListState>;
}

/** Prompts that give recorded answers again, without asking, before asking the person. */
export class Journal implements Prompts {
  /** Every answer given in this run, replayed or asked. */
  readonly given: Given[] = [];
  private replay: Given[];
  private undoneAsked = false;

  constructor(
    private readonly person: Prompts,
    replay: Given[],
    /** The answer being undone: the default when its question comes again. */
    private readonly undone?: Given,
  ) {
    this.replay = [...replay];
  }

  select(q: Parameters<Prompts['select']>[0]): Promise<string> {
    return this.take(q.message, (d) => this.person.select({ ...q, back: this.given.length > 0, ...(typeof d === 'string' ? { default: d } : {}) }));
  }

  checklist(q: Parameters<Prompts['checklist']>[0]): Promise<Record<string, ListState>> {
    return this.take(q.message, (d) => this.person.checklist({ ...q, back: this.given.length > 0, ...(d && typeof d === 'object' ? { default: d } : {}) }));
  }

  input(q: Parameters<Prompts['input']>[0]): Promise<string> {
    return this.take(q.message, (d) => this.person.input({ ...q, back: this.given.length > 0, ...(typeof d === 'string' && d !== '' ? { default: d } : {}) }));
  }

  say(text: string): void {
    if (this.replay.length === 0) this.person.say?.(text);
  }

  /** Whether a question put now can go back (some answer precedes it). */
  get canGoBack(): boolean {
    return this.given.length > 0;
  }

  private async take<T extends Given['value']>(message: string, ask: (defaultValue?: Given['value']) => Promise<T>): Promise<T> {
    const next = this.replay[0];
    if (next && next.message === message) {
      this.replay.shift();
      this.given.push(next);
      return next.value as T;
    }
    // The interview went another way than recorded (it cannot, but if it did): ask from here on.
    this.replay = [];
    const again = !this.undoneAsked && this.undone?.message === message ? this.undone.value : undefined;
    this.undoneAsked = true;
    const value = await ask(again);
    this.given.push({ message, value });
    return value;
  }
}
