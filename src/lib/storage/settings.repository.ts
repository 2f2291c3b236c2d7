/**
 * Where this device's settings live. Implementations: `DexieSettingsRepository` and
 * `MemorySettingsRepository`; both pass `settings-repository.contract.ts`.
 */

import type { LoadedSettings, SettingKey, Settings } from './settings';

export type SettingsListener = (settings: Readonly<Settings>) => void;

export interface SettingsRepository {
	/** Every setting, defaults where nothing valid is stored; bad rows are reported, not thrown. */
	load(): Promise<LoadedSettings>;
	/** One setting, or its default when nothing valid is stored. */
	get<K extends SettingKey>(key: K): Promise<Settings[K]>;
	/** Throws `InvalidSettingError` for a value the rules refuse, `StorageFullError` when the
	 * device refuses the write. */
	set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void>;
	/**
	 * Calls `listener` with all settings after each change made through this repository (not
	 * changes made in other tabs). Returns the function that unsubscribes.
	 */
	subscribe(listener: SettingsListener): () => void;
}
