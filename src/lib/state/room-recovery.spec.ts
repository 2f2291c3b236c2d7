import { describe, expect, it } from 'vitest';
import type { HeldRecord } from '../storage/community.repository';
import type { SeenDeletion } from '../storage/community.repository';
import { MemoryCommunityRepository } from '../storage/memory-community.repository';
import {
	RoomRecovery,
	type OwnRecordInput,
	type RecoveryHost,
	type ReplayResult,
	type Settled
} from './room-recovery';

const PART = '2026-11';
const DOC = `community:anxiety:${PART}`;

const record = (key: string, map: OwnRecordInput['map'] = 'threads'): OwnRecordInput => ({
	map,
	key,
	value: { id: key, title: `Title ${key}`, body: `Words ${key}` }
});

/**
 * A room's documents in miniature: what the device holds unsent, what the server has taken, and
 * scripted answers for each settle and each replay, so a test decides every turn.
 */
function fakeHost(options: {
	unsent?: OwnRecordInput[];
	settles?: Settled[];
	replays?: Record<string, ReplayResult>;
	/** Keys the server takes when they are replayed (all, unless given). */
	takes?: (key: string) => boolean;
	/** Entries the device's copy holds as deleted. */
	deletions?: SeenDeletion[];
	/** The device's storage (a fresh one unless given: a reload keeps it). */
	store?: MemoryCommunityRepository;
}) {
	const store = options.store ?? new MemoryCommunityRepository();
	const log: string[] = [];
	const onServer = new Set<string>();
	const written: string[] = [];
	let unsent = options.unsent ?? [];
	const settles = [...(options.settles ?? [])];
	let shown: readonly HeldRecord[] = [];
	const host: RecoveryHost = {
		communityId: 'anxiety',
		store,
		now: () => 1_000,
		docName: (part) => `community:anxiety:${part}`,
		partOf: (docName) => (docName.startsWith('community:anxiety:') ? docName.slice(18) : null),
		unsent: () => unsent,
		async reopen() {
			log.push('reopen');
			unsent = [];
		},
		async settle() {
			const next = settles.shift() ?? { kind: 'synced' };
			log.push(`settle:${next.kind}`);
			if (next.kind === 'synced') {
				for (const key of written.splice(0)) if (options.takes?.(key) ?? true) onServer.add(key);
			} else {
				// A refusal: the server took what came before the refused one, in order.
				for (const key of written.splice(0)) {
					if (!(options.takes?.(key) ?? true)) break;
					onServer.add(key);
				}
				written.length = 0;
			}
			return next;
		},
		replay(_, held) {
			log.push(`replay:${held.key}`);
			const scripted = options.replays?.[held.key];
			if (scripted !== undefined) return scripted;
			if (onServer.has(held.key)) return { kind: 'present' };
			written.push(held.key);
			return { kind: 'written' };
		},
		delivered: (_, held) => onServer.has(held.key),
		holds: (_, held) => onServer.has(held.key),
		seenDeletions: () => options.deletions ?? [],
		deleteAgain(_, deletions) {
			log.push(`delete-again:${deletions.map((d) => d.key).join(',')}`);
			return deletions.length;
		},
		show(held) {
			shown = held;
		}
	};
	return { host, store, log, onServer, shown: () => shown };
}

const summary = (held: readonly HeldRecord[]) => held.map((h) => [h.key, h.state, h.reason]);

