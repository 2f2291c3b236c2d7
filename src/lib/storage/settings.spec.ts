import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, InvalidSettingError, parseSetting, readSettings } from './settings';

const blockedPerson = {
	communityId: 'grief',
	communityName: 'Grief',
	pseudonymId: 'abc123',
	name: 'Quiet Heron',
	blockedAt: 5
};

describe('protections settings', () => {
	it('fold sensitive posts by default and block no one', () => {
		expect(DEFAULT_SETTINGS.foldSensitive).toBe(true);
		expect(DEFAULT_SETTINGS.blocked).toEqual([]);
	});

	it('read a stored block list and fold choice back', () => {
		const { settings, problems } = readSettings([
			{ key: 'blocked', value: [blockedPerson] },
			{ key: 'foldSensitive', value: false }
		]);
		expect(problems).toEqual([]);
		expect(settings.blocked).toEqual([blockedPerson]);
		expect(settings.foldSensitive).toBe(false);
	});

	it.each([
		['not a list', 'nobody'],
		['a person without a community', [{ ...blockedPerson, communityId: '' }]],
		['an id with spaces', [{ ...blockedPerson, pseudonymId: 'a b' }]],
		['an extra field', [{ ...blockedPerson, note: 'x' }]],
		['a time that is not a number', [{ ...blockedPerson, blockedAt: 'yesterday' }]],
		['a time that is not finite', [{ ...blockedPerson, blockedAt: Infinity }]],
		['a field missing', [{ ...blockedPerson, name: undefined }]],
		['a name too long', [{ ...blockedPerson, name: 'n'.repeat(201) }]],
		['a numeric id', [{ ...blockedPerson, communityId: 12 }]],
		['a list of lists', [[blockedPerson]]],
		['a person who is null', [null]],
		['longer than the limit', Array.from({ length: 1001 }, () => blockedPerson)]
	])('refuse a block list that is %s', (_, value) => {
		expect(() => parseSetting('blocked', value)).toThrow(InvalidSettingError);
	});

	it('fall back to blocking no one when the stored list is damaged, and say so', () => {
		const { settings, problems } = readSettings([{ key: 'blocked', value: [{ id: 1 }] }]);
		expect(settings.blocked).toEqual([]);
		expect(problems).toMatchObject([{ key: 'blocked', reason: 'invalid-value' }]);
	});

	it('refuse a fold choice that is not yes or no', () => {
		expect(() => parseSetting('foldSensitive', 'yes')).toThrow(InvalidSettingError);
	});
});

describe('the privacy cover setting', () => {
	it('is on by default, also for settings stored before it existed', () => {
		expect(DEFAULT_SETTINGS.hideWhenAway).toBe(true);
		const { settings, problems } = readSettings([{ key: 'showPrompts', value: false }]);
		expect(settings.hideWhenAway).toBe(true);
		expect(problems).toEqual([]);
	});

	it('reads a stored choice back, and falls back to on when it is damaged', () => {
		expect(readSettings([{ key: 'hideWhenAway', value: false }]).settings.hideWhenAway).toBe(false);
		const damaged = readSettings([{ key: 'hideWhenAway', value: 'no' }]);
		expect(damaged.settings.hideWhenAway).toBe(true);
		expect(damaged.problems).toMatchObject([{ key: 'hideWhenAway', reason: 'invalid-value' }]);
	});
});

describe('the data saver setting', () => {
	it('follows the browser by default, also for settings stored before it existed', () => {
		expect(DEFAULT_SETTINGS.dataSaver).toBe('auto');
		expect(readSettings([{ key: 'showPrompts', value: false }]).settings.dataSaver).toBe('auto');
	});

	it.each(['auto', 'on', 'off'] as const)('reads a stored %s back', (choice) => {
		expect(readSettings([{ key: 'dataSaver', value: choice }]).settings.dataSaver).toBe(choice);
	});

	it('refuses anything else, and falls back to automatic when the stored value is damaged', () => {
		expect(() => parseSetting('dataSaver', true)).toThrow(InvalidSettingError);
		const damaged = readSettings([{ key: 'dataSaver', value: 'sometimes' }]);
		expect(damaged.settings.dataSaver).toBe('auto');
		expect(damaged.problems).toMatchObject([{ key: 'dataSaver', reason: 'invalid-value' }]);
	});
});
