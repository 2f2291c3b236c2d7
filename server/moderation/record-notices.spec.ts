import { describe, expect, it } from 'vitest';
import { MemoryIdentityStore } from '../identity/memory-identity-store';
import type { ModerationEvent } from '../sync/update-gate';
import { MemoryModerationStore } from './memory-moderation-store';
import { AUDIT_REASON_WINDOW_MS, createNoticeRecorder } from './record-notices';

const NOW = 1_700_000_000_000;

async function setup() {
	const identities = new MemoryIdentityStore();
	const moderation = new MemoryModerationStore();
	await identities.createIdentity({
		userId: 'u-ana',
		publicKey: new Uint8Array(32).fill(1),
		displayName: 'Ana',
		createdAt: 1
	});
	await identities.createPseudonym({
		pseudonymId: 'p-ana',
		userId: 'u-ana',
		communityId: 'anxiety',
		publicKey: new Uint8Array(32).fill(2),
		displayName: 'Ana here',
		createdAt: 1
	});
	const record = createNoticeRecorder({ identities, moderation, now: () => NOW });
	return { moderation, record };
}

function event(room: string, overrides: Partial<ModerationEvent['actions'][number]> = {}) {
	return {
		communityId: 'anxiety',
		room,
		moderatorId: 'u-mod',
		actions: [
			{
				kind: 'removed' as const,
				author: 'p-ana',
				target: { kind: 'thread' as const, id: 't1' },
				reason: null,
				excerpt: 'A title',
				...overrides
			}
		]
	};
}

describe('the notice recorder', () => {
	it('tells the person behind the pseudonym, naming the month document', async () => {
		const { moderation, record } = await setup();
		await record(event('community:anxiety:2026-11', { kind: 'hidden', reason: 'spam' }));
		expect(await moderation.noticesFor('u-ana')).toEqual([
			{
				noticeId: expect.any(String),
				userId: 'u-ana',
				communityId: 'anxiety',
				pseudonymId: 'p-ana',
				kind: 'hidden',
				reason: 'spam',
				at: NOW,
				target: { kind: 'thread', id: 't1', part: '2026-11' },
				excerpt: 'A title'
			}
		]);
	});

	it('takes a missing reason from a recent audit entry for that action and record', async () => {
		const { moderation, record } = await setup();
		const entry = { communityId: 'anxiety', actorId: 'u-mod', target: 't1' };
		await moderation.appendAudit({
			...entry,
			action: 'remove',
			reason: 'too old',
			at: NOW - AUDIT_REASON_WINDOW_MS - 1
		});
		await moderation.appendAudit({ ...entry, action: 'hide', reason: 'other action', at: NOW });
		await record(event('community:anxiety:recent'));
		expect((await moderation.noticesFor('u-ana'))[0]?.reason).toBeNull();
		await moderation.appendAudit({ ...entry, action: 'remove', reason: 'off topic', at: NOW });
		await record(event('community:anxiety:recent'));
		const notices = await moderation.noticesFor('u-ana');
		expect(notices.map((notice) => notice.reason).sort()).toEqual([null, 'off topic']);
		expect(notices[0]?.target).toEqual({ kind: 'thread', id: 't1' });
	});

	it('skips authors it cannot place in the community', async () => {
		const { moderation, record } = await setup();
		await record({ ...event('community:grief-and-loss:2026-11'), communityId: 'grief-and-loss' });
		await record(event('community:anxiety:2026-11', { author: 'p-unknown' }));
		expect(await moderation.noticesFor('u-ana')).toEqual([]);
	});
});
