/**
 * Catch-up sync: what a device pays on the wire to come back after a week away.
 *
 * A whole Hearth server (as `npm start` assembles it, in a temporary folder) and people signed in
 * the way devices do. Twelve writers, each on Hearth's own sync client, start a community; one
 * more device joins it through a counting TCP proxy, then goes offline keeping its document.
 * While it is away the writers post 200 threads and 1,000 replies, one post at a time, as people
 * do. The device comes back and catches up: the bytes both ways at the TCP level (upgrade, frame
 * headers and per-message deflate included), and its WebSocket payloads. Then it writes 20 posts
 * offline and comes back again: the upload.
 *
 * Judged beside the gzip of the new text alone (the floor) and a plain JSON API's gzipped answer
 * with the same records (baselines.ts); the targets are the issue's: at most 1.3× the floor, and
 * no more than the JSON answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as Y from 'yjs';
import { assembleServer } from '../server/assemble-server';
import { DEFAULT_COMMUNITIES_FILE } from '../server/api/communities';
import { silentLogger } from '../server/logger';
import { PER_MESSAGE_DEFLATE } from '../server/sync/deflate-options';
import { communityRoom, monthOfTime } from '../src/lib/domain/community/community-months';
import {
	MEMBERS_MAP,
	REPLIES_MAP,
	THREADS_MAP
} from '../src/lib/domain/community/community-document';
import { signInPerson } from '../tests/support/assembled-server';
import { onDocUpdate, until } from '../tests/support/sync-clients';
import { kb, type BenchSection, type BenchTarget } from './bench-section';
import { gzipFloorBytes, jsonApiGzipBytes, postTexts } from './catch-up/baselines';
import { breakDown, WINDOWS } from './catch-up/byte-breakdown';
import { planWeek, threadIds, type Post, type Writer } from './catch-up/community-week';
import { startCountingProxy, type LinkBytes } from './catch-up/counting-proxy';
import { nodeDevice, type NodeDevice } from './catch-up/node-device';
import { forumText } from './fixtures/forum-text';
import { seededId, seededRandom } from './fixtures/seeded-text';

const COMMUNITY = 'anxiety';
const WRITERS = [
	...['Amara', 'Ben', 'Chidi', 'Dara', 'Esi', 'Femi'],
	...['Gita', 'Hana', 'Ilse', 'Jomo', 'Kofi', 'Lena']
];
/** The device that goes away and catches up, and one that stays online all week. */
const AWAY = 'Nia';
const ONLINE = 'Ola';
const EARLIER = { threads: 30, replies: 120 };
const WEEK = { threads: 200, replies: 1_000 };
const OFFLINE = { threads: 8, replies: 12 };
const TARGET_FLOOR_RATIO = 1.3;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Every wait ends by itself: a stuck sync is reported, not waited on forever. */
const WAIT_MS = 60_000;
/** Time for the last small frames (presence, a closing step 2) to cross after a sync settles. */
const QUIET_MS = 300;

