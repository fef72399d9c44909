import type { CompiledItem } from '../policy/model.js';

// What does not depend on the case is built once and then shared by every result: results are
// read-only data, and a batch evaluates the same compiled items thousands of times.

/** A value built once per compiled item. */
export function perItem<T>(cache: WeakMap<CompiledItem, T>, item: CompiledItem, build: () => T): T {
  let value = cache.get(item);
  if (value === undefined) {
    value = build();
    cache.set(item, value);
  }
  return value;
}

/** A value built once per (item, applicant kind). */
export function perKind<T>(cache: WeakMap<CompiledItem, Map<string, T>>, item: CompiledItem, kind: string, build: () => T): T {
  let byKind = cache.get(item);
  if (!byKind) {
    byKind = new Map();
    cache.set(item, byKind);
  }
  let value = byKind.get(kind);
  if (value === undefined) {
    value = build();
    byKind.set(kind, value);
  }
  return value;
}

/** Shared results are frozen, so that no caller can change what another caller sees. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
