import { z } from 'zod';

// The policy file format. The zod schemas are the types (z.infer), so the file format and the
// TypeScript cannot drift. Money and rates stay text here (as the maintainer wrote them) and are
// parsed into exact decimals when the policy is compiled (compile.ts), where each problem can be
// reported against its line.

export const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'an id of lower-case letters, digits, "-" or "_"');
export const Text = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof Text>;
const MoneyText = z.union([z.string(), z.number()]);
const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const Choice = z.strictObject({
  id: Id,
  label: Text,
  help: Text.optional(),
});
export type Choice = z.infer<typeof Choice>;

export const FACT_TYPES = ['text', 'money', 'number', 'boolean', 'date', 'enum', 'rate', 'list'] as const;

const FieldShape = {
  type: z.enum(FACT_TYPES),
  label: Text,
  help: Text.optional(),
  unit: Text.optional(),
  /** Choices of an enum fact, or where they come from (the policy's applicant kinds or industries). */
  choices: z.array(Choice).optional(),
  choices_from: z.enum(['applicant_kinds', 'industries']).optional(),
  /** Choices added to those taken from choices_from (e.g. "none of these industries"). */
  extra_choices: z.array(Choice).optional(),
  required: z.boolean().optional(),
  /** Only the government can judge this (知名, 特别重大 …): the case states it, the output lists it as an assumption. */
  judgement: z.boolean().optional(),
  /** The applicant could change this (a recognition not yet obtained): used for opportunities. */
  changeable: z.boolean().optional(),
  /** A mistyped money amount above this is rejected (default 1万亿). */
  max: MoneyText.optional(),
  example: z.union([z.string(), z.number(), z.boolean()]).optional(),
};

export const Field = z.strictObject(FieldShape);
export type Field = z.infer<typeof Field>;

export const Fact = z.strictObject({
  ...FieldShape,
  /** For a list: what one entry is called ("project", "recognition"). */
  item_label: Text.optional(),
  /** For a list: the fields of each entry. */
  fields: z.record(Id, Field).optional(),
});
export type Fact = z.infer<typeof Fact>;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

export const CONDITION_OPERATORS = [
  'eq', 'ne', 'in', 'not_in', 'gte', 'gt', 'lte', 'lt', 'is', 'present',
  'newly', 'on_or_after', 'before', 'at_least_years_ago', 'in_scope',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type Condition = {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  fact?: string;
  label?: Text;
  eq?: string | number | boolean;
  ne?: string | number | boolean;
  in?: (string | number | boolean)[];
  not_in?: (string | number | boolean)[];
  gte?: string | number;
  gt?: string | number;
  lte?: string | number;
  lt?: string | number;
  is?: boolean;
  present?: boolean;
  newly?: boolean;
  on_or_after?: string;
  before?: string;
  at_least_years_ago?: number;
  in_scope?: boolean;
};

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(Condition).min(1).optional(),
      any: z.array(Condition).min(1).optional(),
      not: Condition.optional(),
      fact: z.string().optional(),
      label: Text.optional(),
      eq: Scalar.optional(),
      ne: Scalar.optional(),
      in: z.array(Scalar).min(1).optional(),
      not_in: z.array(Scalar).min(1).optional(),
      gte: z.union([z.string(), z.number()]).optional(),
      gt: z.union([z.string(), z.number()]).optional(),
      lte: z.union([z.string(), z.number()]).optional(),
      lt: z.union([z.string(), z.number()]).optional(),
      is: z.boolean().optional(),
      present: z.boolean().optional(),
      newly: z.boolean().optional(),
      on_or_after: DateText.optional(),
      before: DateText.optional(),
      at_least_years_ago: z.number().int().positive().optional(),
      in_scope: z.boolean().optional(),
    })
    .superRefine((c, ctx) => {
      const shapes = (['all', 'any', 'not', 'fact'] as const).filter((k) => c[k] !== undefined);
      if (shapes.length !== 1) {
        ctx.addIssue({ code: 'custom', message: 'a condition is exactly one of: all, any, not, or a fact with an operator' });
        return;
      }
      if (c.fact !== undefined) {
        const ops = CONDITION_OPERATORS.filter((op) => c[op] !== undefined);
        if (ops.length !== 1) {
          ctx.addIssue({
            code: 'custom',
            message: `a fact condition needs exactly one operator (${CONDITION_OPERATORS.join(', ')}), found ${ops.length}`,
          });
        }
      }
    }),
);

/**
 * The share of a year over which interest accrues: from a date to the end of that date's year (or
 * to an earlier end date), in actual days over 360, the PBoC convention for RMB loans (日利率 =
 * 年利率 ÷ 360).
 */
