import type { PathSegment } from '../../errors/problem.js';
import { compareDates, parseCalendarDate } from '../../values/dates.js';
import { type Money, parseMoney, parseRate } from '../../values/money.js';
import type { CompiledParameter } from '../model.js';
import type { PolicyFile } from '../schema.js';
import type { Report } from './context.js';

// Parameters: dated values (e.g. the benchmark lending rate), one schedule each, in date order,
// that a case may override.

export function compileParameters(file: PolicyFile, report: Report): Map<string, CompiledParameter> {
  const parameters = new Map<string, CompiledParameter>();
  for (const [id, def] of Object.entries(file.parameters)) {
    const schedule: CompiledParameter['schedule'] = [];
    def.schedule.forEach((entry, i) => {
      const path: PathSegment[] = ['parameters', id, 'schedule', i];
      const parse = (text: string, p: PathSegment[]): Money | undefined => {
        const r = def.type === 'rate' ? parseRate(text) : parseMoney(text);
        if (!r.ok) report(p, r.message);
        return r.ok ? r.value : undefined;
      };
      if (!parseCalendarDate(entry.from).ok) report([...path, 'from'], `"${entry.from}" is not a real date`);
      if ((entry.value === undefined) === (entry.values === undefined)) report(path, 'give either value or values');
      const values = entry.values
        ? new Map(Object.entries(entry.values).flatMap(([k, v]) => {
            const m = parse(v, [...path, 'values', k]);
            return m ? [[k, m] as const] : [];
          }))
        : undefined;
      const value = entry.value !== undefined ? parse(entry.value, [...path, 'value']) : undefined;
      const previous = i > 0 ? def.schedule[i - 1]?.from : undefined;
      if (previous !== undefined && entry.from === previous) {
        report([...path, 'from'], `two periods start on ${entry.from}: which value is in force from that date is ambiguous`);
      } else if (previous !== undefined && compareDates(entry.from, previous) < 0) {
        report([...path, 'from'], `this period starts on ${entry.from}, before the one above it (${previous}): list the periods in date order, each starting after the previous one`);
      }
      schedule.push({ from: entry.from, value, values });
    });
    parameters.set(id, { id, label: def.label, type: def.type, note: def.note, schedule });
  }
  return parameters;
}
