import { describe, expect, it } from 'vitest';
import {
	MalformedAnswerError,
	NO_ROLES,
	lastActionReason,
	readAuditEntries,
	readNotices,
	readReports,
	readRoles,
	threadOfReport,
	type AuditEntry,
	type Notice,
	type Report
} from './moderation-records';

const REPORT: Report = {
	reportId: 'r1',
	communityId: 'anxiety',
	target: { kind: 'reply', id: 'p1', part: '2026-11', thread: 't1' },
	reason: 'harassment',
	note: 'Please look.',
	createdAt: 1_700_000_000_000
};

const ENTRY: AuditEntry = {
	communityId: 'anxiety',
	actorId: 'mod-1',
	action: 'hide',
	target: 'p1',
	reason: 'Unkind.',
	at: 1_700_000_000_000
};

const NOTICE: Notice = {
	kind: 'hidden',
	noticeId: 'n1',
	communityId: 'anxiety',
	pseudonymId: 'ps-1',
	reason: 'Unkind.',
	at: 1_700_000_000_000,
	target: { kind: 'thread', id: 't1' },
	excerpt: 'What I wrote',
	until: 1_700_000_100_000,
	secondLook: { requestedAt: 1_700_000_050_000 }
};

const LONG_ID = 'x'.repeat(201);
const LONG_TEXT = 'x'.repeat(2001);
/** `['anxiety', <hole>, 'sleep']`: a list damaged storage or a buggy server might hand back. */
const WITH_HOLE: unknown[] = ['anxiety'];
WITH_HOLE[2] = 'sleep';

describe('readRoles', () => {
	it('reads the roles and ignores fields it does not know', () => {
		const roles = { admin: true, moderates: ['anxiety', 'sleep'], extra: 1 };
		expect(readRoles({ userId: 'u1', roles })).toStrictEqual({
			admin: true,
			moderates: ['anxiety', 'sleep']
		});
	});

	it('returns a copy, never the list it was given', () => {
		const moderates = ['anxiety'];
		expect(readRoles({ roles: { admin: false, moderates } }).moderates).not.toBe(moderates);
	});

	it.each([
		['no body', null],
		['a body that is not an object', 'roles'],
		['no roles (an older server)', { userId: 'u1' }],
		['roles that are not an object', { roles: 'admin' }],
		['admin missing', { roles: { moderates: [] } }],
		['admin not a boolean', { roles: { admin: 'yes', moderates: [] } }],
		['moderates not a list', { roles: { admin: false, moderates: 'anxiety' } }],
		['an empty community id', { roles: { admin: false, moderates: [''] } }],
		['a community id too long', { roles: { admin: false, moderates: [LONG_ID] } }],
		['a community id not a string', { roles: { admin: false, moderates: [7] } }],
		['a hole in the list', { roles: { admin: false, moderates: WITH_HOLE } }]
	])('means no roles for %s', (_, body) => {
		expect(readRoles(body)).toStrictEqual(NO_ROLES);
	});
});

describe('readReports', () => {
	it('reads every well-formed report, keeping only the fields it knows', () => {
		const body = { reports: [{ ...REPORT, extra: true, target: { ...REPORT.target, x: 1 } }] };
		expect(readReports(body)).toStrictEqual([REPORT]);
	});

	it('leaves optional fields out when the server left them out', () => {
		const bare = {
			reportId: 'r2',
			communityId: 'anxiety',
			target: { kind: 'person', id: 'ps-9' },
			reason: 'second-look',
			createdAt: 5
		};
		expect(readReports({ reports: [bare] })).toStrictEqual([bare]);
	});

	it.each<[string, Record<string, unknown>]>([
		['a missing report id', { reportId: undefined }],
		['an empty report id', { reportId: '' }],
		['a report id too long', { reportId: LONG_ID }],
		['a community id not a string', { communityId: 3 }],
		['a target that is not an object', { target: 'p1' }],
		['an unknown target kind', { target: { ...REPORT.target, kind: 'image' } }],
		['a target without an id', { target: { kind: 'thread' } }],
		['a month part in another form', { target: { ...REPORT.target, part: '2026-1' } }],
		['a thread id that is empty', { target: { ...REPORT.target, thread: '' } }],
		['an unknown reason', { reason: 'rude' }],
		['a note too long', { note: LONG_TEXT }],
		['a note not a string', { note: 3 }],
		['a time that is not a number', { createdAt: '2026-11-27' }],
		['a time that is not finite', { createdAt: Infinity }],
		['a time that is NaN', { createdAt: NaN }]
	])('leaves out a report with %s and keeps the rest', (_, change) => {
		const body = { reports: [{ ...REPORT, ...change }, REPORT] };
		expect(readReports(body)).toStrictEqual([REPORT]);
	});

	it.each([null, 'reports', {}, { reports: {} }, { reports: 'none' }])(
		'throws MalformedAnswerError when the list itself is malformed (%j)',
		(body) => {
			expect(() => readReports(body)).toThrow(MalformedAnswerError);
			expect(() => readReports(body)).toThrow('Malformed moderation data: "reports" is not a list');
		}
	);

	it('leaves out entries that are not objects', () => {
		expect(readReports({ reports: [null, 'r1', 7, REPORT] })).toStrictEqual([REPORT]);
	});
});

