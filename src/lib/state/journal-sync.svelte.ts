/**
 * The journal's end-to-end encrypted sync with the person's other linked devices, reactive.
 *
 * Runs only when the person turned it on, and only while the journal is open: the journal's
 * document (`journal:<userId>`, see `sync/journal.codec.ts`) holds sealed records only, so the
 * server stores and relays ciphertext, yet merges it with the ordinary Yjs protocol. The document
 * is kept on the device too (`persistDoc`), so what arrived while the journal was locked is
 * folded in at the next unlock, and what was written offline goes out by itself.
 *
 * One queue runs every step (send this device's changes, fold the document's in), so a fold
 * never reads a half-sent change. An entry changed here and not yet sent is left out of a fold.
 */

import type * as Y from 'yjs';
import type { OpenVault } from '../domain/journal-crypto/vault';
import type { JournalEntry } from '../domain/journal/entry';
import type { DocumentRepository } from '../storage/document.repository';
import type { DocPersistence } from '../storage/persist-doc';
import type { JournalDocCodec } from '../sync/journal.codec';
import type { JournalDevicesCodec, LinkedDevice } from '../sync/journal-devices.codec';

type AgreementPublic = Pick<
	typeof import('../domain/journal-crypto/device-grant'),
	'newAgreementKeyPair' | 'agreementPublicKey'
>;
import type { SyncConnection, SyncState } from '../sync/sync-connection';
import type { SyncEnvironment } from '../sync/sync-environment';
import type { JournalChange, JournalState } from './journal.svelte';
import { UNDO_WINDOW_MS } from './journal.svelte';

async function loadEngine() {
	const [Y, codec, devices, agreement, persist, connection, grant] = await Promise.all([
		import('yjs'),
		import('../sync/journal.codec'),
		import('../sync/journal-devices.codec'),
		import('../domain/journal-crypto/device-grant'),
		import('../storage/persist-doc'),
		import('../sync/sync-connection'),
		import('../sync/sync-grant')
	]);
	return { Y, codec, devices, agreement, persist, connection, grant };
}

export interface JournalSyncOptions {
	journal: JournalState;
	documents: DocumentRepository;
	/** The open vault's keys: read at each seal, so a rotated key is used at once. */
	vault: () => OpenVault;
	userId: string;
	/** This device's random id (never the person's identity) and a plain name for the list. */
	device: { id: string; name: string };
	/** Keeps this device's key-grant secret in the vault. */
	saveAgreement: (secret: Uint8Array) => Promise<void>;
	/** Keys granted to this device join the vault; `current` becomes the key to seal with. */
	addKeys: (keys: ReadonlyMap<string, Uint8Array>, current: string) => Promise<void>;
	/** A fresh current key, for unlinking a device. */
	rotateKey: () => Promise<OpenVault>;
	sessionToken: () => Promise<string>;
	/** Where the server is; null keeps the document on the device only (tests of the fold). */
	server: {
		origin: string;
		fetch?: typeof fetch;
		WebSocketPolyfill?: typeof WebSocket;
		environment?: SyncEnvironment;
	} | null;
	now?: () => number;
}

const LOCAL = { journalSync: 'local' };

export class JournalSync {
	/** The connection's state, for the sync indicator; null before it connects. */
	state = $state<SyncState | null>(null);
	/** Records this device cannot open (yet): a key it lacks, or damage. */
	unreadable = $state(0);
	/** The person's linked devices, this one included, oldest first. */
	devices = $state.raw<LinkedDevice[]>([]);
	/** Another device unlinked this one: it sends nothing more. */
	unlinked = $state(false);
	#options: JournalSyncOptions;
	#now: () => number;
	#doc: Y.Doc | null = null;
	#codec: JournalDocCodec | null = null;
	#devices: JournalDevicesCodec | null = null;
	#agreement: AgreementPublic | null = null;
	#foldRemote: ((local: JournalEntry | undefined, remote: JournalEntry) => JournalEntry) | null =
		null;
	#persistence: DocPersistence | null = null;
	#connection: SyncConnection | null = null;
	#queue: Promise<void> = Promise.resolve();
	// Entries changed here whose change is not in the document yet (a short list: a few at most).
	#unsent: string[] = [];
	#stops: (() => void)[] = [];
	#stopped = false;

