/** The identity held in memory: the twin of `DexieIdentityRepository`, passing the same contract. */

import { guardWrite } from './guard-write';
import { changeRows, identityRows, NoIdentityError, readIdentityRows } from './identity-record';
import type {
	IdentityChanges,
	IdentityRepository,
	LoadedIdentity,
	StoredIdentity
} from './identity.repository';

export interface MemoryIdentityOptions {
	/** Stored `{ key, value }` rows to start from, as if read from disk: values are not checked,
	 * so tests can plant damaged ones. */
	rows?: Iterable<unknown>;
	/** Called before each write; a throw refuses it as a failing device would. */
	beforeWrite?: () => void;
}

export class MemoryIdentityRepository implements IdentityRepository {
	private rows = new Map<string, unknown>();
	private readonly beforeWrite: () => void;

	constructor(options: MemoryIdentityOptions = {}) {
		for (const row of options.rows ?? []) {
			const key: unknown = typeof row === 'object' && row !== null && 'key' in row ? row.key : null;
			// The real table cannot hold a row without a key either.
			if (typeof key !== 'string') throw new TypeError('An identity row needs a string key');
			this.rows.set(key, structuredClone(row));
		}
		this.beforeWrite = options.beforeWrite ?? (() => {});
	}

	async load(): Promise<LoadedIdentity> {
		// IndexedDB hands rows back in key order; string keys sort as a plain sort does.
		const rows = [...this.rows.entries()]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([, row]) => structuredClone(row));
		return readIdentityRows(rows);
	}

	async replace(identity: StoredIdentity): Promise<void> {
		const rows = identityRows(identity);
		await guardWrite(async () => {
			this.beforeWrite();
			this.rows = new Map(rows.map((row) => [row.key, row]));
		});
	}

	async update(changes: IdentityChanges): Promise<void> {
		const rows = changeRows(changes);
		await guardWrite(async () => {
			if (!this.rows.has('rootSecret')) throw new NoIdentityError();
			this.beforeWrite();
			for (const row of rows) this.rows.set(row.key, row);
		});
	}
}