export const catchUpSection: BenchSection = async ({ buildDir, root }) => {
	const random = seededRandom(20_261_126);
	const text = forumText(root, random);
	const dataDir = await mkdtemp(join(tmpdir(), 'hearth-catch-up-'));
	const server = await assembleServer({
		buildDir,
		dataDir,
		communitiesFile: DEFAULT_COMMUNITIES_FILE,
		log: silentLogger,
		buildPollMs: 0
	});
	const listening = await server.listen(0, '127.0.0.1');
	const origin = `http://127.0.0.1:${listening.port}`;
	const proxy = await startCountingProxy(listening.port);
	const liveProxy = await startCountingProxy(listening.port);
	const devices: NodeDevice[] = [];
	try {
		// The week sits inside the current month: a community is one document per month.
		const now = Date.now();
		const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
		const room = communityRoom(COMMUNITY, monthOfTime(now));
		const to = now - 60_000;
		const from = Math.max(monthStart, to - 8 * DAY_MS);
		const weekFrom = from + (to - from) / 8;

		const people = await Promise.all(
			[...WRITERS, AWAY, ONLINE].map(async (name) => {
				const person = await signInPerson(origin, name, COMMUNITY);
				const writer: Writer = { author: person.author, name, node: seededId(random).slice(0, 12) };
				return { session: person.session, writer };
			})
		);
		const away = people.find((person) => person.writer.name === AWAY);
		const online = people.find((person) => person.writer.name === ONLINE);
		if (!away || !online) throw new Error('No one to catch up.');
		const posters = people.filter((person) => WRITERS.includes(person.writer.name));
		const writers = posters.map((person) => person.writer);

		const writerDevices = posters.map((person) =>
			nodeDevice({ port: listening.port, origin, session: person.session, room, count: false })
		);
		devices.push(...writerDevices);
		await Promise.all(writerDevices.map((d) => d.settled(() => true, 'a writer syncs', WAIT_MS)));
		const membersWritten = new Set<number>();
		const publish = async (posts: readonly Post[]) => {
			await writeAll(posts, writers, writerDevices, membersWritten);
			await Promise.all(
				writerDevices.map((d) => d.settled(() => true, 'the server stores the posts', WAIT_MS))
			);
		};

		// The community as the device knew it before it went away.
		const earlier = planWeek({ writers, ...EARLIER, from, to: weekFrom, random, text });
		await publish(earlier);
		const device = nodeDevice({
			port: proxy.port,
			origin,
			session: away.session,
			room
		});
		const live = nodeDevice({ port: liveProxy.port, origin, session: online.session, room });
		devices.push(device, live);
		await device.settled(
			() => recordCount(device.doc) === earlier.length,
			'the device joins',
			WAIT_MS
		);
		await live.settled(() => recordCount(live.doc) === earlier.length, 'one stays online', WAIT_MS);
		await quiet();
		const joined = last(proxy.links);
		device.connection.pause();
		const liveBefore = last(liveProxy.links);
		live.resetPayloads();

		// A week away.
		const week = planWeek({
			writers,
			...WEEK,
			from: weekFrom,
			to,
			earlierThreads: threadIds(earlier),
			random,
			text
		});
		await publish(week);
		const expected = earlier.length + week.length;
		await live.settled(() => recordCount(live.doc) === expected, 'online all week', WAIT_MS);
		await quiet();
		const liveAfter = last(liveProxy.links);
		const liveWeek = { down: liveAfter.down - liveBefore.down, up: liveAfter.up - liveBefore.up };
		const livePayload = { sent: live.payloads.sent, received: live.payloads.received };

		device.resetPayloads();
		const catchUpStarted = Date.now();
		device.connection.resume();
		await device.settled(
			() => recordCount(device.doc) === expected,
			'the device catches up',
			WAIT_MS
		);
		const catchUpMs = Date.now() - catchUpStarted;
		await quiet();
		const catchUp = last(proxy.links);
		const catchUpPayload = { ...device.payloads };
		device.connection.pause();

		// Twenty posts written offline, then sent.
		const offline = planWeek({
			writers: [away.writer],
			...OFFLINE,
			from: to - 50 * 60_000,
			to,
			earlierThreads: threadIds([...earlier, ...week]),
			random,
			text
		});
		writeOffline(device.doc, away.writer, offline);
		device.resetPayloads();
		device.connection.resume();
		await device.settled(() => true, 'the server confirms the offline posts', WAIT_MS);
		await quiet();
		const upload = last(proxy.links);
		const uploadPayload = { ...device.payloads };

		const floor = gzipFloorBytes(week);
		const jsonApi = jsonApiGzipBytes(week, writers);
		const uploadTextGzip = gzipSync(postTexts(offline), { level: 9 }).byteLength;
		const level = PER_MESSAGE_DEFLATE.zlibDeflateOptions.level;
		const breakdown = await breakDown(catchUpPayload.messages, week, level);
		const wire = catchUp.down + catchUp.up;
		const ratio = (n: number, of: number) => `${(n / of).toFixed(2)}×`;

		const targets: BenchTarget[] = [
			{
				name: 'catch-up bytes ≤ 1.3× gzip floor',
				target: `≤ ${kb(floor * TARGET_FLOOR_RATIO)}`,
				value: `${kb(wire)} (${ratio(wire, floor)})`,
				met: wire <= floor * TARGET_FLOOR_RATIO,
				beside: `floor ${kb(floor)}`
			},
			{
				name: 'catch-up bytes ≤ JSON API gzip',
				target: `≤ ${kb(jsonApi)}`,
				value: `${kb(wire)} (${ratio(wire, jsonApi)})`,
				met: wire <= jsonApi,
				beside: `JSON API ${kb(jsonApi)}`
			}
		];
		const serverWindow = PER_MESSAGE_DEFLATE.serverMaxWindowBits;
		return {
			name: 'catch-up',
			tables: [
				{
					caption: `Catch-up after a week away: ${WEEK.threads} threads and ${WEEK.replies} replies by ${writers.length} people (${text.vocabulary} distinct words), bytes`,
					rows: [
						row('on the wire, server → device', catchUp.down, floor, jsonApi),
						row('on the wire, device → server', catchUp.up, floor, jsonApi),
						row('on the wire, both ways', wire, floor, jsonApi),
						row('WebSocket payload received', catchUpPayload.received, floor, jsonApi),
						row('WebSocket payload sent', catchUpPayload.sent, floor, jsonApi),
						row('floor: gzip -9 of the new text alone', floor, floor, jsonApi),
						row('baseline: JSON API answer, gzip -6', jsonApi, floor, jsonApi)
					]
				},
				{
					caption: `Where the catch-up bytes go (received payloads re-deflated offline; the server uses window ${serverWindow} bits, level ${level})`,
					rows: [
						{ what: 'Yjs updates as received', bytes: breakdown.payload },
						...WINDOWS.map((bits) => ({
							what: `the same, deflated with a ${2 ** (bits - 10)} KiB window`,
							bytes: breakdown.deflated[bits] ?? 0
						})),
						{ what: 'the records as stored, as JSON, gzip -6', bytes: breakdown.recordsJsonGzip },
						{ what: 'the random record and thread ids alone, gzip -9', bytes: breakdown.idsGzip },
						{ what: 'the new text alone, gzip -9 (floor)', bytes: floor }
					]
				},
				{
					caption: `Upload: ${offline.length} posts written offline, then sent, bytes`,
					rows: [
						{ measure: 'on the wire, device → server', bytes: upload.up },
						{ measure: 'on the wire, server → device', bytes: upload.down },
						{ measure: 'WebSocket payload sent', bytes: uploadPayload.sent },
						{ measure: 'gzip -9 of those posts’ text alone', bytes: uploadTextGzip }
					]
				},
				{
					caption: 'For context (bytes, and time on this machine, no throttling)',
					rows: [
						{
							measure: `joining with ${earlier.length} earlier posts, server → device`,
							value: joined.down
						},
						{
							measure: 'a device online all week: live posts received, server → device',
							value: liveWeek.down
						},
						{ measure: 'the same, WebSocket payload', value: livePayload.received },
						{ measure: 'catch-up, from reconnecting to holding every post (ms)', value: catchUpMs }
					]
				}
			],
			targets,
			data: {
				room,
				week: { ...WEEK, writers: writers.length, vocabulary: text.vocabulary },
				catchUp: { wire: catchUp, payload: omitMessages(catchUpPayload), ms: catchUpMs },
				floor,
				jsonApi,
				breakdown,
				upload: { wire: upload, payload: omitMessages(uploadPayload), textGzip: uploadTextGzip },
				joined,
				onlineAllWeek: { wire: liveWeek, payload: livePayload },
				deflate: { serverMaxWindowBits: serverWindow, level }
			}
		};
	} finally {
		for (const device of devices) device.destroy();
		await proxy.close();
		await liveProxy.close();
		await listening.close();
		await server.close();
		await rm(dataDir, { recursive: true, force: true });
	}
};

