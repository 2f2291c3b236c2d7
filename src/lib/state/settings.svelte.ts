/**
 * The person's local settings, reactive. Stored on this device only, never sent anywhere.
 */
import type { SettingsRepository } from '../storage/settings.repository';
import { DEFAULT_SETTINGS, type Settings } from '../storage/settings';
import { reportStorageError } from './storage-health.svelte';

class SettingsState {
	values = $state<Settings>({ ...DEFAULT_SETTINGS });
	loaded = $state(false);
	#repo: SettingsRepository | null = null;

	async attach(repo: SettingsRepository): Promise<void> {
		this.#repo = repo;
		try {
			const { settings, problems } = await repo.load();
			// A damaged setting falls back to its default; the rest of the app carries on.
			if (problems.length) console.warn('Some settings could not be read', problems);
			this.values = settings;
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
