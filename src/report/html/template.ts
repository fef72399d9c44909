// The one way HTML is made in this project: a tagged template that escapes every value put into
// it, unless the value is itself markup made by this template. A project named
// `<img src=x onerror=alert(1)>` therefore reaches the page as text, wherever it is used.

const BRAND = Symbol('html');

/** Markup made by `html` (or a trusted constant of ours passed through `trusted`). */
export interface Html {
  readonly [BRAND]: true;
  readonly text: string;
}

/** What may be placed in a template: text (escaped), markup, numbers, lists of these; nothing renders as nothing. */
export type Part = Html | string | number | false | null | undefined | readonly Part[];

const make = (text: string): Html => ({ [BRAND]: true, text });

const isHtml = (v: unknown): v is Html => typeof v === 'object' && v !== null && BRAND in v;

/** Escapes text for element content and double-quoted attribute values alike. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

function render(part: Part): string {
  if (part === false || part === null || part === undefined) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (isHtml(part)) return part.text;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return make(out);
}

/** Our own constant markup or CSS (never user text): the style sheet, a computed SVG path. */
export function trusted(text: string): Html {
  return make(text);
}

export function join(parts: readonly Part[], separator: Part = ''): Html {
  return make(parts.map(render).join(render(separator)));
}

export function toText(h: Html): string {
  return h.text;
}
