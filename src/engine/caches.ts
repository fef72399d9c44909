// What does not depend on the case is built once and then shared by every result: results are
// read-only data, and a batch evaluates the same compiled items thousands of times.

/** A value built once per object (a compiled item, a policy's items, a parameter). */
export function perItem<K extends object, T>(cache: WeakMap<K, T>, item: K, build: () => T): T {
  let value = cache.get(item);
  if (value === undefined) {
    value = build();
    cache.set(item, value);
  }
  return value;
}

/** A value built once per pair: an object and a second key (an applicant kind, a shared trace). */
export function perKind<K extends object, S, T>(cache: WeakMap<K, Map<S, T>>, item: K, kind: S, build: () => T): T {
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
