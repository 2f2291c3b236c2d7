/**
 * Readers for plain data that storage or the network hands back (structured clones, JSON): each
 * takes a value and returns a fresh copy holding only the fields it knows, or `REFUSED`. They do
 * what a schema library would for the few shapes a device reads, without shipping one to every
 * phone. A refusal carries no detail: parsers that must say where a value is wrong (community
 * records, the crisis directory) check by hand with their own messages.
 */

export const REFUSED: unique symbol = Symbol('refused');

export type Reader<T> = (value: unknown) => T | typeof REFUSED;

export const string: Reader<string> = (value) => (typeof value === 'string' ? value : REFUSED);

/** Any number but NaN (Infinity passes: use `check` where a time must be finite). */
export const number: Reader<number> = (value) =>
	typeof value === 'number' && !Number.isNaN(value) ? value : REFUSED;

export const boolean: Reader<boolean> = (value) => (typeof value === 'boolean' ? value : REFUSED);

/** What `reader` accepts and `test` then approves. */
export function check<T>(reader: Reader<T>, test: (value: T) => boolean): Reader<T> {
	return (value) => {
		const read = reader(value);
		return read !== REFUSED && test(read) ? read : REFUSED;
	};
}

export function oneOf<const T extends string>(options: readonly T[]): Reader<T> {
	return (value) => options.find((option) => option === value) ?? REFUSED;
}

export function nullable<T>(reader: Reader<T>): Reader<T | null> {
	return (value) => (value === null ? null : reader(value));
}

/** A field that may be left out; `object` leaves it out of its copy too. */
export function optional<T>(reader: Reader<T>): Reader<T | undefined> {
	return (value) => (value === undefined ? undefined : reader(value));
}

/** A field the sender may leave out, read as a fresh `fallback()` when it does. */
export function withDefault<T>(reader: Reader<T>, fallback: () => T): Reader<T> {
	return (value) => (value === undefined ? fallback() : reader(value));
}

/** A list whose every item `reader` accepts; a hole reads as undefined. */
export function list<T>(reader: Reader<T>): Reader<T[]> {
	return (value) => {
		if (!Array.isArray(value)) return REFUSED;
		const items: T[] = [];
		for (const item of [...(value as unknown[])]) {
			const read = reader(item);
			if (read === REFUSED) return REFUSED;
			items.push(read);
		}
		return items;
	};
}

type Shape = Record<string, Reader<unknown>>;
type Read<S extends Shape> = { [K in keyof S]: Exclude<ReturnType<S[K]>, typeof REFUSED> };

/** An object (anything but null that is an object) with every field of `shape`, others dropped. */
export function object<S extends Shape>(shape: S): Reader<Read<S>> {
	return (value) => {
		if (typeof value !== 'object' || value === null) return REFUSED;
		const fields = value as Record<string, unknown>;
		const copy: Record<string, unknown> = {};
		for (const [key, reader] of Object.entries(shape)) {
			const read = reader(fields[key]);
			if (read === REFUSED) return REFUSED;
			if (read !== undefined) copy[key] = read;
		}
		return copy as Read<S>;
	};
}

export function orNull<T>(read: T | typeof REFUSED): T | null {
	return read === REFUSED ? null : read;
}