export const Accrual = z.strictObject({
  from: z.string(),
  /** A date fact at which accrual stops when it is before the year end (a loan's due date). */
  until: z.string().optional(),
  /**
   * When the case does not state `until`: accrue to the year end (the most the year can bear) and
   * show this assumption, instead of leaving the line undetermined.
   */
  until_unknown: Text.optional(),
});
export type Accrual = z.infer<typeof Accrual>;

export type Expr = { fact?: string; param?: string; key?: string; at?: string; product?: Expr[]; accrual?: Accrual };
export const Expr: z.ZodType<Expr> = z.lazy(() =>
  z
    .strictObject({
      fact: z.string().optional(),
      param: Id.optional(),
      /** For a parameter with keyed values: the fact whose value picks the key (e.g. the loan term). */
      key: z.string().optional(),
      /** For a dated parameter: the fact whose date picks the value in force (default: the as-of date). */
      at: z.string().optional(),
      product: z.array(Expr).min(2).optional(),
      accrual: Accrual.optional(),
    })
    .refine((e) => [e.fact, e.param, e.product, e.accrual].filter((x) => x !== undefined).length === 1, {
      message: 'a basis is exactly one of: fact, param, product, accrual',
    }),
);

export const Rate = z.union([
  z.string(),
  z.strictObject({ low: z.string(), high: z.string() }),
  z.strictObject({ up_to: z.string() }),
]);
export type Rate = z.infer<typeof Rate>;

export const AWARD_KINDS = ['percent', 'fixed', 'fixed_by', 'up_to', 'unquantified'] as const;
export const UNQUANTIFIED_NATURES = [
  'case-by-case', 'matching-funds', 'non-cash', 'appropriate-subsidy', 'existing-policy',
] as const;

export const Award = z.strictObject({
  kind: z.enum(AWARD_KINDS),
  /** percent: what the rate is applied to. */
  basis: Expr.optional(),
  /** How to name the basis in the output (厂房、设备实际投资额). */
  basis_label: Text.optional(),
  rate: Rate.optional(),
  /** fixed / up_to: the amount. */
  amount: MoneyText.optional(),
  /** fixed: what one amount is for, where one entry may be one of several (分别给予5万元: each certificate). */
  each_label: Text.optional(),
  /** fixed_by: the fact whose value picks the amount, and the amount for each value. */
  by: z.string().optional(),
  amounts: z.record(z.string(), MoneyText).optional(),
  /** unquantified: what kind of support it is, what it is, and any ceiling the text names. */
  nature: z.enum(UNQUANTIFIED_NATURES).optional(),
  description: Text.optional(),
  ceiling: MoneyText.optional(),
});
export type Award = z.infer<typeof Award>;

export const Cap = z.strictObject({
  amount: MoneyText,
  /**
   * record: each project (单个项目); applicant: the applicant across its records (单个企业);
   * applicant-year: the applicant in each calendar year, the year of each line's event or window
   * year (同一企业年度最高).
   */
  per: z.enum(['record', 'applicant', 'applicant-year']),
  label: Text.optional(),
});
export type Cap = z.infer<typeof Cap>;

/** An interpretation note; `numbers` names the numbers of the rule it explains that its quote does not state. */
export const Interpretation = z.strictObject({
  zh: z.string().min(1),
  en: z.string().min(1),
  numbers: z.array(z.union([z.string(), z.number()])).min(1).optional(),
});
export type Interpretation = z.infer<typeof Interpretation>;

/** The dated event an item pays for: it counts from the policy's issue date to its end, by the as-of date. */
export const Event = z.strictObject({
  /** The date fact of the event (recognitions.date). */
  date: z.string(),
  label: Text.optional(),
  /** Only when the text itself reaches back before the issue date: the first date, and the words that say so. */
  from: DateText.optional(),
  quote: z.string().min(1).optional(),
});
export type Event = z.infer<typeof Event>;

/** The years of a multi-year award (连续三年): where they start, how many, and why. */
export const Window = z.strictObject({
  /** The date fact the years run from (operating since, completed on). */
  start: z.string(),
  /** Whole years after that date before the first year begins (正常运营满一年后: 1). */
  after_years: z.number().int().min(0).max(50).optional(),
  years: z.number().int().min(1).max(50),
  why: Text.optional(),
  /** A window that would begin before the policy was issued begins on the issue date instead. */
  from_issue: z.boolean().optional(),
  /**
   * The calendar year a window year counts in under a cap per applicant and year: the year it
   * begins (default; its award rests on the year just completed) or the year it ends.
   */
  year_of: z.enum(['start', 'end']).optional(),
  /** Whether years that begin after the as-of date count in the total (default true: they follow from an event that has happened). */
  future_years: z.boolean().optional(),
});
export type Window = z.infer<typeof Window>;

