/** The in-memory twin of the client binding store, for tests. */
import {
	BindingStoreClosedError,
	isClientId,
	RETIRED_OWNER,
	type ClientBindingStore
} from './client-binding-store';

export class MemoryClientBindingStore implements ClientBindingStore {
	readonly #owners = new Map<number, string>();
	#closed = false;

	async claim(userId: string, clientIds: readonly number[]): Promise<number | null> {
		this.#check();
		for (const id of clientIds) {
			if (!isClientId(id)) throw new RangeError(`Not a client id: ${id}`);
			const owner = this.#owners.get(id);
			if (owner !== undefined && owner !== userId) return id;
		}
		for (const id of clientIds) this.#owners.set(id, userId);
		return null;
	}

	async ownerOf(clientId: number): Promise<string | null> {
		this.#check();
		return this.#owners.get(clientId) ?? null;
	}

	async retire(userId: string): Promise<void> {
		this.#check();
		for (const [id, owner] of this.#owners)
			if (owner === userId) this.#owners.set(id, RETIRED_OWNER);
	}

	async close(): Promise<void> {
		this.#closed = true;
	}

	#check(): void {
		if (this.#closed) throw new BindingStoreClosedError();
	}
}
