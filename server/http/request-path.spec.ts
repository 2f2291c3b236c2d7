import { describe, expect, it } from 'vitest';
import { firstSegmentOf, parseRequestPath } from './request-path';

describe('parseRequestPath', () => {
	it.each([
		['/', []],
		['/journal/abc123', ['journal', 'abc123']],
		['/journal//abc123/', ['journal', 'abc123']],
		['/a%20b/c?x=/../y', ['a b', 'c']],
		['/caf%C3%A9#top', ['café']],
		['http://example.org/sync/room?token=1', ['sync', 'room']]
	])('%s → %j', (target, segments) => {
		expect(parseRequestPath(target)).toEqual({ ok: true, segments });
	});

	it.each([
		undefined,
		'',
		'*',
		'journal',
		'/../etc/passwd',
		'/a/./b',
		'/%2e%2e/x',
		'/%2E%2e/x',
		'/%2e/x',
		'/a%2fb',
		'/a%5cb',
		'/a\\b',
		'/a%00b',
		'/a%0ab',
		'/%e0%a4%a',
		'/%zz'
	])('refuses %j', (target) => {
		expect(parseRequestPath(target).ok).toBe(false);
	});
});

describe('firstSegmentOf', () => {
	it.each([
		['/api/x', 'api'],
		['/api?x', 'api'],
		['/', ''],
		[undefined, ''],
		['/sync', 'sync']
	])('%s → %s', (target, first) => {
		expect(firstSegmentOf(target)).toBe(first);
	});
});
