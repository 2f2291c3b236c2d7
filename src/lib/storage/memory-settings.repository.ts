/** Settings held in memory: the twin of `DexieSettingsRepository`, passing the same contract. */

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

export interface MemorySettingsOptions {
	/** Stored `{ key, value }` rows to start from, as if read from disk: values are not checked,
	 * so tests can plant bad ones. */
	rows?: Iterable<unknown>;
	/** Called before each write; a throw refuses it as a failing device would. */
	beforeWrite?: () => void;
}

export class MemorySettingsRepository implements SettingsRepository {
	private readonly listeners = new SettingsListeners();
	/** Rows by key, as the real table keeps them: the value part may be anything. */
	private readonly rows = new Map<string, unknown>();
	private readonly beforeWrite: () => void;

	constructor(options: MemorySettingsOptions = {}) {
		for (const row of options.rows ?? []) {
			const key: unknown = typeof row === 'object' && row !== null && 'key' in row ? row.key : null;
			// The real table cannot hold a row without a key either.
			if (typeof key !== 'string') throw new TypeError('A settings row needs a string key');
			this.rows.set(key, structuredClone(row));
		}
		this.beforeWrite = options.beforeWrite ?? (() => {});
	}

	async load(): Promise<LoadedSettings> {
		return readSettings(this.sortedRows());
	}

	async get<K extends SettingKey>(key: K): Promise<Settings[K]> {
		const row = this.rows.get(key);
		return readSettings(row === undefined ? [] : [row]).settings[key];
	}

	async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<void> {
		const checked = parseSetting(key, value);
		await guardWrite(async () => {
			this.beforeWrite();
			this.rows.set(key, { key, value: checked });
		});
		if (this.listeners.size > 0) this.listeners.notify((await this.load()).settings);
	}

	subscribe(listener: SettingsListener): () => void {
		return this.listeners.add(listener);
	}

	/** IndexedDB hands rows back in key order; string keys sort as a plain sort does. */
	private sortedRows(): unknown[] {
		return [...this.rows.entries()]
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([, row]) => structuredClone(row));
	}
}
