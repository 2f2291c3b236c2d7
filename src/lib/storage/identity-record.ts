/**
 * The identity's `{ key, value }` rows, both ways: one row per field, so that a change to the
 * session never rewrites the root secret. Reading trusts nothing on disk: every value is checked,
 * and a damaged root secret is an error, never a reason to start afresh.
 */

import type {
	IdentityChanges,
	IdentityRowProblem,
	LoadedIdentity,
	StoredIdentity,
	StoredPseudonym,
	StoredSession
} from './identity.repository';

const ROOT_SECRET_BYTES = 32;

export interface IdentityRow {
	key: string;
	value: unknown;
}

/** A root secret is stored but cannot be read; nothing was changed. */
export class UnreadableIdentityError extends Error {
	readonly code = 'identity-unreadable';

	constructor(detail: string) {
		super(`The stored identity cannot be read: ${detail}`);
		this.name = 'UnreadableIdentityError';
	}
}

/** A change was asked of an identity this device does not have. */
export class NoIdentityError extends Error {
	readonly code = 'no-identity';

	constructor() {
		super('This device has no identity to change yet.');
		this.name = 'NoIdentityError';
	}
}

type Reader<T> = (value: unknown) => T | undefined;

const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const readNullableName: Reader<string | null> = (value) =>
	value === null || (isString(value) && value !== '') ? value : undefined;

const readBoolean: Reader<boolean> = (value) => (typeof value === 'boolean' ? value : undefined);

const readSession: Reader<StoredSession | null> = (value) => {
	if (value === null) return null;
	if (!isRecord(value) || !isString(value.token) || value.token === '') return undefined;
	if (typeof value.expiresAt !== 'number' || !Number.isFinite(value.expiresAt)) return undefined;
	return { token: value.token, expiresAt: value.expiresAt };
};

const readPseudonyms: Reader<StoredPseudonym[]> = (value) => {
	if (!Array.isArray(value)) return undefined;
	const pseudonyms: StoredPseudonym[] = [];
	for (const item of value) {
		if (!isRecord(item) || !isString(item.communityId) || !isString(item.displayName)) {
			return undefined;
		}
		pseudonyms.push({ communityId: item.communityId, displayName: item.displayName });
	}
	return pseudonyms;
};

/** Every field but the root secret: how to read it, and what it is when absent or damaged. */
const FIELDS = {
	displayName: { read: readNullableName, fallback: null },
	recoveryConfirmed: { read: readBoolean, fallback: false },
	registered: { read: readBoolean, fallback: false },
	pendingDisplayName: { read: readNullableName, fallback: null },
	session: { read: readSession, fallback: null },
	pseudonyms: { read: readPseudonyms, fallback: [] }
} satisfies {
	[K in keyof IdentityChanges]-?: { read: Reader<StoredIdentity[K]>; fallback: StoredIdentity[K] };
};

type FieldKey = keyof typeof FIELDS;

function isFieldKey(key: string): key is FieldKey {
	return Object.hasOwn(FIELDS, key);
}

/** Reads rows as they came from disk. Throws `UnreadableIdentityError` for a damaged secret. */
export function readIdentityRows(rows: readonly unknown[]): LoadedIdentity {
	const problems: IdentityRowProblem[] = [];
	let rootSecret: Uint8Array | null = null;
	const identity: Omit<StoredIdentity, 'rootSecret'> = {
		displayName: FIELDS.displayName.fallback,
		recoveryConfirmed: FIELDS.recoveryConfirmed.fallback,
		registered: FIELDS.registered.fallback,
		pendingDisplayName: FIELDS.pendingDisplayName.fallback,
		session: FIELDS.session.fallback,
		pseudonyms: []
	};
	for (const row of rows) {
		if (!isRecord(row) || !isString(row.key) || !('value' in row)) {
			const key = isRecord(row) && isString(row.key) ? row.key : '?';
			if (key === 'rootSecret')
				throw new UnreadableIdentityError('the root secret row has no value');
			problems.push({ key, reason: 'not-an-identity-row' });
			continue;
		}
		const { key, value } = row;
		if (key === 'rootSecret') {
			if (!(value instanceof Uint8Array) || value.length !== ROOT_SECRET_BYTES) {
				throw new UnreadableIdentityError('the root secret is not 32 bytes');
			}
			rootSecret = value.slice();
		} else if (isFieldKey(key)) {
			const read: Reader<unknown> = FIELDS[key].read;
			const parsed = read(value);
			if (parsed === undefined) problems.push({ key, reason: 'invalid-value' });
			else Object.assign(identity, { [key]: parsed });
		} else {
			problems.push({ key, reason: 'unknown-key' });
		}
	}
	return { identity: rootSecret ? { rootSecret, ...identity } : null, problems };
}

/** The rows that hold `identity`, root secret included. */
export function identityRows(identity: StoredIdentity): IdentityRow[] {
	const { rootSecret, ...rest } = identity;
	if (rootSecret.length !== ROOT_SECRET_BYTES) {
		throw new RangeError(`A root secret is ${ROOT_SECRET_BYTES} bytes, not ${rootSecret.length}.`);
	}
	return [{ key: 'rootSecret', value: rootSecret.slice() }, ...changeRows(rest)];
}

/** The rows that hold these changes; a value the reader would refuse is a programming error. */
export function changeRows(changes: IdentityChanges): IdentityRow[] {
	const rows: IdentityRow[] = [];
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) continue;
		if (!isFieldKey(key)) throw new TypeError(`Not an identity field: ${key}`);
		const read: Reader<unknown> = FIELDS[key].read;
		if (read(value) === undefined) throw new TypeError(`Not a valid ${key}`);
		rows.push({ key, value: structuredClone(value) });
	}
	return rows;
}
