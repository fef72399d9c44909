import { Money } from '../values/money.js';
import type { Policy } from './model.js';

// A compiled policy written at build time and read back at run time without YAML parsing, schema
// validation or compilation. The compiled Policy is a graph of plain data with exact decimals,
// Maps and Sets, and objects shared by several parents (a fact is referenced by every condition
// on it): the snapshot keeps all of these exactly, so the policy read back is the one compiled.
//
// Encoding, as JSON: a Money is {"$d":"0.12"} (exact, -0 kept); a Map {"$m":[[k,v]…]}; a Set {"$s":[…]};
// undefined (a property that is present but unset) {"$u":0}; an object or array reached more
// than once carries "$id" where it first appears and is {"$r":id} after; a plain object with a
// key starting with "$" is {"$o":[[k,v]…]}, so that no policy text can look like an encoding.

/** Bumped whenever the encoding or the compiled Policy's shape changes: older snapshots are then ignored. */
export const SNAPSHOT_FORMAT = 1;

/** The part of a Policy that depends on where and when it is loaded, set by the loader. */
type Placed = 'path' | 'sourceText';

export function encodePolicy(policy: Policy): string {
  // Written as unset, keeping the properties' order; the loader fills them in.
  const rest = { ...policy, path: undefined, sourceText: undefined };
  const seen = new Map<object, number>();
  const count = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    const n = seen.get(v) ?? 0;
    seen.set(v, n + 1);
    if (n > 0 || Money.isDecimal(v)) return;
    if (v instanceof Map) {
      for (const [k, x] of v) {
        count(k);
        count(x);
      }
    } else if (v instanceof Set || Array.isArray(v)) for (const x of v) count(x);
    else for (const x of Object.values(v)) count(x);
  };
  count(rest);
  const ids = new Map<object, number>();
  const enc = (v: unknown): unknown => {
    if (v === undefined) return { $u: 0 };
    if (v === null || typeof v !== 'object') return v;
    const known = ids.get(v);
    if (known !== undefined) return { $r: known };
    let id: number | undefined;
    if ((seen.get(v) ?? 0) > 1) {
      id = ids.size;
      ids.set(v, id);
    }
    let out: Record<string, unknown>;
    if (Money.isDecimal(v)) {
      const d = v as Money;
      out = { $d: d.isZero() && d.isNegative() ? '-0' : d.toString() };
    } else if (v instanceof Map) out = { $m: [...v].map(([k, x]) => [enc(k), enc(x)]) };
    else if (v instanceof Set) out = { $s: [...v].map(enc) };
    else if (Array.isArray(v)) {
      if (id === undefined) return v.map(enc);
      out = { $a: v.map(enc) };
    } else if (Object.getPrototypeOf(v) !== Object.prototype) {
      throw new Error(`a compiled policy holds a ${v.constructor?.name ?? 'non-plain'} object, which a snapshot cannot keep`);
    } else if (Object.keys(v).some((k) => k.startsWith('$'))) {
      out = { $o: Object.entries(v).map(([k, x]) => [k, enc(x)]) };
    } else {
      out = {};
      for (const [k, x] of Object.entries(v)) out[k] = enc(x);
    }
    return id === undefined ? out : { $id: id, ...out };
  };
  return JSON.stringify(enc(rest));
}

/** Reads back what encodePolicy wrote; the loader supplies where the policy is and its source text. */
export function decodePolicy(json: string, placed: Pick<Policy, Placed>): Policy {
  const refs: unknown[] = [];
  const dec = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = dec(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    if (o.$u !== undefined) return undefined;
    if (o.$r !== undefined) return refs[o.$r as number];
    const id = o.$id as number | undefined;
    if (o.$d !== undefined) {
      const d = new Money(o.$d as string);
      if (id !== undefined) refs[id] = d;
      return d;
    }
    // The container is registered before its contents, as the encoder numbered it.
    if (o.$m !== undefined) {
      const m = new Map();
      if (id !== undefined) refs[id] = m;
      for (const [k, x] of o.$m as [unknown, unknown][]) m.set(dec(k), dec(x));
      return m;
    }
    if (o.$s !== undefined) {
      const s = new Set();
      if (id !== undefined) refs[id] = s;
      for (const x of o.$s as unknown[]) s.add(dec(x));
      return s;
    }
    if (o.$a !== undefined) {
      const a = o.$a as unknown[];
      if (id !== undefined) refs[id] = a;
      return dec(a);
    }
    if (o.$o !== undefined) {
      const out: Record<string, unknown> = {};
      if (id !== undefined) refs[id] = out;
      for (const [k, x] of o.$o as [string, unknown][]) out[k] = dec(x);
      return out;
    }
    // A fresh object, keys in the order written (deleting "$id" would leave V8 a slow object).
    const out: Record<string, unknown> = {};
    if (id !== undefined) refs[id] = out;
    for (const k in o) if (k !== '$id') out[k] = dec(o[k]);
    return out;
  };
  const policy = dec(JSON.parse(json)) as Policy;
  policy.path = placed.path;
  policy.sourceText = placed.sourceText;
  return policy;
}
