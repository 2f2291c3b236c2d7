import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '$lib/domain/moderation/moderation-records';
import { REPORT_REASONS } from '$lib/domain/moderation/moderation-records';
import { auditLine, errorWords, reasonWords } from './moderation-words';

const entry = (action: string, actorId: string, target = 'x'): AuditEntry => ({
	communityId: 'anxiety',
	actorId,
	action,
	target,
	at: 1
});

describe('auditLine', () => {
	it('says "You" for the person’s own actions, and a role for everyone else’s', () => {
		expect(auditLine(entry('hide', 'me'), 'me')).toBe('You hid a post');
		expect(auditLine(entry('hide', 'someone'), 'me')).toBe('A moderator hid a post');
		expect(auditLine(entry('appoint-moderator', 'root'), 'me')).toBe(
			'An administrator made someone a moderator'
		);
	});

	it('words the outcome of a closed report', () => {
		expect(auditLine(entry('resolve-report', 'me', 'r1:muted'), 'me')).toBe(
			'You closed a report (posting paused)'
		);
		expect(auditLine(entry('resolve-report', 'me', 'r1:something-new'), 'me')).toBe(
			'You closed a report (something-new)'
		);
	});

	it('still says something for an action it does not know', () => {
		expect(auditLine(entry('archive', 'someone'), null)).toBe('A moderator: archive');
	});
});

describe('words', () => {
	it('has plain words for every report reason and failure', () => {
		for (const reason of REPORT_REASONS) expect(reasonWords(reason)).not.toMatch(/^moderation\./);
		expect(errorWords('offline')).toMatch(/needs a connection/);
	});
});
