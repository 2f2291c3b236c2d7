/**
 * This device's local settings: what they are, their defaults, and which values are valid.
 * Settings never leave the device. A stored value that is missing, damaged or from another
 * version falls back to its default and is reported, so a bad row can never stop the app.
 */

import { MAX_BLOCKED, type BlockedPerson } from '../domain/safety/block-list';
import type { DataSaverChoice } from '../domain/data/data-saver';

export interface Settings {
	/** ISO 3166-1 alpha-2 code choosing which crisis lines to show; null until the person picks. */
	country: string | null;
	/** Whether the journal offers writing prompts. */
	showPrompts: boolean;
	/** Whether the app has already asked the browser for persistent storage. */
	persistAsked: boolean;
	/** A BCP 47 tag the person chose; null follows the browser's language. */
	locale: string | null;
	/** A random id for this device (never the person's identity): orders revisions by clock. */
	deviceId: string | null;
	/** Whether posts on sensitive topics (self-harm, suicide, eating, substances, abuse) start
	 * folded. On by default: opening a post is one tap, unfolding a shock is impossible. */
	foldSensitive: boolean;
	/** People this person blocked, per community pseudonym (see `domain/safety/block-list.ts`). */
	blocked: readonly BlockedPerson[];
	/** Whether a plain cover hides the app's screen while it is out of sight (task switcher,
	 * another app in front), so a shared phone shows nothing personal. On by default. */
	hideWhenAway: boolean;
	/** Whether the journal syncs, end-to-end encrypted, to the person's linked devices. Off until
	 * they turn it on (or link a device). */
	journalSync: boolean;
	/** Data saver: 'auto' follows what the browser reports (Save-Data, a 2g link), 'on' and 'off'
	 * are the person's own choice (see `domain/data/data-saver.ts`). */
	dataSaver: DataSaverChoice;
}

export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
	country: null,
	showPrompts: true,
	persistAsked: false,
	locale: null,
	deviceId: null,
	foldSensitive: true,
	blocked: Object.freeze([]),
	hideWhenAway: true,
	journalSync: false,
	dataSaver: 'auto'
});

/**
 * Each setting's rule: null when the value is valid, else why not (for developers; never shown).
 * Written out by hand rather than with the schema library the rest of the app uses: settings are
 * read on every start, and this keeps that library out of the code every page loads first.
 */
type Check = (value: unknown) => string | null;

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
const BLOCKED_PERSON_KEYS = ['communityId', 'communityName', 'pseudonymId', 'name', 'blockedAt'];

const isBoolean: Check = (value) => (typeof value === 'boolean' ? null : 'not true or false');

function nullable(check: Check): Check {
	return (value) => (value === null ? null : check(value));
}

function matching(pattern: RegExp, problem: string): Check {
	return (value) => (typeof value === 'string' && pattern.test(value) ? null : problem);
}

function oneOf(choices: readonly string[], problem: string): Check {
	return (value) => (typeof value === 'string' && choices.includes(value) ? null : problem);
}

const isLocaleTag: Check = (value) => {
	if (typeof value !== 'string') return 'not a BCP 47 language tag';
	try {
		return Intl.getCanonicalLocales(value).length === 1 ? null : 'not a BCP 47 language tag';
	} catch {
		// getCanonicalLocales throws RangeError for anything that is not a well-formed tag.
		return 'not a BCP 47 language tag';
	}
};

function blockedPersonProblem(value: unknown): string | null {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a person';
	const keys = Object.keys(value);
	if (
		keys.length !== BLOCKED_PERSON_KEYS.length ||
		!keys.every((k) => BLOCKED_PERSON_KEYS.includes(k))
	)
		return 'not exactly the fields of a blocked person';
	const person = value as Record<string, unknown>;
	for (const key of ['communityId', 'pseudonymId']) {
		const id = person[key];
		if (typeof id !== 'string' || !ID_PATTERN.test(id)) return 'not an id';
	}
	for (const key of ['communityName', 'name']) {
		const name = person[key];
		if (typeof name !== 'string') return 'not a name';
		if (name.length > 200) return 'name too long';
	}
	const at = person['blockedAt'];
	if (typeof at !== 'number' || !Number.isFinite(at)) return 'not a time';
	return null;
}

const isBlockList: Check = (value) => {
	if (!Array.isArray(value)) return 'not a list';
	if (value.length > MAX_BLOCKED) return 'too many blocked people';
	for (const person of value) {
		const problem = blockedPersonProblem(person);
		if (problem !== null) return problem;
	}
	return null;
};

const SETTING_CHECKS: { [K in SettingKey]: Check } = {
	country: nullable(matching(/^[A-Z]{2}$/, 'not an ISO 3166-1 alpha-2 code')),
	showPrompts: isBoolean,
	persistAsked: isBoolean,
	locale: nullable(isLocaleTag),
	deviceId: nullable(matching(/^[A-Za-z0-9_-]{1,64}$/, 'not a device id')),
	foldSensitive: isBoolean,
	blocked: isBlockList,
	hideWhenAway: isBoolean,
	journalSync: isBoolean,
	dataSaver: oneOf(['auto', 'on', 'off'], 'not a data saver choice')
};

export function isSettingKey(key: unknown): key is SettingKey {
	return typeof key === 'string' && Object.hasOwn(SETTING_CHECKS, key);
}

/** A value refused by `set`: the caller passed something the type allows but the rules do not. */
export class InvalidSettingError extends Error {
	readonly code = 'invalid-setting';

	constructor(
		readonly key: string,
		detail: string
	) {
		super(`Invalid value for setting ${JSON.stringify(key)}: ${detail}`);
		this.name = 'InvalidSettingError';
	}
}

/** Throws `InvalidSettingError` unless `value` is valid for `key`. */
export function parseSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] {
	const problem = SETTING_CHECKS[key](value);
	if (problem !== null) throw new InvalidSettingError(key, problem);
	// The check above is exactly this key's rule, so the value has the key's type.
	return value as Settings[K];
}

export interface SettingProblem {
	key: string;
	reason: 'invalid-value' | 'unknown-key' | 'not-a-setting-row';
	/** For developers; never shown to a person. */
	detail: string;
}

export interface LoadedSettings {
	settings: Settings;
	problems: SettingProblem[];
}

/** Builds settings from stored `{ key, value }` rows, defaults filling every gap. */
export function readSettings(rows: Iterable<unknown>): LoadedSettings {
	const settings: Settings = { ...DEFAULT_SETTINGS };
	const problems: SettingProblem[] = [];
	for (const row of rows) {
		if (typeof row !== 'object' || row === null || !('key' in row) || !('value' in row)) {
			problems.push({
				key: describeKey(row),
				reason: 'not-a-setting-row',
				detail: 'not { key, value }'
			});
			continue;
		}
		const { key, value } = row;
		if (!isSettingKey(key)) {
			// Perhaps a newer version's setting: left stored, and ignored here.
			problems.push({ key: describeKey(row), reason: 'unknown-key', detail: 'no such setting' });
			continue;
		}
		try {
			assign(settings, key, parseSetting(key, value));
		} catch (e: unknown) {
			if (!(e instanceof InvalidSettingError)) throw e;
			problems.push({ key, reason: 'invalid-value', detail: e.message });
		}
	}
	return { settings, problems };
}

function assign<K extends SettingKey>(settings: Settings, key: K, value: Settings[K]): void {
	settings[key] = value;
}

function describeKey(row: unknown): string {
	const key: unknown = typeof row === 'object' && row !== null && 'key' in row ? row.key : row;
	return typeof key === 'string' ? key : (JSON.stringify(key) ?? String(key));
}
