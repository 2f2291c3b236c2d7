/**
 * The server under load, in a process of its own: the whole Hearth server as `npm start`
 * assembles it (server/assemble-server.ts: SQLite store, update gate, write budget, compactor),
 * on 127.0.0.1 and a free port, with a fresh data folder removed on exit.
 *
 * Before it listens it makes the people the clients act as (identities with a pseudonym in one
 * community) directly in its identity store, and stores the cold rooms' documents directly in
 * its document store, so nothing is loaded in memory until a client asks. It then mints sync
 * tokens with the server's own token code and secret, so clients need no sign-in round trips;
 * the server checks them exactly as it checks the app's.
 *
 * Run by bench/server-load.ts through child-link.ts; it answers messages.ts requests, samples
 * its own memory (after garbage collection: start Node with --expose-gc), CPU time and
 * event-loop delay, and counts what the server logs as warnings or errors.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEFAULT_COMMUNITIES_FILE } from '../../server/api/communities';
import { assembleServer } from '../../server/assemble-server';
import type { HearthServer, ListeningServer } from '../../server/create-server';
import { openSqliteIdentityStore } from '../../server/identity/sqlite-identity-store';
import { loadTokenSecret } from '../../server/identity/token-secret';
import { createTokenService, type TokenService } from '../../server/identity/tokens';
import type { Logger } from '../../server/logger';
import {
	openSqliteDocumentStore,
	SQLITE_FILE_NAME
} from '../../server/store/sqlite-document-store';
import { userIdFromPublicKey } from '../../src/lib/domain/identity/derive-keys';
import { answerRequests, hasType } from './answer-requests';
import { seedDocument } from './bench-records';
import type { BenchPerson, Envelope, ServerReply, ServerRequest, ServerSample } from './messages';

interface Running {
	dataDir: string;
	server: HearthServer;
	listening: ListeningServer;
	tokens: TokenService;
	people: BenchPerson[];
}

let running: Running | null = null;
const logged: Record<string, number> = {};
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

/** Counts what the server says by kind (room names and numbers left out); prints nothing. */
const countingLogger: Logger = {
	info: () => {},
	warn: (message) => count('warn', message),
	error: (message) => count('error', message)
};

function count(level: string, message: string): void {
	const kind = `${level}: ${message.replace(/room \S+/g, 'room …').replace(/\d+/g, 'N')}`;
	logged[kind.slice(0, 120)] = (logged[kind.slice(0, 120)] ?? 0) + 1;
}

async function start(request: Extract<ServerRequest, { type: 'start' }>): Promise<ServerReply> {
	if (running) throw new Error('The server is already started.');
	const dataDir = await mkdtemp(join(request.dataParent, 'hearth-server-load-'));
	const people = await makePeople(dataDir, request.people, request.communityId);
	const coldDocBytes = await storeColdRooms(dataDir, request, people);
	const server = await assembleServer({
		buildDir: request.buildDir,
		dataDir,
		communitiesFile: DEFAULT_COMMUNITIES_FILE,
		log: countingLogger,
		buildPollMs: 0
	});
	const listening = await server.listen(0, '127.0.0.1');
	// The file the server just made or read: tokens minted here are the server's own.
	const tokens = createTokenService({ secret: await loadTokenSecret(dataDir, countingLogger) });
	running = { dataDir, server, listening, tokens, people };
	return { type: 'started', port: listening.port, people, coldDocBytes };
}

/** Identities and their pseudonyms in `communityId`, made a minute ago (before any token). */
async function makePeople(
	dataDir: string,
	count: number,
	communityId: string
): Promise<BenchPerson[]> {
	const identities = openSqliteIdentityStore(join(dataDir, SQLITE_FILE_NAME));
	const createdAt = Date.now() - 60_000;
	const people: BenchPerson[] = [];
	try {
		for (let i = 0; i < count; i++) {
			const publicKey = Uint8Array.from(randomBytes(32));
			const pseudonymKey = Uint8Array.from(randomBytes(32));
			const person = {
				userId: userIdFromPublicKey(publicKey),
				author: userIdFromPublicKey(pseudonymKey)
			};
			await identities.createIdentity({
				userId: person.userId,
				publicKey,
				displayName: `Bench person ${i}`,
				createdAt
			});
			await identities.createPseudonym({
				pseudonymId: person.author,
				userId: person.userId,
				communityId,
				publicKey: pseudonymKey,
				displayName: `Walker ${i}`,
				createdAt
			});
			people.push(person);
		}
	} finally {
		await identities.close();
	}
	return people;
}

/** Stores the same document in every cold room; returns its size in bytes. */
async function storeColdRooms(
	dataDir: string,
	request: Extract<ServerRequest, { type: 'start' }>,
	people: readonly BenchPerson[]
): Promise<number> {
	if (request.coldRooms.length === 0) return 0;
	const authors = people.slice(0, 20).map((person) => person.author);
	const pieces = seedDocument(request.coldRecords, authors);
	const store = openSqliteDocumentStore(dataDir);
	try {
		for (const room of request.coldRooms) {
			for (const piece of pieces) await store.append(room, piece);
		}
	} finally {
		await store.close();
	}
	return pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
}

function mintTokens(grants: { person: number; room: string }[]): ServerReply {
	const current = running;
	if (!current) throw new Error('The server is not started.');
	const tokens = grants.map(({ person, room }) => {
		const who = current.people[person];
		if (!who) throw new Error(`There is no person ${person}.`);
		return current.tokens.issue({ sub: who.userId, kind: 'sync', room, author: who.author }).token;
	});
	return { type: 'tokens', tokens };
}

function sample(): ServerReply {
	const gc = globalThis.gc;
	if (gc) {
		gc();
		gc();
	}
	const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
	const cpu = process.cpuUsage();
	const result: ServerSample = {
		memory: { rss, heapUsed, external, arrayBuffers },
		cpuMicros: cpu.user + cpu.system,
		loopDelay: {
			p50: loopDelay.percentile(50) / 1e6,
			p99: loopDelay.percentile(99) / 1e6,
			max: loopDelay.max / 1e6
		},
		logged: { ...logged }
	};
	loopDelay.reset();
	return { type: 'sample', sample: result };
}

async function stop(): Promise<ServerReply> {
	const current = running;
	running = null;
	if (current) {
		try {
			await current.server.close();
		} finally {
			await rm(current.dataDir, { recursive: true, force: true });
		}
	}
	return { type: 'stopped' };
}

function isRequest(message: unknown): message is Envelope<ServerRequest> {
	return hasType(message, ['start', 'tokens', 'sample', 'stop']);
}

answerRequests<ServerRequest, ServerReply>(
	isRequest,
	async (request) => {
		switch (request.type) {
			case 'start':
				return start(request);
			case 'tokens':
				return mintTokens(request.grants);
			case 'sample':
				return sample();
			case 'stop': {
				const reply = await stop();
				setImmediate(() => process.disconnect());
				return reply;
			}
		}
	},
	async () => {
		await stop();
	}
);
