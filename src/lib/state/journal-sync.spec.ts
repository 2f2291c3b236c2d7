import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
	createVault,
	withAgreement,
	withKeys,
	withRotatedKey,
	type OpenVault
} from '../domain/journal-crypto/vault';
import { MemoryDocumentRepository } from '../storage/memory-document.repository';
import { MemoryJournalRepository } from '../storage/memory-journal.repository';
import { JournalState, UNDO_WINDOW_MS } from './journal.svelte';
import { JournalSync } from './journal-sync.svelte';

interface Device {
	journal: JournalState;
	sync: JournalSync;
	documents: MemoryDocumentRepository;
	repo: MemoryJournalRepository;
}

const running: Device[] = [];

afterEach(async () => {
	await Promise.all(running.splice(0).map((device) => device.sync.stop()));
});

async function device(
	name: string,
	initial: () => OpenVault,
	documents = new MemoryDocumentRepository(),
	repo = new MemoryJournalRepository(),
	now?: () => number
): Promise<Device> {
	const journal = new JournalState();
	await journal.attach(repo, name);
	// The device's own vault: starts as given, then keeps what the sync saves into it.
	let own: OpenVault | null = null;
	const vault = () => own ?? initial();
	const sync = new JournalSync({
		journal,
		documents,
		vault,
		userId: 'person',
		device: { id: name, name: `Phone ${name}` },
		saveAgreement: async (secret) => {
			own = await withAgreement(vault(), secret);
		},
		addKeys: async (keys, current) => {
			own = await withKeys(vault(), keys, current);
		},
		rotateKey: async () => {
			own = await withRotatedKey(vault());
			return own;
		},
		sessionToken: async () => 'unused',
		server: null,
		...(now ? { now } : {})
	});
	const made = { journal, sync, documents, repo };
	running.push(made);
	return made;
}

/** Joins two devices' documents as a server would: every update reaches the other side. */
function link(a: Device, b: Device): () => void {
	const docA = a.sync.document;
	const docB = b.sync.document;
	if (docA === null || docB === null) throw new Error('start both first');
	Y.applyUpdate(docB, Y.encodeStateAsUpdate(docA), 'server');
	Y.applyUpdate(docA, Y.encodeStateAsUpdate(docB), 'server');
	const toB = (update: Uint8Array, origin: unknown) => {
		if (origin !== 'server') Y.applyUpdate(docB, update, 'server');
	};
	const toA = (update: Uint8Array, origin: unknown) => {
		if (origin !== 'server') Y.applyUpdate(docA, update, 'server');
	};
	docA.on('update', toB);
	docB.on('update', toA);
	return () => {
		docA.off('update', toB);
		docB.off('update', toA);
	};
}

/** Joins a device's document to a shared one, as the server relays between devices. */
function join(server: Y.Doc, d: Device): void {
	const doc = d.sync.document;
	if (doc === null) throw new Error('start it first');
	Y.applyUpdate(server, Y.encodeStateAsUpdate(doc), d);
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), 'server');
	doc.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== 'server') Y.applyUpdate(server, update, d);
	});
	server.on('update', (update: Uint8Array, origin: unknown) => {
		if (origin !== d) Y.applyUpdate(doc, update, 'server');
	});
}

async function settle(...devices: Device[]): Promise<void> {
	for (let round = 0; round < 3; round++) {
		await Promise.all(devices.map((d) => d.sync.settled()));
	}
}

async function write(d: Device, text: string, id?: string): Promise<string> {
	const editor = d.journal.edit(id);
	editor.draft.text = text;
	editor.changed();
	await editor.flush();
	if (editor.entryId === undefined) throw new Error('not saved');
	return editor.entryId;
}

const texts = (d: Device) => d.journal.views.map((view) => view.text).sort();

