/**
 * Built indexes kept between runs: `v8.serialize` (and `structuredClone`) copy a class instance as
 * a plain object, its fields and nothing else. `revive` makes such a copy an instance again, so
 * a restart restores the matcher's indexes instead of building them (see `Matcher.create`).
 */

/**
 * `state` (a structured-clone copy of an instance of `cls`) as an instance of `cls` again, with
 * `parts` (fields that are instances themselves, revived by the caller) put in their place.
 * @throws TypeError when `state` is not an object (a snapshot from other code).
 */
export function revive<T extends object>(
  cls: { readonly prototype: T; readonly name: string },
  state: unknown,
  parts: Readonly<Record<string, unknown>> = {},
): T {
  if (typeof state !== 'object' || state === null) throw new TypeError(`not a saved ${cls.name}`);
  return Object.assign(Object.create(cls.prototype) as T, state, parts);
}

/** `state[field]`, of a saved instance whose field is an instance too. */
export function field(state: unknown, name: string): unknown {
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[name] : undefined;
}
