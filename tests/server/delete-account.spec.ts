// Deleting an account (DELETE /api/me) against the whole server on a temporary SQLite folder:
// the person's posts leave every community document, live for those connected and at the next
// sync for everyone else; other people's own posts stay; nothing of their words is left in any
// file of the data folder; their tokens, journal and identity are gone.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { newRootSecret } from '../../src/lib/domain/identity/root-secret';
import { monthOfTime } from '../../src/lib/domain/community/community-months';
import { readCommunity } from '../../src/lib/sync/community.codec';
import {
	signInPerson,
	startAssembledServer,
	type AssembledTestServer,
	type TestPerson
} from '../support/assembled-server';
import { callApi, errorOf, isRecord } from '../support/api-call';
import { now, putThread, reactionRecord, replyRecord } from '../support/community-records';
import { onDocUpdate, RawClient, until } from '../support/sync-clients';

/** Words only the deleted person wrote, looked for in every byte the server keeps. */
const THEIR_WORDS = [
	'wrenfeather',
	'quillonian',
	'zephyrine',
	'marrowgold',
	'lanternmoth',
	'hollowbright'
];
const MONTH = monthOfTime(Date.now());
const ANXIETY = `community:anxiety:${MONTH}`;
const EARLIER = `community:anxiety:2020-01`;
const GRIEF = `community:grief-and-loss:${MONTH}`;

let server: AssembledTestServer;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
	server = await startAssembledServer();
});

afterAll(async () => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	await server.close();
});

interface Device {
	doc: Y.Doc;
	closes: number[];
	provider: WebsocketProvider;
}

async function device(person: TestPerson, room: string): Promise<Device> {
	const doc = new Y.Doc();
	const closes: number[] = [];
	const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, room, doc, {
		// ws implements the DOM WebSocket interface the provider uses, not its exact type.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: { token: await person.syncToken(room) }
	});
	provider.on('connection-close', (event) => {
		if (event) closes.push(event.code);
	});
	cleanups.push(() => {
		provider.destroy();
		doc.destroy();
	});
	await until(
		() => provider.synced,
		[
			(wake) => {
				provider.on('sync', wake);
				return () => provider.off('sync', wake);
			}
		],
		`a device is synced in ${room}`
	);
	return { doc, closes, provider };
}

const state = (doc: Y.Doc) => readCommunity(doc).state;

function seen(doc: Y.Doc, check: () => boolean, what: string): Promise<void> {
	return until(check, [onDocUpdate(doc)], what);
}

/** Every file under the data folder (the database, its -wal and -shm, the rest), as text. */
async function everyStoredByte(): Promise<string> {
	const entries = await readdir(server.dataDir, { recursive: true, withFileTypes: true });
	const files = entries.filter((entry) => entry.isFile());
	const contents = await Promise.all(
		files.map((file) => readFile(join(file.parentPath, file.name)))
	);
	return contents.map((bytes) => bytes.toString('latin1')).join('\n');
}

async function wordsOnDisk(): Promise<string[]> {
	const stored = (await everyStoredByte()).toLowerCase();
	return THEIR_WORDS.filter((word) => stored.includes(word));
}

/** Asks again until `check` holds (the server stores before it relays, but files lag a little). */
async function eventually<T>(ask: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
	for (let tries = 0; ; tries++) {
		const value = await ask();
		if (check(value) || tries === 100) return value;
		await new Promise((done) => setTimeout(done, 20));
	}
}

function member(doc: Y.Doc, person: TestPerson, name: string): void {
	doc
		.getMap('members')
		.set(person.author, { id: person.author, author: person.author, name, at: now() });
}

