/**
 * What every `SettingsRepository` must do. Run by `dexie-settings.repository.spec.ts` and
 * `memory-settings.repository.spec.ts`.
 */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, InvalidSettingError, type Settings } from './settings';
import type { SettingsRepository } from './settings.repository';
import { StorageFullError } from './storage-errors';

export interface SettingsHarness {
	repository: SettingsRepository;
	/** From now on, the device refuses writes to settings as when it is full. */
	fillStorage(): void;
	dispose(): Promise<void>;
}

/** `rows` are stored `{ key, value }` rows, written as they are, bypassing validation. */
export type CreateSettingsHarness = (rows?: readonly unknown[]) => Promise<SettingsHarness>;

export function describeSettingsRepositoryContract(
	name: string,
	createHarness: CreateSettingsHarness
): void {
	describe(`${name} (SettingsRepository contract)`, () => {
		const harnesses: SettingsHarness[] = [];

		async function open(rows?: readonly unknown[]): Promise<SettingsHarness> {
			const harness = await createHarness(rows);
			harnesses.push(harness);
			return harness;
		}

		afterEach(async () => {
			vi.unstubAllGlobals();
			await Promise.all(harnesses.splice(0).map((harness) => harness.dispose()));
		});

		it('gives the defaults when nothing is stored', async () => {
			const { repository } = await open();
			expect(await repository.load()).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
			expect(await repository.get('showPrompts')).toBe(true);
			expect(await repository.get('country')).toBeNull();
		});

		it('keeps what is set, and only that', async () => {
			const { repository } = await open();
			await repository.set('country', 'KE');
			await repository.set('showPrompts', false);
			await repository.set('locale', 'sw-KE');
			expect(await repository.get('country')).toBe('KE');
			const expected: Settings = {
				...DEFAULT_SETTINGS,
				country: 'KE',
				showPrompts: false,
				locale: 'sw-KE'
			};
			expect(await repository.load()).toEqual({ settings: expected, problems: [] });
		});

		it('can set a setting back to null', async () => {
			const { repository } = await open();
			await repository.set('country', 'KE');
			await repository.set('country', null);
			expect(await repository.get('country')).toBeNull();
		});

		it.each<[keyof Settings, string]>([
			['country', 'ke'],
			['country', 'KEN'],
			['country', ''],
			['locale', 'not a tag!'],
			['locale', '']
		])('refuses %s = %j, keeping the value it had', async (key, value) => {
			const { repository } = await open();
			await repository.set('country', 'KE');
			await repository.set('locale', 'en');
			const error: unknown = await repository.set(key, value).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(InvalidSettingError);
			expect(error).toMatchObject({ code: 'invalid-setting', key });
			expect(await repository.get(key)).toBe(key === 'country' ? 'KE' : 'en');
		});

		describe('stored values it cannot use', () => {
			const rows = [
				{ key: 'country', value: 'gb' },
				{ key: 'showPrompts', value: 'yes' },
				{ key: 'persistAsked', value: true },
				{ key: 'locale' },
				{ key: 'theme', value: 'dark' }
			];

			it('fall back to defaults, are reported, and do not stop the rest', async () => {
				const { repository } = await open(rows);
				const { settings, problems } = await repository.load();
				expect(settings).toEqual({ ...DEFAULT_SETTINGS, persistAsked: true });
				expect(problems.map(({ key, reason }) => ({ key, reason }))).toEqual([
					{ key: 'country', reason: 'invalid-value' },
					{ key: 'locale', reason: 'not-a-setting-row' },
					{ key: 'showPrompts', reason: 'invalid-value' },
					{ key: 'theme', reason: 'unknown-key' }
				]);
			});

			it('read as the default through get', async () => {
				const { repository } = await open(rows);
				expect(await repository.get('country')).toBeNull();
				expect(await repository.get('showPrompts')).toBe(true);
				expect(await repository.get('persistAsked')).toBe(true);
			});

			it('are replaced by the next valid set', async () => {
				const { repository } = await open(rows);
				await repository.set('showPrompts', false);
				const { settings, problems } = await repository.load();
				expect(settings.showPrompts).toBe(false);
				expect(problems.map(({ key }) => key)).not.toContain('showPrompts');
			});
		});

		describe('subscribe', () => {
			it('tells listeners every setting after each change, until they unsubscribe', async () => {
				const { repository } = await open();
				const seen: Settings[] = [];
				const unsubscribe = repository.subscribe((settings) => seen.push({ ...settings }));
				await repository.set('country', 'KE');
				unsubscribe();
				await repository.set('country', 'UG');
				expect(seen).toEqual([{ ...DEFAULT_SETTINGS, country: 'KE' }]);
			});

			it('keeps the write and the other listeners when one listener throws', async () => {
				const { repository } = await open();
				const rethrown: unknown[] = [];
				// The failure is rethrown in a microtask for error reporting; catch it there.
				vi.stubGlobal('queueMicrotask', (task: () => void) => {
					try {
						task();
					} catch (e: unknown) {
						rethrown.push(e);
					}
				});
				const failure = new Error('listener bug');
				repository.subscribe(() => {
					throw failure;
				});
				const calls: string[] = [];
				repository.subscribe((settings) => calls.push(String(settings.country)));
				await repository.set('country', 'KE');
				expect(calls).toEqual(['KE']);
				expect(rethrown).toEqual([failure]);
				expect(await repository.get('country')).toBe('KE');
			});
		});

		it('refuses a write on a full device with StorageFullError, keeping the old value', async () => {
			const harness = await open();
			const { repository } = harness;
			await repository.set('country', 'KE');
			const listener = vi.fn();
			repository.subscribe(listener);
			harness.fillStorage();
			const error: unknown = await repository.set('country', 'UG').catch((e: unknown) => e);
			expect(error).toBeInstanceOf(StorageFullError);
			expect(await repository.get('country')).toBe('KE');
			expect(listener).not.toHaveBeenCalled();
		});
	});
}
