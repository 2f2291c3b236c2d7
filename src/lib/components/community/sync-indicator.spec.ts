import { describe, expect, it } from 'vitest';
import { syncIndicator } from './sync-indicator';

describe('syncIndicator', () => {
	it('says offline, and how many changes wait, whatever the summary thinks', () => {
		const shown = syncIndicator('offline', { kind: 'waiting', waiting: 2 });
		expect(shown.headline).toBe('Offline');
		expect(shown.detail).toBe('Everything you write is saved on this device.');
		expect(shown.extra).toBe('2 changes will be sent when you are back online.');
		expect(shown.announce).toBe('Offline');
		expect(shown.live).toBe(true);
		expect(syncIndicator('offline', null).extra).toBeNull();
		expect(syncIndicator('online', { kind: 'offline', waiting: 1 }).extra).toBe(
			'1 change will be sent when you are back online.'
		);
	});

	it('says calmly that sending goes a little at a time when the server slowed it down', () => {
		const shown = syncIndicator('online', { kind: 'slowed', waiting: 40 });
		expect(shown.headline).toBe('Sending a little at a time');
		expect(shown.detail).toMatch(/nothing is lost/);
		expect(shown.extra).toBe('40 changes are still to go.');
		expect(shown.tone).toBe('calm');
		expect(shown.live).toBe(true);
	});

	it('keeps the patchy-connection meaning', () => {
		expect(syncIndicator('limited', { kind: 'up-to-date' }).headline).toBe('Connection is patchy');
	});

	it('is a quiet mark when everything is sent', () => {
		const shown = syncIndicator('online', { kind: 'up-to-date' });
		expect(shown.headline).toBeNull();
		expect(shown.tone).toBe('quiet');
		expect(shown.detail).toBe('Up to date');
	});

	it('keeps a routine round of syncing to the small mark', () => {
		const shown = syncIndicator('online', { kind: 'syncing', waiting: 2 });
		expect(shown.headline).toBeNull();
		expect(shown.detail).toBe('Sending and receiving…');
		expect(shown.busy).toBe(true);
		expect(syncIndicator('online', { kind: 'up-to-date' }).busy).toBe(false);
	});

	it('shows fresh changes as the busy mark until they have waited a while', () => {
		const fresh = syncIndicator('online', { kind: 'waiting', waiting: 1 }, false);
		expect(fresh.headline).toBeNull();
		expect(fresh.detail).toBe('Sending and receiving…');
		expect(syncIndicator('offline', { kind: 'offline', waiting: 1 }, false).extra).toBe(
			'1 change will be sent when you are back online.'
		);
	});

	it('counts changes waiting and offers to send them', () => {
		const shown = syncIndicator('online', { kind: 'waiting', waiting: 3 });
		expect(shown.headline).toBe('3 changes waiting');
		expect(shown.action).toBe('sync-now');
	});

	it.each([
		['signed-out', 'sign you in again', null],
		['refused', 'did not accept a change', null],
		['server-error', 'having trouble', 'retry'],
		['storage-full', 'out of space', null]
	] as const)('says why sending stopped (%s) and what to do', (problem, words, action) => {
		const shown = syncIndicator('online', { kind: 'stopped', waiting: 1, problem });
		expect(shown.tone).toBe('attention');
		expect(shown.headline).toBe('Sending has paused');
		expect(shown.detail).toContain(words);
		expect(shown.action).toBe(action);
	});

	it('announces only changes of situation, not every count or sync round', () => {
		const online = [
			syncIndicator('online', { kind: 'up-to-date' }),
			syncIndicator('online', { kind: 'syncing', waiting: 1 }),
			syncIndicator('online', { kind: 'waiting', waiting: 1 }),
			syncIndicator('online', { kind: 'waiting', waiting: 7 })
		];
		expect(new Set(online.map((s) => s.announce))).toEqual(new Set(['Online']));
		expect(online.some((s) => s.live)).toBe(false);
	});
});
