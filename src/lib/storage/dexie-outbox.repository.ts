/** The outbox as one row of the `meta` table (see `outbox.repository.ts`). */

import type { HearthDatabase } from './db';
import { guardWrite } from './guard-write';
import { OUTBOX_KEY, readOutbox, type OutboxRepository } from './outbox.repository';

export class DexieOutboxRepository implements OutboxRepository {
	constructor(private readonly db: HearthDatabase) {}

	async load(): Promise<unknown[]> {
		const row = await this.db.meta.get(OUTBOX_KEY);
		return readOutbox(row?.value);
	}

	async save(items: readonly unknown[]): Promise<void> {
		await guardWrite(() => this.db.meta.put({ key: OUTBOX_KEY, value: [...items] }));
	}
}
