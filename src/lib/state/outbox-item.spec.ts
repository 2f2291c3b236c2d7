import { describe, expect, it } from 'vitest';
import { readOutboxItem } from './outbox-item';
import type { OutboxItem } from './report-outbox';

const REPORT: OutboxItem = {
	kind: 'report',
	id: 'item-1',
	queuedAt: 1_700_000_000_000,
	body: {
		communityId: 'anxiety',
		target: { kind: 'reply', id: 'p1', part: '2026-11', thread: 't1' },
		reason: 'self-harm-risk',
		note: 'Please look'
	}
};

const AUDIT: OutboxItem = {
	kind: 'audit',
	id: 'item-2',
	queuedAt: 1_700_000_000_001,
	communityId: 'anxiety',
	body: { action: 'hide', target: 'p1', reason: 'Unkind' }
};

/** The item with `change` merged into its body. */
function withBody(item: OutboxItem, change: Record<string, unknown>): unknown {
	return { ...item, body: { ...item.body, ...change } };
}

describe('readOutboxItem', () => {
	it('reads a kept report and a kept audit entry, keeping only the fields it knows', () => {
		const report = { ...(withBody(REPORT, { extra: 1 }) as object), more: true };
		expect(readOutboxItem(report)).toStrictEqual(REPORT);
		expect(readOutboxItem({ ...AUDIT, extra: 1 })).toStrictEqual(AUDIT);
	});

	it('leaves optional fields out when they were never there', () => {
		const report: OutboxItem = {
			kind: 'report',
			id: 'item-3',
			queuedAt: 5,
			body: { communityId: 'anxiety', target: { kind: 'person', id: 'ps-1' }, reason: 'spam' }
		};
		const audit: OutboxItem = {
			kind: 'audit',
			id: 'item-4',
			queuedAt: 6,
			communityId: 'anxiety',
			body: { action: 'remove', target: 'p1' }
		};
		expect(readOutboxItem(report)).toStrictEqual(report);
		expect(readOutboxItem(audit)).toStrictEqual(audit);
	});

	it.each<[string, unknown]>([
		['nothing', undefined],
		['null', null],
		['a number', 42],
		['a string', 'report'],
		['an unknown kind', { ...REPORT, kind: 'warning' }],
		['no kind', { ...REPORT, kind: undefined }],
		['an id that is not a string', { ...REPORT, id: 7 }],
		['no time it was kept', { ...REPORT, queuedAt: undefined }],
		['a time that is NaN', { ...AUDIT, queuedAt: NaN }],
		['a time that is a string', { ...AUDIT, queuedAt: '5' }],
		['no body', { ...REPORT, body: undefined }],
		['a body that is not an object', { ...AUDIT, body: 'hide' }],
		['a report without a community', withBody(REPORT, { communityId: undefined })],
		['a report without a target', withBody(REPORT, { target: undefined })],
		['a report target that is not an object', withBody(REPORT, { target: 'p1' })],
		[
			'a report target of an unknown kind',
			withBody(REPORT, { target: { kind: 'image', id: 'p1' } })
		],
		['a report target without an id', withBody(REPORT, { target: { kind: 'thread' } })],
		[
			'a report target with a month that is not a string',
			withBody(REPORT, { target: { kind: 'reply', id: 'p1', part: 202611 } })
		],
		[
			'a report target with a thread that is not a string',
			withBody(REPORT, { target: { kind: 'reply', id: 'p1', thread: null } })
		],
		// The server's newer reasons are not this version's to send.
		[
			'a report with a reason this version does not send',
			withBody(REPORT, { reason: 'second-look' })
		],
		['a report with a note that is not a string', withBody(REPORT, { note: 3 })],
		['an audit entry without its community', { ...AUDIT, communityId: undefined }],
		['an audit entry with an unknown action', withBody(AUDIT, { action: 'warn' })],
		['an audit entry without a target', withBody(AUDIT, { target: undefined })],
		['an audit entry with a reason that is not a string', withBody(AUDIT, { reason: false })]
	])('is null for %s', (_, raw) => {
		expect(readOutboxItem(raw)).toBeNull();
	});
});