describe('DELETE /api/me', () => {
	it('refuses without a session, and without the confirmation', async () => {
		const person = await signInPerson(server.origin, 'Fern');
		const path = '/api/me';
		expect((await callApi(server.origin, 'DELETE', path, undefined, { confirm: 'x' })).status).toBe(
			401
		);
		for (const body of [undefined, {}, { confirm: 'yes' }, { confirm: 'DELETE-EVERYTHING' }]) {
			const answer = await callApi(server.origin, 'DELETE', path, person, body);
			expect(answer.status).toBe(400);
			expect(errorOf(answer)).toMatchObject({ code: 'invalid-body', field: 'confirm' });
		}
		expect((await callApi(server.origin, 'GET', path, person)).status).toBe(200);
	});

	it('removes their posts everywhere, leaves others’ posts, and leaves no trace on disk', async () => {
		const root = newRootSecret();
		const wren = await signInPerson(server.origin, 'Wrenfeather', 'anxiety', root);
		const wrenGrief = await signInPerson(server.origin, 'Wrenfeather', 'grief-and-loss', root);
		const bram = await signInPerson(server.origin, 'Bram');

		// Bram's own thread, which stays; Wren's threads in two months and two communities.
		const bramDevice = await device(bram, ANXIETY);
		const wrenDevice = await device(wren, ANXIETY);
		member(bramDevice.doc, bram, 'Bram here');
		const bramThread = putThread(bramDevice.doc, bram.author, 'Bramble stays');
		const bramOwnReply = replyRecord(bram.author, bramThread.id, 'Bram answers himself');
		bramDevice.doc.getMap('replies').set(bramOwnReply.id, bramOwnReply);
		await seen(wrenDevice.doc, () => state(wrenDevice.doc).threads.has(bramThread.id), 'Wren sees');

		member(wrenDevice.doc, wren, 'Wrenfeather here');
		const wrenThread = putThread(wrenDevice.doc, wren.author, 'Wrenfeather lighthouse', {
			body: 'Quillonian nights are long.'
		});
		const wrenReply = replyRecord(wren.author, bramThread.id, 'Zephyrine, I hear you.');
		wrenDevice.doc.getMap('replies').set(wrenReply.id, wrenReply);
		const wrenReaction = reactionRecord(wren.author, bramThread.id, 'strength');
		wrenDevice.doc.getMap('reactions').set(wrenReaction.id, wrenReaction);
		await seen(bramDevice.doc, () => state(bramDevice.doc).threads.has(wrenThread.id), 'Bram sees');
		// Bram answers Wren's thread and reacts to it: those go with the thread.
		const bramAnswer = replyRecord(bram.author, wrenThread.id, 'Marrowgold mornings help me.');
		bramDevice.doc.getMap('replies').set(bramAnswer.id, bramAnswer);
		const bramReaction = reactionRecord(bram.author, wrenThread.id, 'me-too');
		bramDevice.doc.getMap('reactions').set(bramReaction.id, bramReaction);
		await seen(wrenDevice.doc, () => state(wrenDevice.doc).replies.has(bramAnswer.id), 'answer');

		const earlier = await device(wren, EARLIER);
		member(earlier.doc, wren, 'Wrenfeather here');
		putThread(earlier.doc, wren.author, 'Lanternmoth, years ago');
		const grief = await device(wrenGrief, GRIEF);
		member(grief.doc, wrenGrief, 'Wrenfeather there');
		putThread(grief.doc, wrenGrief.author, 'Hollowbright grief');
		const journal = await device(wren, `journal:${wren.userId}`);
		journal.doc.getText('sealed').insert(0, 'wrenfeather journal words');

		// Everything reached the disk, where the test can see it: so it can see it go.
		expect(await eventually(wordsOnDisk, (found) => found.length === THEIR_WORDS.length)).toEqual(
			THEIR_WORDS
		);

		const keptSyncToken = await wren.syncToken(ANXIETY);
		const answer = await callApi(server.origin, 'DELETE', '/api/me', wren, {
			confirm: 'delete-everything'
		});
		expect(answer.status).toBe(200);
		// Anxiety this month: thread, reply, reaction, member, Bram's answer and reaction (6);
		// earlier month: thread, member (2); grief: thread, member (2).
		expect(answer.body).toEqual({ deleted: { records: 10, rooms: 4 } });

		// Bram, connected, loses Wren's records at once and keeps his own.
		const gone = () => {
			const seenByBram = state(bramDevice.doc);
			return !seenByBram.threads.has(wrenThread.id) && !seenByBram.replies.has(wrenReply.id);
		};
		await seen(bramDevice.doc, gone, 'Wren’s posts leave Bram’s copy');
		const bramNow = state(bramDevice.doc);
		expect([...bramNow.threads.keys()]).toEqual([bramThread.id]);
		expect([...bramNow.replies.keys()]).toEqual([bramOwnReply.id]);
		expect([...bramNow.reactions.keys()]).toEqual([]);
		expect([...bramNow.members.keys()]).toEqual([bram.author]);

		// Wren's own connections were closed: the identity is gone.
		await until(
			() => wrenDevice.closes.includes(4401) && journal.closes.includes(4401),
			[
				(wake) => {
					const timer = setInterval(wake, 20);
					return () => clearInterval(timer);
				}
			],
			'Wren’s connections are closed'
		);

		// Someone joining later gets documents without them.
		const cora = await signInPerson(server.origin, 'Cora');
		for (const room of [ANXIETY, EARLIER]) {
			const later = state((await device(cora, room)).doc);
			expect([...later.threads.values()].map((thread) => thread.author)).not.toContain(wren.author);
			expect(later.members.has(wren.author)).toBe(false);
		}
		const coraGrief = await signInPerson(server.origin, 'Corin', 'grief-and-loss');
		expect(state((await device(coraGrief, GRIEF)).doc).threads.size).toBe(0);

		// Not a word of theirs is left in the database, its write-ahead log or anywhere else.
		expect(await wordsOnDisk()).toEqual([]);

		// Their token opens nothing any more.
		expect((await callApi(server.origin, 'GET', '/api/me', wren)).status).toBe(401);
		const retry = await callApi(server.origin, 'DELETE', '/api/me', wren, {
			confirm: 'delete-everything'
		});
		expect(retry.status).toBe(401);
		const syncToken = await callApi(server.origin, 'POST', '/api/sync-token', wren, {
			room: ANXIETY
		});
		expect(syncToken.status).toBe(401);

		// The same key signs in as a brand-new, empty identity; the old token stays refused.
		const again = await signInPerson(server.origin, 'Wren again', 'anxiety', root);
		expect(again.userId).toBe(wren.userId);
		const me = await callApi(server.origin, 'GET', '/api/me', again);
		expect(me.body).toMatchObject({ displayName: 'Wren again' });
		expect(Array.isArray(me.body.pseudonyms) ? me.body.pseudonyms.filter(isRecord) : []).toEqual([
			expect.objectContaining({ communityId: 'anxiety' })
		]);
		expect((await callApi(server.origin, 'GET', '/api/me', wren)).status).toBe(401);
		expect((await callApi(server.origin, 'GET', '/api/me/notices', again)).body).toEqual({
			notices: []
		});
		// A sync token from before opens nothing, not even for the identity made anew.
		const late = new RawClient(
			new WebSocket(`ws://127.0.0.1:${server.port}/sync/${ANXIETY}?token=${keptSyncToken}`)
		);
		expect((await late.closed).code).toBe(4401);
		// Their journal room is gone: it opens empty.
		const journalAgain = await device(again, `journal:${again.userId}`);
		expect(journalAgain.doc.getText('sealed').toString()).toBe('');
	});
});
