/**
 * This device's local settings: what they are, their defaults, and which values are valid.
 * Settings never leave the device. A stored value that is missing, damaged or from another
 * version falls back to its default and is reported, so a bad row can never stop the app.
 */

import * as v from 'valibot';
import { MAX_BLOCKED, type BlockedPerson } from '../domain/safety/block-list';

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
	journalSync: false
});

const ID = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'not an id'));

const BLOCKED_PERSON = v.strictObject({
	communityId: ID,
	communityName: v.pipe(v.string(), v.maxLength(200, 'name too long')),
	pseudonymId: ID,
	name: v.pipe(v.string(), v.maxLength(200, 'name too long')),
	blockedAt: v.pipe(v.number(), v.finite('not a time'))
});

function isLocaleTag(tag: string): boolean {
	try {
		return Intl.getCanonicalLocales(tag).length === 1;
	} catch {
		// getCanonicalLocales throws RangeError for anything that is not a well-formed tag.
		return false;
	}
}

const SETTING_SCHEMAS: { [K in SettingKey]: v.GenericSchema<unknown, Settings[K]> } = {
	country: v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'not an ISO 3166-1 alpha-2 code'))),
	showPrompts: v.boolean(),
	persistAsked: v.boolean(),
	locale: v.nullable(v.pipe(v.string(), v.check(isLocaleTag, 'not a BCP 47 language tag'))),
	deviceId: v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a device id'))),
	foldSensitive: v.boolean(),
	blocked: v.pipe(v.array(BLOCKED_PERSON), v.maxLength(MAX_BLOCKED, 'too many blocked people')),
	hideWhenAway: v.boolean(),
	journalSync: v.boolean()
};

export function isSettingKey(key: unknown): key is SettingKey {
	return typeof key === 'string' && Object.hasOwn(SETTING_SCHEMAS, key);
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
	const schema: v.GenericSchema<unknown, Settings[K]> = SETTING_SCHEMAS[key];
	const result = v.safeParse(schema, value);
	if (!result.success) throw new InvalidSettingError(key, result.issues[0].message);
	return result.output;
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
