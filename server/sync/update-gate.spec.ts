import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatHlc } from '../../src/lib/domain/journal/hlc';
import { MemoryClientBindingStore } from '../store/memory-client-binding-store';
import { createUpdateGate, RefusedUpdateError, type IsModerator } from './update-gate';

const ALICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';
const THREAD = 'cccccccccccccccccccccccccq';
const NOW = 1_700_000_000_000;
const COMMUNITY = 'community:anxiety:2026-11';
const access = { userId: 'u-alice', author: ALICE, canWrite: true, awareness: true };

function updateBy(client: number, write: (doc: Y.Doc) => void, base = new Y.Doc()): Uint8Array {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
	doc.clientID = client;
	const before = Y.encodeStateVector(doc);
	write(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

const mark = {
	id: THREAD,
	hidden: true,
	by: ALICE,
	at: formatHlc({ wall: NOW, counter: 0, node: 'n' }),
	reason: null
};

function gate(isModerator?: IsModerator) {
	const bindings = new MemoryClientBindingStore();
	return { bindings, gate: createUpdateGate({ bindings, isModerator, now: () => NOW }) };
}

async function refusal(promise: Promise<void>): Promise<string | null> {
	try {
		await promise;
		return null;
	} catch (e: unknown) {
		if (e instanceof RefusedUpdateError) return e.code;
		throw e;
	}
}

describe('the update gate', () => {
	it('binds client ids in a journal room and refuses them to anyone else', async () => {
		const { bindings, gate: g } = gate();
		const room = 'journal:u-alice';
		const doc = new Y.Doc();
		const update = updateBy(77, (d) => d.getMap('entries').set('e', 'ciphertext'));
		await g.admit({ room, doc, update, access });
		expect(await bindings.ownerOf(77)).toBe('u-alice');
		const bob = { ...access, userId: 'u-bob', author: null };
		expect(await refusal(g.admit({ room: 'journal:u-bob', doc, update, access: bob }))).toBe(
			'client-id-taken'
		);
	});

	it('binds nothing for an update it refuses', async () => {
		const { bindings, gate: g } = gate();
		const update = updateBy(5, (d) => d.getMap('secrets').set('k', 1));
		expect(await refusal(g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access }))).toBe(
			'outside-schema'
		);
		expect(await bindings.ownerOf(5)).toBeNull();
	});

	it('asks who moderates, per person and community', async () => {
		const asked: string[] = [];
		const { gate: g } = gate((userId, communityId) => {
			asked.push(`${userId}@${communityId}`);
			return userId === 'u-alice';
		});
		const update = updateBy(6, (d) => d.getMap('marks').set(THREAD, mark));
		await g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access });
		expect(asked).toEqual(['u-alice@anxiety']);
	});

	it('lets no one write marks when no one moderates', async () => {
		const { gate: g } = gate();
		const update = updateBy(6, (d) => d.getMap('marks').set(THREAD, mark));
		expect(await refusal(g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access }))).toBe(
			'moderators-only'
		);
	});

	it('refuses a community write from a connection without a pseudonym', async () => {
		const { gate: g } = gate();
		const update = updateBy(6, (d) => d.getMap('marks').set(THREAD, mark));
		const reader = { ...access, author: null };
		expect(
			await refusal(g.admit({ room: COMMUNITY, doc: new Y.Doc(), update, access: reader }))
		).toBe('not-author');
	});
});