/** How recognitions of one thing at several levels combine (分别给予 / 就高不重复 / 差额). */
export const Levels = z.strictObject({
  combine: z.enum(['each', 'highest', 'difference']),
  /** The entry field naming the thing recognised; entries with the same value (or none) are one thing. */
  same_thing: z.string().optional(),
  /**
   * The entry field giving the level (default: the field a fixed_by award is by). One thing is
   * recognised once at a level: a later entry of the same thing at the same level is paid nothing,
   * whatever `combine` says (新认定: what is already recognised at a level cannot be newly so again).
   */
  level: z.string().optional(),
});
export type Levels = z.infer<typeof Levels>;

/** What one alternative of a reading changes in an item. */
export const ItemChange = z.strictObject({
  /** A condition that must also hold. */
  also: Condition.optional(),
  award: Award.optional(),
  caps: z.array(Cap).optional(),
  window: Window.partial().optional(),
  levels: Levels.partial().optional(),
  /** The item's dated event changed (an earlier first date, with the words that allow it). */
  event: Event.partial().optional(),
});
export type ItemChange = z.infer<typeof ItemChange>;

export const Item = z.strictObject({
  id: Id,
  clause: z.string().min(1),
  title: Text,
  /** The source sentence(s), verbatim: checked against the shipped text. */
  quote: z.string().min(1),
  applicants: z.array(Id).min(1),
  /** Evaluate once per entry of this list fact (each project, each recognition). */
  each: Id.optional(),
  when: Condition.optional(),
  award: Award,
  caps: z.array(Cap).optional(),
  /** Paid yearly for this many years (连续三年); amounts and caps are per year. Prefer `window`, which says when. */
  period: z.strictObject({ years: z.number().int().min(2), label: Text.optional() }).optional(),
  event: Event.optional(),
  window: Window.optional(),
  levels: Levels.optional(),
  /** The readings that touch this item: reading id → alternative id → what that alternative changes. */
  readings: z.record(Id, z.record(Id, ItemChange)).optional(),
  assumptions: z.array(Text).optional(),
  interpretation: z.array(Interpretation).optional(),
});
export type Item = z.infer<typeof Item>;

export const SharedCap = z.strictObject({
  id: Id,
  clause: z.string().min(1),
  title: Text,
  quote: z.string().min(1),
  items: z.array(Id).min(2),
  amount: MoneyText,
  per: z.enum(['applicant-year']),
});
export type SharedCap = z.infer<typeof SharedCap>;

/** A sentence that can be read two ways, with each reading as data. */
export const Reading = z.strictObject({
  id: Id,
  clause: z.string().min(1),
  /** The words that allow both readings, verbatim. */
  quote: z.string().min(1),
  question: Text,
  alternatives: z
    .array(z.strictObject({ id: Id, label: Text, effect: Text }))
    .min(2),
  default: Id,
  /** Why the default: shown with the result and in the docs. */
  why: Text,
});
export type Reading = z.infer<typeof Reading>;

export const Parameter = z.strictObject({
  label: Text,
  type: z.enum(['rate', 'money']),
  note: Text.optional(),
  /** The values in force from each date; keyed values when the parameter depends on a fact (e.g. the loan term). */
  schedule: z
    .array(
      z.strictObject({
        from: DateText,
        value: z.string().optional(),
        values: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(1),
});
export type Parameter = z.infer<typeof Parameter>;

export const Industry = z.strictObject({
  id: Id,
  clause: z.string().min(1),
  group: Id,
  label: Text,
  products: z.array(z.string().min(1)).min(1),
});
export type Industry = z.infer<typeof Industry>;

export const PolicyFile = z.strictObject({
  schema_version: z.literal(1),
  id: Id,
  title: Text,
  issuer: Text,
  issued: DateText,
  /** The last day the policy applies to, when the text sets one. */
  ends: DateText.optional(),
  document: z.string().optional(),
  /** The official text, a file beside the policy file. */
  source: z.string().min(1),
  currency: z.literal('CNY'),
  /** Informational: a note shown with every result (e.g. that this is an invented fixture). */
  notice: Text.optional(),
  budget: z
    .strictObject({ clause: z.string(), quote: z.string(), amount: MoneyText, per: z.literal('year'), label: Text })
    .optional(),
  applicant_kinds: z.array(Choice).min(1),
  industry_groups: z.array(Choice).default([]),
  industries: z.array(Industry).default([]),
  parameters: z.record(Id, Parameter).default({}),
  facts: z.record(Id, Fact),
  items: z.array(Item).min(1),
  shared_caps: z.array(SharedCap).default([]),
  readings: z.array(Reading).default([]),
});
export type PolicyFile = z.infer<typeof PolicyFile>;