describe('RoomRecovery', () => {
	it('keeps the unsent records durably, rebuilds, replays them and lets them go once sent', async () => {
		const fake = fakeHost({ unsent: [record('a'), record('b')] });
		let heldWhenReopening: string[] = [];
		const reopen = fake.host.reopen;
		fake.host.reopen = async (part) => {
			heldWhenReopening = (await fake.store.listHeld('anxiety')).map((h) => `${h.key}:${h.state}`);
			await reopen(part);
		};
		const recovery = new RoomRecovery(fake.host);
		await recovery.refused(PART, 'client-id-taken');
		expect(heldWhenReopening).toEqual(['a:replaying', 'b:replaying']);
		expect(fake.log).toEqual(['reopen', 'settle:synced', 'replay:a', 'replay:b', 'settle:synced']);
		expect([...fake.onServer]).toEqual(['a', 'b']);
		expect(await fake.store.listHeld('anxiety')).toEqual([]);
		expect(fake.shown()).toEqual([]);
	});

	it('makes again, on the rebuilt copy, the deletions the old copy had seen, before replaying', async () => {
		const gone: SeenDeletion = { map: 'threads', key: 'gone', client: 7, clock: 3 };
		const fake = fakeHost({ unsent: [record('a')], deletions: [gone] });
		await new RoomRecovery(fake.host).refused(PART, 'client-id-taken');
		expect(fake.log).toEqual([
			'reopen',
			'settle:synced',
			'delete-again:gone',
			'replay:a',
			'settle:synced'
		]);
	});

	it('makes deletions again even when nothing else waited to be sent, and only once', async () => {
		const gone: SeenDeletion = { map: 'replies', key: 'gone', client: 7, clock: 3 };
		const fake = fakeHost({ deletions: [gone] });
		const recovery = new RoomRecovery(fake.host);
		await recovery.refused(PART, null);
		await recovery.resume(PART);
		expect(fake.log).toEqual(['reopen', 'settle:synced', 'delete-again:gone']);
	});

	it('keeps the deletions durably: after a reload midway they are made once the copy syncs', async () => {
		const gone: SeenDeletion = { map: 'threads', key: 'gone', client: 7, clock: 3 };
		const first = fakeHost({ deletions: [gone], settles: [{ kind: 'away' }] });
		await new RoomRecovery(first.host).refused(PART, null);
		expect([...(await first.store.listDeletions('anxiety')).keys()]).toEqual([DOC]);

		// The app reloads: a new room over the same device storage.
		const second = fakeHost({ store: first.store });
		const recovery = new RoomRecovery(second.host);
		await recovery.load();
		expect(recovery.pending(PART)).toBe(true);
		expect(recovery.documents).toEqual([DOC]);
		await recovery.resume(PART);
		expect(second.log).toEqual(['settle:synced', 'delete-again:gone']);
		expect(await first.store.listDeletions('anxiety')).toEqual(new Map());
		expect(recovery.pending(PART)).toBe(false);
	});

	it('on a second refusal keeps the rest as drafts, the refused one with the rule, and never tries a third time', async () => {
		const fake = fakeHost({
			unsent: [record('a'), record('reply', 'replies'), record('c')],
			settles: [{ kind: 'synced' }, { kind: 'refused', rule: 'blocked' }, { kind: 'synced' }],
			takes: (key) => key !== 'reply'
		});
		const recovery = new RoomRecovery(fake.host);
		await recovery.refused(PART, 'blocked');
		expect(fake.log).toEqual([
			'reopen',
			'settle:synced',
			'replay:a',
			'replay:reply',
			'replay:c',
			'settle:refused',
			'reopen',
			'settle:synced'
		]);
		expect(summary(await fake.store.listHeld('anxiety'))).toEqual([
			['reply', 'draft', 'blocked'],
			['c', 'draft', 'not-sent']
		]);
		expect(summary(fake.shown())).toEqual(summary(await fake.store.listHeld('anxiety')));
	});

	it('keeps what the policy or a missing thread refuses as drafts, sending the rest', async () => {
		const fake = fakeHost({
			unsent: [record('a'), record('gone', 'replies'), record('mark', 'marks')],
			replays: {
				gone: { kind: 'missing' },
				mark: { kind: 'refused', rule: 'moderators-only' }
			}
		});
		await new RoomRecovery(fake.host).refused(PART, null);
		expect(summary(await fake.store.listHeld('anxiety'))).toEqual([
			['gone', 'draft', 'missing'],
			['mark', 'draft', 'moderators-only']
		]);
		expect([...fake.onServer]).toEqual(['a']);
	});

	it('turns unsent records into drafts at once when the room turns read-only', async () => {
		const fake = fakeHost({ unsent: [record('a')] });
		const recovery = new RoomRecovery(fake.host);
		await recovery.readOnly(PART, 'muted');
		expect(fake.log).toEqual(['reopen']);
		expect(summary(await fake.store.listHeld('anxiety'))).toEqual([['a', 'draft', 'muted']]);
		// Nothing to keep: no rebuild.
		await recovery.readOnly(PART, 'muted');
		expect(fake.log).toEqual(['reopen']);
	});

	it('picks up an interrupted replay after a reload, and sends a draft again on request', async () => {
		const fake = fakeHost({
			unsent: [record('a')],
			settles: [{ kind: 'synced' }, { kind: 'away' }]
		});
		await new RoomRecovery(fake.host).refused(PART, 'client-id-taken');
		expect(summary(await fake.store.listHeld('anxiety'))).toEqual([
			['a', 'replaying', 'client-id-taken']
		]);

		const reloaded = new RoomRecovery(fake.host);
		await reloaded.load();
		expect(reloaded.pending(PART)).toBe(true);
		await reloaded.resume(PART);
		expect(await fake.store.listHeld('anxiety')).toEqual([]);

		await fake.store.saveHeld([
			{
				community: 'anxiety',
				docName: DOC,
				map: 'threads',
				key: 'later',
				value: record('later').value,
				state: 'draft',
				reason: 'muted',
				heldAt: 5
			}
		]);
		const third = new RoomRecovery(fake.host);
		await third.load();
		expect(third.pending(PART)).toBe(false);
		await third.retry({ map: 'threads', key: 'later' });
		expect(fake.onServer.has('later')).toBe(true);
		expect(third.held).toEqual([]);
	});

	it('discards a draft for good', async () => {
		const fake = fakeHost({ unsent: [record('a')] });
		const recovery = new RoomRecovery(fake.host);
		await recovery.readOnly(PART, 'guidelines');
		await recovery.discard({ map: 'threads', key: 'a' });
		expect(await fake.store.listHeld('anxiety')).toEqual([]);
		expect(recovery.held).toEqual([]);
	});
});