describe('readAuditEntries', () => {
	it('reads well-formed entries, with or without a reason', () => {
		const { reason: _reason, ...bare } = ENTRY;
		expect(readAuditEntries({ entries: [ENTRY, { ...bare, more: 1 }] })).toStrictEqual([
			ENTRY,
			bare
		]);
	});

	it.each<[string, Record<string, unknown>]>([
		['an empty community id', { communityId: '' }],
		['an actor id too long', { actorId: LONG_ID }],
		['an action not a string', { action: 1 }],
		['a target not a string', { target: null }],
		['a reason too long', { reason: LONG_TEXT }],
		['a reason that is null', { reason: null }],
		['a time that is missing', { at: undefined }]
	])('leaves out an entry with %s', (_, change) => {
		expect(readAuditEntries({ entries: [{ ...ENTRY, ...change }] })).toStrictEqual([]);
	});

	it('throws MalformedAnswerError without a list of entries', () => {
		expect(() => readAuditEntries({ reports: [] })).toThrow('"entries" is not a list');
	});
});

describe('readNotices', () => {
	it('reads every field of a well-formed notice', () => {
		expect(readNotices({ notices: [{ ...NOTICE, extra: 1 }] })).toStrictEqual([NOTICE]);
	});

	it('reads a notice with a null reason and no optional fields', () => {
		const bare = {
			kind: 'warning',
			noticeId: 'n2',
			communityId: 'anxiety',
			pseudonymId: 'ps-1',
			reason: null,
			at: 3
		};
		expect(readNotices({ notices: [bare] })).toStrictEqual([bare]);
	});

	it.each<[string, Record<string, unknown>]>([
		['an unknown kind', { kind: 'banned' }],
		['a notice id that is empty', { noticeId: '' }],
		['a community id too long', { communityId: LONG_ID }],
		['a pseudonym id not a string', { pseudonymId: 4 }],
		['a reason left out (it must be there, even as null)', { reason: undefined }],
		['a reason too long', { reason: LONG_TEXT }],
		['a time that is not finite', { at: -Infinity }],
		['a target that is not an object', { target: 't1' }],
		['a target of a person', { target: { kind: 'person', id: 'ps-2' } }],
		['a target without an id', { target: { kind: 'reply' } }],
		['an excerpt too long', { excerpt: LONG_TEXT }],
		['an end time that is not a number', { until: 'tomorrow' }],
		['a second look that is not an object', { secondLook: 5 }],
		['a second look without a time', { secondLook: {} }]
	])('leaves out a notice with %s', (_, change) => {
		expect(readNotices({ notices: [{ ...NOTICE, ...change }, NOTICE] })).toStrictEqual([NOTICE]);
	});

	it('throws MalformedAnswerError without a list of notices', () => {
		expect(() => readNotices({ notices: null })).toThrow(MalformedAnswerError);
	});
});

describe('threadOfReport and lastActionReason', () => {
	it('finds the thread of a post, and none for a person', () => {
		expect(threadOfReport(REPORT)).toBe('t1');
		expect(threadOfReport({ ...REPORT, target: { kind: 'thread', id: 't2' } })).toBe('t2');
		expect(threadOfReport({ ...REPORT, target: { kind: 'person', id: 'ps-1' } })).toBeNull();
	});

	it('gives the newest hide, remove or unhide of a post', () => {
		const entries = [{ ...ENTRY, action: 'warn' }, ENTRY, { ...ENTRY, action: 'remove' }];
		expect(lastActionReason(entries, 'p1')).toEqual({ action: 'hide', reason: 'Unkind.' });
		expect(lastActionReason(entries, 'p2')).toBeNull();
	});
});
