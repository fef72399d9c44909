// A message for people in both of the tool's languages. Parsers and checks below the CLI do not
// know which language the user reads, so they say it in both and the caller picks one.

export type Language = 'zh' | 'en';

export interface Said {
  en: string;
  zh: string;
}

/** The outcome of parsing what someone typed: a value (with perhaps a warning), or what was expected. */
export type Parsed<T> = { ok: true; value: T; warning?: Said } | { ok: false; message: string; zh?: string };

/** A refusal in both languages (`message` is the English, kept for callers that only read English). */
export function refuse(said: Said): { ok: false; message: string; zh: string } {
  return { ok: false, message: said.en, zh: said.zh };
}

/** The message of a failed parse in the reader's language (English when no Chinese was given). */
export function messageIn(lang: Language, r: { message: string; zh?: string }): string {
  return lang === 'zh' && r.zh ? r.zh : r.message;
}

/** Quotes typed text the way each language quotes: "x" and “x”. */
export function quoted(text: string): Said {
  return { en: `"${text}"`, zh: `“${text}”` };
}
