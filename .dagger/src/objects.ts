/**
 * The one way bakery builds its objects: from their fields, by name. The engine restores an
 * object between calls the same way (a new instance of its class given its state), so no
 * constructor runs but the main object's, whose arguments are the module's constructor.
 */

/** An object's fields: its state, which the engine keeps between calls (not its functions). */
export type Fields<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };

/** An object of `cls` with `fields`, its constructor not run. */
export function make<T extends object>(cls: abstract new (...args: never[]) => T, fields: Fields<T>): T {
  return Object.assign(Object.create(cls.prototype as object) as T, fields);
}
