import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeClientBindingStoreContract } from './client-binding-store.contract';
import {
	openSqliteClientBindingStore,
	type SqliteClientBindingStore
} from './sqlite-client-binding-store';

describeClientBindingStoreContract('SqliteClientBindingStore', async () => {
	const folder = await mkdtemp(join(tmpdir(), 'hearth-bindings-'));
	const file = join(folder, 'hearth.sqlite');
	let current: SqliteClientBindingStore = openSqliteClientBindingStore(file);
	return {
		store: current,
		async reopen() {
			await current.close();
			current = openSqliteClientBindingStore(file);
			return current;
		},
		async dispose() {
			await current.close();
			await rm(folder, { recursive: true, force: true });
		}
	};
});
