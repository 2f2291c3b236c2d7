/** Settings in IndexedDB: one `{ key, value }` row per setting in the `settings` table. */

import type { HearthDatabase } from './db';
import { guardWrite } from './guard-write';
import {
	parseSetting,
	readSettings,
	type LoadedSettings,
	type SettingKey,
	type Settings
} from './settings';
import { SettingsListeners } from './settings-listeners';
import type { SettingsListener, SettingsRepository } from './settings.repository';

export class DexieSettingsRepository implements SettingsRepository {
	private readonly listeners = new SettingsListeners();

	constructor(private readonly db: HearthDatabase) {}

	async load(): Promise<LoadedSettings> {
		const rows: readonly unknown[] = await this.db.settings.toArray();
		return readSettings(rows);
	}

	async get<K extends SettingKey>(key: K): Promise<Settings[K]> {
		const row: unknown = await this.db.settings.get(key);
		return readSettings(row === undefined ? [] : [row]).settings[key];
	}

	async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
		const checked = parseSetting(key, value);
		await guardWrite(() => this.db.settings.put({ key, value: checked }));
		if (this.listeners.size > 0) this.listeners.notify((await this.load()).settings);
	}

	subscribe(listener: SettingsListener): () => void {
		return this.listeners.add(listener);
	}
}
