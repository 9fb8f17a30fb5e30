// What a PATCH body actually carries.
/**
 * The changes a PATCH body carries. DTO classes declare every field, so an instance has the absent ones as own
 * `undefined` properties; copying those would blank the entity (and the answer built from it).
 */
export function presentFields<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