/** Each post in its writer's own transaction, sent as it is written, as the app does. */
async function writeAll(
	posts: readonly Post[],
	writers: readonly Writer[],
	devices: readonly NodeDevice[],
	membersWritten: Set<number>
): Promise<void> {
	for (const [n, post] of posts.entries()) {
		const device = devices[post.writer];
		const writer = writers[post.writer];
		if (!device || !writer) continue;
		// A person answers a thread they have seen; the server refuses a reply to one it lacks.
		if (post.kind === 'reply' && !device.doc.getMap(THREADS_MAP).has(post.record.thread)) {
			const thread = post.record.thread;
			await until(
				() => device.doc.getMap(THREADS_MAP).has(thread),
				[onDocUpdate(device.doc)],
				'a writer sees the thread they answer',
				WAIT_MS
			);
		}
		const firstPost = !membersWritten.has(post.writer);
		membersWritten.add(post.writer);
		writePost(device.doc, writer, post, firstPost);
		// Let the sockets carry what was written, as a person's pace would.
		if (n % 20 === 19) await new Promise((next) => setImmediate(next));
	}
}

function writeOffline(doc: Y.Doc, writer: Writer, posts: readonly Post[]): void {
	posts.forEach((post, n) => writePost(doc, writer, post, n === 0));
}

/** A post, with the writer's member entry alongside their first one (the app writes both). */
function writePost(doc: Y.Doc, writer: Writer, post: Post, withMember: boolean): void {
	doc.transact(() => {
		if (withMember) {
			doc.getMap(MEMBERS_MAP).set(writer.author, {
				id: writer.author,
				author: writer.author,
				name: writer.name,
				at: post.record.at
			});
		}
		doc.getMap(post.kind === 'thread' ? THREADS_MAP : REPLIES_MAP).set(post.record.id, post.record);
	});
}

function recordCount(doc: Y.Doc): number {
	return doc.getMap(THREADS_MAP).size + doc.getMap(REPLIES_MAP).size;
}

function row(measure: string, bytes: number, floor: number, jsonApi: number) {
	return {
		measure,
		bytes,
		'× floor': (bytes / floor).toFixed(2),
		'× JSON API': (bytes / jsonApi).toFixed(2)
	};
}

function last(links: readonly LinkBytes[]): LinkBytes {
	const link = links.at(-1);
	if (!link) throw new Error('The device never connected through the proxy.');
	return { ...link };
}

function omitMessages(payload: { sent: number; received: number }) {
	return { sent: payload.sent, received: payload.received };
}

function quiet(): Promise<void> {
	return new Promise((done) => setTimeout(done, QUIET_MS));
}
