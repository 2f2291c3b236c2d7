/**
 * The person's local settings, reactive. Stored on this device only, never sent anywhere.
 */
import type { Settings, SettingsRepository } from '../storage/settings.repository';
import { DEFAULT_SETTINGS } from '../storage/settings.repository';
import { reportStorageError } from './storage-health.svelte';

class SettingsState {
	values = $state<Settings>({ ...DEFAULT_SETTINGS });
	loaded = $state(false);
	#repo: SettingsRepository | null = null;

	async attach(repo: SettingsRepository): Promise<void> {
		this.#repo = repo;
		try {
			this.values = await repo.load();
		} catch (e: unknown) {
			reportStorageError(e);
		}
		this.loaded = true;
	}

	async set<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
		this.values[key] = value;
		try {
			await this.#repo?.set(key, value);
		} catch (e: unknown) {
			reportStorageError(e);
		}
	}
}

export const settings = new SettingsState();
