/** The subscriber list both settings repositories share, so they notify the same way. */

import type { Settings } from './settings';
import type { SettingsListener } from './settings.repository';

export class SettingsListeners {
	private readonly listeners = new Set<SettingsListener>();

	get size(): number {
		return this.listeners.size;
	}

	add(listener: SettingsListener): () => void {
		// Wrapped, so that subscribing one function twice gives two independent subscriptions.
		const entry: SettingsListener = (settings) => listener(settings);
		this.listeners.add(entry);
		return () => {
			this.listeners.delete(entry);
		};
	}

	notify(settings: Readonly<Settings>): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(settings);
			} catch (e: unknown) {
				// The write has succeeded; one failing listener must neither undo that for the
				// caller nor starve the others. Rethrown outside, so it still reaches error reporting.
				queueMicrotask(() => {
					throw e;
				});
			}
		}
	}
}
