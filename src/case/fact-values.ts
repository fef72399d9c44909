// One stated value of a fact, parsed: apart from schema.ts so that the fast reader of project
// files (fast.ts) does not load the schema library.
import type { FactRef } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import { parseCalendarDate } from '../values/dates.js';
import { type Parsed, parseMoney, parseNumber, parseRate } from '../values/money.js';
import { refuse } from '../values/said.js';
import { suggestion } from '../values/suggest.js';
import type { FactValue } from './model.js';

const TRUE_WORDS = new Set(['true', 'yes', 'y', '是', '有', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '否', '无', '没有', '0']);

/** Absent, empty, `~` and `null` all mean "not stated". */
export function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && ['', '~', 'null'].includes(raw.trim()));
}

/** Parses one stated value of a fact; the message says what was expected. */
export function parseFactValue(fact: FactRef & { def?: Field }, raw: unknown): Parsed<FactValue> {
  switch (fact.type) {
    case 'money': {
      const r = parseMoney(raw);
      if (r.ok && fact.def?.max !== undefined) {
        const max = parseMoney(fact.def.max);
        if (max.ok && r.value.greaterThan(max.value)) {
          return refuse({
            en: `${String(raw)} is more than the most this field can be (${String(fact.def.max)}): check the unit`,
            zh: `${String(raw)}超过此项可能的最大值（${String(fact.def.max)}）：请检查单位`,
          });
        }
      }
      return r;
    }
    case 'number':
      return parseNumber(raw);
    case 'rate':
      return parseRate(raw);
    case 'date':
      return parseCalendarDate(raw);
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const word = String(raw).trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return refuse({ en: `expected true or false (是/否), got "${String(raw)}"`, zh: `应为“是”或“否”，但填写的是“${String(raw)}”` });
    }
    case 'enum': {
      const text = String(raw).trim();
      const byId = fact.choices.find((c) => c.id === text);
      if (byId) return { ok: true, value: byId.id };
      // A consultant may type the Chinese or English label instead of the id.
      const byLabel = fact.choices.find((c) => c.label.zh === text || c.label.en.toLowerCase() === text.toLowerCase());
      if (byLabel) return { ok: true, value: byLabel.id };
      const ids = fact.choices.map((c) => c.id);
      const near = suggestion(text, [...ids, ...fact.choices.map((c) => c.label.zh)]);
      const labels = fact.choices.map((c) => c.label.zh).join('、');
      return refuse({ en: `expected one of ${ids.join(', ')}, got "${text}"${near.en}`, zh: `应为以下之一：${labels}，但填写的是“${text}”${near.zh}` });
    }
    default:
      return typeof raw === 'string' || typeof raw === 'number' ? { ok: true, value: String(raw) } : refuse({ en: 'expected text', zh: '应为文字' });
  }
}