	constructor(options: JournalSyncOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	/** Loads the document, exchanges with the journal, then connects. */
	async start(): Promise<void> {
		const engine = await loadEngine();
		if (this.#stopped) return;
		const room = `journal:${this.#options.userId}`;
		const doc = new engine.Y.Doc();
		const persistence = engine.persist.persistDoc(doc, room, this.#options.documents);
		this.#doc = doc;
		this.#persistence = persistence;
		await persistence.whenLoaded;
		this.#codec = new engine.codec.JournalDocCodec(doc, () => this.#options.vault());
		this.#devices = new engine.devices.JournalDevicesCodec(doc, () => this.#options.vault());
		this.#foldRemote = engine.codec.foldRemote;
		this.#agreement = engine.agreement;
		// What this device holds goes in first, then the document's is folded in.
		this.#enqueue(() => this.#announce());
		this.#enqueue(() => this.#sendAll());
		this.#enqueue(() => this.#fold());
		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin !== LOCAL) this.#enqueue(() => this.#fold());
		};
		doc.on('update', onUpdate);
		this.#stops.push(() => doc.off('update', onUpdate));
		this.#stops.push(this.#options.journal.onChange((change) => this.#changed(change)));
		await this.#queue;
		const server = this.#options.server;
		if (server === null || this.#stopped) return;
		const fetchGrant = engine.grant.createSyncGrantFetcher({
			origin: server.origin,
			session: () => this.#session,
			...(server.fetch ? { fetch: server.fetch } : {})
		});
		const connection = engine.connection.createSyncConnection({
			doc,
			room,
			serverUrl: `${server.origin.replace(/^http/, 'ws')}/sync`,
			getToken: async (name) => {
				this.#session = await this.#options.sessionToken();
				return fetchGrant(name);
			},
			...(server.WebSocketPolyfill ? { WebSocketPolyfill: server.WebSocketPolyfill } : {}),
			...(server.environment ? { environment: server.environment } : {})
		});
		this.#connection = connection;
		this.#stops.push(connection.subscribe((state) => (this.state = state)));
	}

	#session: string | null = null;

	/** The journal's document while running (tests join two devices' documents through it). */
	get document(): Y.Doc | null {
		return this.#doc;
	}

	/** Reads the document again: keys arrived (a link, a rotation) that may open more of it. */
	refresh(): Promise<void> {
		if (this.#codec !== null) this.#enqueue(() => this.#fold());
		return this.#queue;
	}

	/** Resolves when every step queued so far has run (tests, and before locking). */
	settled(): Promise<void> {
		return this.#queue;
	}

	/** Sends what is pending, then stops: the journal is locking or sync was turned off. */
	async stop(): Promise<void> {
		this.#stopped = true;
		await this.#queue;
		for (const stop of this.#stops.splice(0)) stop();
		this.#connection?.destroy();
		await this.#persistence?.flush();
		this.#persistence?.destroy();
		this.#doc?.destroy();
		this.#connection = null;
		this.#doc = null;
	}

	/**
	 * Unlinks a lost or given-away device: a new journal key, granted to every other listed
	 * device, so the unlinked one can read nothing written from now on.
	 */
	async unlink(deviceId: string): Promise<void> {
		if (deviceId === this.#options.device.id) throw new Error('This device cannot unlink itself.');
		let failure: unknown = null;
		this.#enqueue(async () => {
			try {
				const devices = this.#requireDevices();
				const recipients = (await devices.list()).filter(
					(device) => device.id !== deviceId && device.id !== this.#options.device.id
				);
				const vault = await this.#options.rotateKey();
				const key = vault.rawKeys.get(vault.current);
				if (key === undefined) throw new Error('The new key is missing.');
				await devices.unlink(
					deviceId,
					{ keyId: vault.current, key },
					recipients,
					this.#now(),
					LOCAL
				);
				this.devices = await devices.list();
			} catch (e: unknown) {
				failure = e;
			}
		});
		await this.#queue;
		if (failure !== null) throw failure;
	}

	#changed(change: JournalChange): void {
		if (this.#stopped || this.unlinked) return;
		const id = change.kind === 'written' ? change.entry.id : change.id;
		this.#unsent.push(id);
		this.#enqueue(async () => {
			const codec = this.#requireCodec();
			if (change.kind === 'written') await codec.write(change.entry, LOCAL);
			else await codec.purge(change.id, this.#now(), LOCAL);
			const at = this.#unsent.indexOf(id);
			if (at !== -1) this.#unsent.splice(at, 1);
		});
	}

	/** Lists this device, with the public key grants are sealed to (made once, kept locked). */
	async #announce(): Promise<void> {
		const devices = this.#requireDevices();
		const agreement = this.#agreement;
		if (agreement === null) return;
		if (devices.isRevoked(this.#options.device.id)) {
			this.unlinked = true;
			return;
		}
		let secret = this.#options.vault().agreement;
		if (secret === null) {
			secret = agreement.newAgreementKeyPair().secretKey;
			await this.#options.saveAgreement(secret);
		}
		await devices.announce(
			{
				id: this.#options.device.id,
				name: this.#options.device.name,
				publicKey: agreement.agreementPublicKey(secret),
				addedAt: this.#now()
			},
			LOCAL
		);
		this.devices = await devices.list();
	}

	/** Takes keys granted to this device (after another one was unlinked). */
	async #takeGrants(): Promise<boolean> {
		const devices = this.#requireDevices();
		const secret = this.#options.vault().agreement;
		if (secret === null) return false;
		const fresh = await devices.freshKeys(
			this.#options.device.id,
			secret,
			this.#options.vault().rawKeys
		);
		if (fresh === null) return false;
		await this.#options.addKeys(fresh.keys, fresh.current);
		return true;
	}

	async #sendAll(): Promise<void> {
		if (this.unlinked) return;
		const codec = this.#requireCodec();
		for (const entry of this.#options.journal.allEntries()) await codec.write(entry, LOCAL);
	}

	async #fold(): Promise<void> {
		const codec = this.#requireCodec();
		const fold = this.#foldRemote;
		if (fold === null) return;
		const devices = this.#requireDevices();
		if (devices.isRevoked(this.#options.device.id)) this.unlinked = true;
		await this.#takeGrants();
		this.devices = await devices.list();
		const { entries, purged, unreadable } = await codec.read();
		this.unreadable = unreadable.length;
		const expired = this.#now() - UNDO_WINDOW_MS;
		const live: JournalEntry[] = [];
		for (const entry of entries) {
			// Deleted long ago and already removed here: finish removing it everywhere.
			if (
				!this.#options.journal.holds(entry.id) &&
				entry.deletedAt !== null &&
				entry.deletedAt < expired
			) {
				await codec.purge(entry.id, this.#now(), LOCAL);
			} else {
				live.push(entry);
			}
		}
		await this.#options.journal.applyRemote(live, purged, fold, (id) => this.#unsent.includes(id));
	}

	#enqueue(step: () => Promise<void>): void {
		this.#queue = this.#queue.then(step).catch((e: unknown) => {
			// A failed step (a full device, a record that will not seal) must not stop the queue;
			// the next change or fold tries again.
			console.warn('Journal sync step failed', e);
		});
	}

	#requireDevices(): JournalDevicesCodec {
		if (this.#devices === null) throw new Error('The journal sync has not started.');
		return this.#devices;
	}

	#requireCodec(): JournalDocCodec {
		if (this.#codec === null) throw new Error('The journal sync has not started.');
		return this.#codec;
	}
}
