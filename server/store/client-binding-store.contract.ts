/**
 * What every ClientBindingStore must do. Run by memory-client-binding-store.spec.ts and
 * sqlite-client-binding-store.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
	BindingStoreClosedError,
	RETIRED_OWNER,
	type ClientBindingStore
} from './client-binding-store';

export interface ClientBindingHarness {
	store: ClientBindingStore;
	/** Closes the store and opens it again on the same data, where that means anything. */
	reopen(): Promise<ClientBindingStore>;
	dispose(): Promise<void>;
}

export function describeClientBindingStoreContract(
	name: string,
	create: () => Promise<ClientBindingHarness>
): void {
	describe(`${name} (client binding contract)`, () => {
		let harness: ClientBindingHarness | undefined;
		const open = async () => {
			harness = await create();
			return harness;
		};
		afterEach(async () => {
			await harness?.dispose();
			harness = undefined;
		});

		it('binds client ids at first sight and knows them after', async () => {
			const { store } = await open();
			expect(await store.ownerOf(7)).toBeNull();
			expect(await store.claim('alice', [7, 8])).toBeNull();
			expect(await store.ownerOf(7)).toBe('alice');
			expect(await store.ownerOf(8)).toBe('alice');
			expect(await store.claim('alice', [7, 9])).toBeNull();
			expect(await store.ownerOf(9)).toBe('alice');
		});

		it('retires a deleted person’s ids: still taken, by no one', async () => {
			const { store } = await open();
			await store.claim('alice', [7, 8]);
			await store.claim('bob', [9]);
			await store.retire('alice');
			expect(await store.ownerOf(7)).toBe(RETIRED_OWNER);
			expect(await store.ownerOf(9)).toBe('bob');
			expect(await store.claim('alice', [8])).toBe(8);
			expect(await store.claim('carol', [7])).toBe(7);
		});

		it("refuses a claim on someone else's id and binds nothing from it", async () => {
			const { store } = await open();
			await store.claim('alice', [7]);
			expect(await store.claim('bob', [10, 7, 11])).toBe(7);
			expect(await store.ownerOf(7)).toBe('alice');
			expect(await store.ownerOf(10)).toBeNull();
			expect(await store.ownerOf(11)).toBeNull();
		});

		it('accepts ids up to the largest a JS number holds exactly, and nothing else', async () => {
			const { store } = await open();
			expect(await store.claim('alice', [0, 2 ** 32, Number.MAX_SAFE_INTEGER])).toBeNull();
			expect(await store.ownerOf(Number.MAX_SAFE_INTEGER)).toBe('alice');
			await expect(store.claim('alice', [-1])).rejects.toThrow(RangeError);
			await expect(store.claim('alice', [1.5])).rejects.toThrow(RangeError);
		});

		it('keeps bindings across a reopen', async () => {
			const first = await open();
			await first.store.claim('alice', [42]);
			const store = await first.reopen();
			expect(await store.ownerOf(42)).toBe('alice');
			expect(await store.claim('bob', [42])).toBe(42);
		});

		it('refuses use after close', async () => {
			const { store } = await open();
			await store.close();
			await expect(store.claim('alice', [1])).rejects.toThrow(BindingStoreClosedError);
			await expect(store.ownerOf(1)).rejects.toThrow(BindingStoreClosedError);
		});
	});
}
