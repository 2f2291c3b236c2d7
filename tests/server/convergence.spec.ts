// A randomized convergence test in the manner of Yjs's own: several people edit while a seeded
// network delivers, reorders across sockets, drops connections and reconnects them, all against
// the real Room and Connection over a memory store. After healing, every replica, the server's
// room and a document rebuilt from the store must hold the same threads and replies, and each
// person's own records must read as they last wrote them. HEARTH_SEED=n reruns one seed.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SIM_ROOM, SimServer } from '../support/sim-network';
import { SimPerson } from '../support/sim-person';
import { SimRandom } from '../support/sim-random';

const SEEDS = process.env.HEARTH_SEED
	? [Number(process.env.HEARTH_SEED)]
	: Array.from({ length: 20 }, (_, i) => i + 1);
const STEPS = 600;
/** Deliveries and turns of the event loop allowed for healing before it counts as a hang. */
const HEAL_LIMIT = 20_000;

/** One turn of the event loop: the server's promise jobs and queued callbacks run. */
const turn = () => new Promise<void>((done) => setImmediate(done));

interface Simulation {
	server: SimServer;
	people: SimPerson[];
	random: SimRandom;
}

interface Variant {
	/** Lose this share of server → client messages while the connection stays up. */
	loseMessages?: number;
	/** Heal by delivering what is queued, without reconnecting anyone. */
	noReconnect?: boolean;
}

const servers: SimServer[] = [];
afterEach(() => {
	for (const server of servers.splice(0)) server.retire();
});

function createSimulation(seed: number): Simulation {
	const random = new SimRandom(seed);
	const server = new SimServer();
	servers.push(server);
	const count = 3 + random.int(3);
	const people = Array.from(
		{ length: count },
		(_, i) => new SimPerson(`p${i}`, 1000 + i * 7919 + random.int(1000), random)
	);
	for (const person of people) if (random.chance(0.7)) person.connect(server);
	return { server, people, random };
}

/** Delivers one queued message on a random socket, or returns false if nothing is queued. */
function deliverOne({ people, random }: Simulation, variant: Variant): boolean {
	const busy = people.filter((person) => person.socket?.hasTraffic);
	const person = random.pick(busy);
	const socket = person?.socket;
	if (!person || !socket) return false;
	const toServer = socket.toServer.length > 0 && !socket.isPaused;
	if (toServer && (socket.toClient.length === 0 || random.chance(0.5))) {
		return socket.deliverToServer();
	}
	const bytes = socket.takeForClient();
	if (!bytes) return false;
	if (variant.loseMessages && random.chance(variant.loseMessages)) return true;
	person.receive(bytes);
	return true;
}

async function run(sim: Simulation, variant: Variant): Promise<void> {
	const { server, people, random } = sim;
	// Some seeds drop rarely, so a room lives long enough to reload its pieces from the store.
	const dropWeight = 1 + random.int(5);
	for (let step = 0; step < STEPS; step++) {
		const offline = people.filter((person) => !person.online);
		const online = people.filter((person) => person.online);
		const action = random.weighted<'deliver' | 'turn' | 'edit' | 'drop' | 'reconnect' | 'compact'>([
			['deliver', 40],
			['turn', 15],
			['edit', 25],
			['drop', online.length > 0 ? dropWeight : 0],
			['reconnect', offline.length > 0 ? 5 : 0],
			['compact', 1]
		]);
		if (action === 'deliver') deliverOne(sim, variant);
		else if (action === 'turn') await turn();
		else if (action === 'edit') random.pick(people)?.edit();
		else if (action === 'drop') random.pick(online)?.socket?.terminate();
		else if (action === 'reconnect') random.pick(offline)?.connect(server);
		else if (action === 'compact') server.compact();
	}
	await heal(sim, variant);
}

/** Reconnects everyone and runs until nothing is queued and the room has nothing under way. */
async function heal(sim: Simulation, variant: Variant): Promise<void> {
	const { server, people } = sim;
	for (let i = 0; i < HEAL_LIMIT; i++) {
		if (!variant.noReconnect) {
			for (const person of people) if (!person.online) person.connect(server);
		}
		if (deliverOne(sim, variant)) continue;
		await server.idle();
		await turn();
		const quiet = people.every((person) => !person.socket?.hasTraffic);
		if (quiet && people.every((person) => person.online || variant.noReconnect)) {
			// One more turn: anything the room still had in hand would show up as traffic.
			await turn();
			if (people.every((person) => !person.socket?.hasTraffic)) return;
		}
	}
	throw new Error(`the network did not go quiet within ${HEAL_LIMIT} rounds`);
}

function contentOf(doc: Y.Doc): string {
	const sorted = (map: Y.Map<unknown>) =>
		Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
	return JSON.stringify({
		threads: sorted(doc.getMap('threads')),
		replies: sorted(doc.getMap('replies'))
	});
}

function stateVectorOf(doc: Y.Doc): string {
	return JSON.stringify(
		[...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b)
	);
}

/** Everything that differs from convergence, as sentences; empty when the run converged. */
async function convergenceProblems({ server, people }: Simulation): Promise<string[]> {
	const room = server.liveRoom;
	if (!room) return ['the room retired although everyone is connected'];
	const rebuilt = new Y.Doc();
	for (const piece of await server.store.load(SIM_ROOM)) Y.applyUpdate(rebuilt, piece.update);
	const replicas: [string, Y.Doc][] = [
		['the server room', room.doc],
		['the doc rebuilt from the store', rebuilt],
		...people.map((person): [string, Y.Doc] => [person.name, person.doc])
	];
	const problems: string[] = [];
	const [, reference] = replicas[0] ?? [];
	if (!reference) return ['no replicas'];
	for (const [name, doc] of replicas) {
		if (contentOf(doc) !== contentOf(reference)) problems.push(`${name}: content differs`);
		if (stateVectorOf(doc) !== stateVectorOf(reference)) {
			problems.push(`${name}: state vector differs`);
		}
		if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
			problems.push(`${name}: holds updates it cannot integrate`);
		}
	}
	for (const person of people) {
		for (const [key, value] of person.own) {
			const found = room.doc.getMap('threads').get(key) ?? room.doc.getMap('replies').get(key);
			if (JSON.stringify(found ?? null) !== JSON.stringify(value)) {
				problems.push(`${person.name}: own record ${key} does not read as last written`);
			}
		}
	}
	problems.push(...server.logged);
	return problems;
}

describe('sync convergence under a seeded network that drops, reorders and reconnects', () => {
	it.each(SEEDS)('converges with seed %i', async (seed) => {
		const sim = createSimulation(seed);
		await run(sim, {});
		const problems = await convergenceProblems(sim);
		expect(problems, `failed with HEARTH_SEED=${seed}`).toEqual([]);
	});

	it('notices a replica that lost messages and was never resynced', async () => {
		const sim = createSimulation(1);
		await run(sim, { loseMessages: 0.3, noReconnect: true });
		const problems = await convergenceProblems(sim);
		expect(problems.filter((problem) => problem.endsWith('state vector differs'))).not.toEqual([]);
	});
});
