/**
 * Whether the journal's end-to-end encrypted sync runs, and its state for the settings page.
 *
 * It runs when the person turned it on, has an identity (the room is `journal:<userId>`), and the
 * journal is open; it stops, after sending what is pending, when the journal locks or the person
 * turns it off. The sync's code (and Yjs) loads only then.
 */

import type { HearthStorage } from '../storage/open-storage';
import { identity } from './identity.svelte';
import { journal } from './journal.svelte';
import { journalLock } from './journal-lock.svelte';
import type { JournalSync } from './journal-sync.svelte';
import { settings } from './settings.svelte';
import { dataMeter } from './data-meter.svelte';

class JournalSyncSwitch {
	/** The running sync, for its state; null when it is not running. */
	running = $state.raw<JournalSync | null>(null);
	#storage: HearthStorage | null = null;
	#starting: Promise<void> | null = null;

	get on(): boolean {
		return settings.values.journalSync;
	}

	/** Called once the journal opens. */
	attach(storage: HearthStorage): void {
		this.#storage = storage;
		void this.#start();
	}

	/** Called before the journal locks: sends what is pending, then stops. */
	async stop(): Promise<void> {
		await this.#starting;
		const running = this.running;
		this.running = null;
		await running?.stop();
	}

	/** The person turned sync on or off. */
	async set(on: boolean): Promise<void> {
		await settings.set('journalSync', on);
		if (on) await this.#start();
		else await this.stop();
	}

	/** Keys arrived (a link, a backup): read the document again with them. */
	async refresh(): Promise<void> {
		await this.running?.refresh();
	}

	#start(): Promise<void> {
		this.#starting ??= this.#run().finally(() => (this.#starting = null));
		return this.#starting;
	}

	async #run(): Promise<void> {
		const storage = this.#storage;
		if (!this.on || this.running !== null || storage === null) return;
		// The journal's keys, not its status: this runs from the lock's own `opened` step.
		if (!journalLock.hasKeys || !identity.setupComplete) return;
		try {
			await identity.loadKeys();
			const userId = identity.userId;
			if (userId === null) return;
			const [{ documents }, { JournalSync }] = await Promise.all([
				storage.communityStorage(),
				import('./journal-sync.svelte')
			]);
			const sync = new JournalSync({
				journal,
				documents,
				vault: () => journalLock.vault,
				userId,
				device: { id: settings.values.deviceId ?? 'device', name: deviceName() },
				saveAgreement: (secret) => journalLock.setAgreement(secret),
				addKeys: (keys, current) => journalLock.addKeys(keys, current),
				rotateKey: () => journalLock.rotateKey(),
				sessionToken: () => identity.sessionToken(),
				server: { origin: location.origin, WebSocketPolyfill: dataMeter.webSocketClass() }
			});
			this.running = sync;
			await sync.start();
		} catch (e: unknown) {
			console.warn('Journal sync did not start', e);
		}
	}
}

export const journalSyncSwitch = new JournalSyncSwitch();

/** A plain name for this device in the list of linked devices: its kind, nothing personal. */
function deviceName(): string {
	const agent = typeof navigator === 'undefined' ? '' : navigator.userAgent;
	if (/iPhone/.test(agent)) return 'iPhone';
	if (/iPad/.test(agent)) return 'iPad';
	if (/Android/.test(agent)) return /Mobile/.test(agent) ? 'Android phone' : 'Android tablet';
	if (/Windows/.test(agent)) return 'Windows computer';
	if (/Macintosh/.test(agent)) return 'Mac';
	if (/Linux|CrOS/.test(agent)) return 'Computer';
	return 'Device';
}
