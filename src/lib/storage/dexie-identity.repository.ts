/**
 * The identity in IndexedDB: one `{ key, value }` row per field in the `identity` table, the root
 * secret as raw bytes.
 *
 * Encryption at rest comes later: the root secret will then be wrapped by a device key before it
 * is written here, and unwrapped in `load`. This file is that seam; nothing above it changes.
 */

import type { HearthDatabase } from './db';
import { guardWrite } from './guard-write';
import { changeRows, identityRows, NoIdentityError, readIdentityRows } from './identity-record';
import type {
	IdentityChanges,
	IdentityRepository,
	LoadedIdentity,
	StoredIdentity
} from './identity.repository';

export class DexieIdentityRepository implements IdentityRepository {
	constructor(private readonly db: HearthDatabase) {}

	async load(): Promise<LoadedIdentity> {
		const rows: readonly unknown[] = await this.db.identity.toArray();
		return readIdentityRows(rows);
	}

	async replace(identity: StoredIdentity): Promise<void> {
		const rows = identityRows(identity);
		await guardWrite(() =>
			this.db.transaction('rw', this.db.identity, async () => {
				await this.db.identity.clear();
				await this.db.identity.bulkPut(rows);
			})
		);
	}

	async update(changes: IdentityChanges): Promise<void> {
		const rows = changeRows(changes);
		await guardWrite(() =>
			this.db.transaction('rw', this.db.identity, async () => {
				if ((await this.db.identity.get('rootSecret')) === undefined) throw new NoIdentityError();
				await this.db.identity.bulkPut(rows);
			})
		);
	}
}