describe('JournalSync', () => {
	it('carries entries between two devices, the document holding ciphertext only', async () => {
		const vault = await createVault();
		const a = await device('phone-a', () => vault);
		await write(a, 'Walked by the river before work');
		await a.sync.start();
		const b = await device('phone-b', () => vault);
		await b.sync.start();
		link(a, b);
		await settle(a, b);
		expect(texts(b)).toEqual(['Walked by the river before work']);
		await write(b, 'Slept better tonight');
		await settle(a, b);
		expect(texts(a)).toEqual(['Slept better tonight', 'Walked by the river before work']);
		const bytes = new TextDecoder().decode(Y.encodeStateAsUpdate(a.sync.document ?? new Y.Doc()));
		for (const secret of ['river', 'Slept', 'tonight', 'mood', 'tags']) {
			expect(bytes).not.toContain(secret);
		}
	});

	it('keeps both versions of an entry edited on two devices while apart', async () => {
		const vault = await createVault();
		const a = await device('phone-a', () => vault);
		const b = await device('phone-b', () => vault);
		await a.sync.start();
		await b.sync.start();
		const unlink = link(a, b);
		const id = await write(a, 'First words');
		await settle(a, b);
		unlink();
		await write(a, 'Edited on the first phone', id);
		await new Promise((resolve) => setTimeout(resolve, 5));
		await write(b, 'Edited on the second phone', id);
		link(a, b);
		await settle(a, b);
		for (const d of [a, b]) {
			const view = d.journal.get(id);
			expect(view?.text).toBe('Edited on the second phone');
			expect(view?.otherVersions.map((version) => version.text)).toEqual([
				'Edited on the first phone'
			]);
		}
	});

	it('deletes on every device, then removes the words from the document', async () => {
		const vault = await createVault();
		const a = await device('phone-a', () => vault);
		const b = await device('phone-b', () => vault);
		await a.sync.start();
		await b.sync.start();
		link(a, b);
		const id = await write(a, 'Something to let go of');
		await settle(a, b);
		await a.journal.delete(id);
		await settle(a, b);
		expect(b.journal.get(id)).toBeUndefined();
		await a.journal.undoDelete(id);
		await settle(a, b);
		expect(b.journal.get(id)?.text).toBe('Something to let go of');
	});

	it('finishes removing an entry deleted long ago, on every device and in the document', async () => {
		const vault = await createVault();
		const a = await device('phone-a', () => vault);
		await a.sync.start();
		const id = await write(a, 'Old words');
		await a.journal.delete(id);
		await settle(a);
		// A phone that never held the entry opens the document long after the undo window.
		const later = Date.now() + 2 * UNDO_WINDOW_MS;
		const b = await device(
			'phone-b',
			() => vault,
			new MemoryDocumentRepository(),
			undefined,
			() => later
		);
		await b.sync.start();
		link(a, b);
		await settle(a, b);
		const keys = [...(a.sync.document?.getMap('journal').keys() ?? [])];
		expect(keys).toEqual([`x/${id}`]);
		expect(a.journal.allEntries()).toEqual([]);
		expect(b.journal.allEntries()).toEqual([]);
	});

	it('unlinking a device rotates the key: the others read on, the unlinked one reads nothing new', async () => {
		const vault = await createVault();
		const server = new Y.Doc();
		const [a, b, c] = await Promise.all(
			['phone-a', 'phone-b', 'phone-c'].map((name) => device(name, () => vault))
		);
		for (const d of [a, b, c]) {
			if (d === undefined) throw new Error('three devices');
			await d.sync.start();
			join(server, d);
		}
		if (a === undefined || b === undefined || c === undefined) throw new Error('three devices');
		await settle(a, b, c);
		await write(a, 'Before the phone was lost');
		await settle(a, b, c);
		expect(texts(b)).toEqual(['Before the phone was lost']);
		expect(a.sync.devices.map((d) => d.name)).toEqual([
			'Phone phone-a',
			'Phone phone-b',
			'Phone phone-c'
		]);

		await a.sync.unlink('phone-b');
		await settle(a, b, c);
		expect(a.sync.devices.map((d) => d.id)).toEqual(['phone-a', 'phone-c']);
		expect(b.sync.unlinked).toBe(true);
		await write(a, 'Written after unlinking');
		await write(c, 'Also after, from the third phone');
		await settle(a, b, c);
		expect(texts(c)).toEqual([
			'Also after, from the third phone',
			'Before the phone was lost',
			'Written after unlinking'
		]);
		expect(texts(b)).toEqual(['Before the phone was lost']);
		expect(b.sync.unreadable).toBeGreaterThanOrEqual(2);
	});

	it('sends what was written while locked away, from the document kept on the device', async () => {
		const vault = await createVault();
		const documents = new MemoryDocumentRepository();
		const repo = new MemoryJournalRepository();
		const a = await device('phone-a', () => vault, documents, repo);
		await a.sync.start();
		await write(a, 'Before locking');
		await a.sync.stop();
		running.splice(running.indexOf(a), 1);
		const again = await device('phone-a', () => vault, documents, repo);
		await again.sync.start();
		const b = await device('phone-b', () => vault);
		await b.sync.start();
		link(again, b);
		await settle(again, b);
		expect(texts(b)).toEqual(['Before locking']);
	});
});
