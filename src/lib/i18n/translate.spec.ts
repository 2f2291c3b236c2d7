import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MOOD_LEVELS } from '../domain/journal/entry';
import { SUGGESTED_FEELINGS } from '../domain/journal/tags';
import { PROMPT_IDS } from '../components/prompts';
import { en, type Message } from './messages/en';
import { backupMessages } from './messages/en-backup';
import { dataMessages } from './messages/en-data';
import { storageMessages } from './messages/en-storage';
import { communityMessages } from './messages/en-community';
import { deleteMessages } from './messages/en-delete';
import { identityMessages } from './messages/en-identity';
import { journalLockMessages } from './messages/en-journal-lock';
import { journalSyncMessages } from './messages/en-journal-sync';
import { linkMessages } from './messages/en-link';
import { moderationMessages } from './messages/en-moderation';
import { homeMessages } from './messages/en-home';
import { moodViewMessages } from './messages/en-mood-view';
import { crisisMessages } from './messages/en-crisis';
import { settingsMessages } from './messages/en-settings';
import { isMessageKey, locale, setLocale, t, textDirection } from './translate';
import './backup-messages';
import './data-messages';
import './storage-messages';
import './community-messages';
import './delete-messages';
import './identity-messages';
import './journal-lock-messages';
import './journal-sync-messages';
import './link-messages';
import './moderation-messages';
import './home-messages';
import './mood-view-messages';
import './crisis-messages';
import './settings-messages';

afterEach(() => setLocale('en'));

describe('t', () => {
	it('puts each parameter into its placeholder, as text', () => {
		expect(t('journal.noResults', { query: 'rain' })).toBe('Nothing matches “rain”.');
		expect(t('settings.usageOf', { used: '2 MB', quota: '1 GB' })).toBe(
			'Hearth uses about 2 MB of the 1 GB this browser allows.'
		);
		// Replacement patterns and markup in a value arrive as typed, never interpreted.
		expect(t('journal.noResults', { query: "$& $' <b>" })).toBe("Nothing matches “$& $' <b>”.");
	});

	it('leaves a placeholder visible when its parameter is missing', () => {
		expect(t('journal.noResults')).toBe('Nothing matches “{query}”.');
		expect(t('settings.usageOf', { used: '2 MB' })).toBe(
			'Hearth uses about 2 MB of the {quota} this browser allows.'
		);
	});

	it.each([
		[1, '1 entry'],
		[2, '2 entries'],
		[0, '0 entries']
	])('chooses the plural form for a count of %i', (count, expected) => {
		expect(t('journal.total', { count })).toBe(expected);
	});

	it('chooses a plural form for a count given as text', () => {
		expect(t('storage.unreadable', { count: '1' })).toMatch(/^1 journal entry could not/);
	});

	it('falls back to English for a language it has no catalogue for', () => {
		setLocale('xx');
		expect(locale()).toBe('en');
		expect(t('nav.home')).toBe('Home');
	});
});

describe('textDirection', () => {
	it.each([
		['ar', 'rtl'],
		['ar-EG', 'rtl'],
		['he', 'rtl'],
		['FA-IR', 'rtl'],
		['en-GB', 'ltr'],
		['en', 'ltr'],
		['arn', 'ltr'],
		['', 'ltr']
	] as const)('%j is written %s', (lang, direction) => {
		expect(textDirection(lang)).toBe(direction);
	});
});

describe('isMessageKey', () => {
	it('knows the catalogue’s keys and nothing else', () => {
		expect(isMessageKey('nav.home')).toBe(true);
		expect(isMessageKey('prompt.small-good')).toBe(true);
		expect(isMessageKey('prompt.no-such-prompt')).toBe(false);
		expect(isMessageKey('')).toBe(false);
		// Not fooled by what every object inherits.
		expect(isMessageKey('constructor')).toBe(false);
		expect(isMessageKey('toString')).toBe(false);
	});
});

/** Keys built at run time from ids, so they never appear whole in the source. */
const DYNAMIC_PREFIXES = ['mood.', 'feeling.', 'prompt.', 'moodView.trend.'];

const SRC = fileURLToPath(new URL('../..', import.meta.url));

/** The app's own source: components, routes, state and the rest; not tests, not catalogues. */
function readSource(): { file: string; text: string }[] {
	return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
		.filter((file) => /\.(svelte|ts)$/.test(file) && !file.endsWith('.spec.ts'))
		.filter((file) => !file.split(/[\\/]/).includes('messages'))
		.map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));
}

function matches(text: string, pattern: RegExp, group: number): string[] {
	return [...text.matchAll(pattern)].map((match) => match[group] ?? '');
}

const parts = {
	en,
	identity: identityMessages,
	community: communityMessages,
	delete: deleteMessages,
	moderation: moderationMessages,
	'journal-lock': journalLockMessages,
	backup: backupMessages,
	data: dataMessages,
	storage: storageMessages,
	link: linkMessages,
	'journal-sync': journalSyncMessages,
	home: homeMessages,
	'mood-view': moodViewMessages,
	crisis: crisisMessages,
	settings: settingsMessages
};
const entries: [string, Message][] = Object.values(parts).flatMap((part) => Object.entries(part));
const keys = entries.map(([key]) => key);
const source = readSource();

describe('the English catalogue', () => {
	it('has words in every message and every plural form', () => {
		const empty = entries.flatMap(([key, message]) =>
			(typeof message === 'string' ? [message] : Object.values(message))
				.filter((text) => text.trim() === '')
				.map(() => key)
		);
		expect(empty).toEqual([]);
	});

	it('gives every plural message an `other` form', () => {
		const withoutOther = entries
			.filter(([, message]) => typeof message !== 'string' && typeof message.other !== 'string')
			.map(([key]) => key);
		expect(withoutOther).toEqual([]);
	});

	it('has every key the source passes to t()', () => {
		expect(source.length).toBeGreaterThan(20);
		const missing = source.flatMap(({ file, text }) =>
			matches(text, /\bt\(\s*(['"`])([^'"`$]+)\1/g, 2)
				.filter((key) => !isMessageKey(key))
				.map((key) => `${file}: ${key}`)
		);
		expect(missing).toEqual([]);
	});

	it('has a message for every id the app looks up by prefix', () => {
		const ids = [
			...MOOD_LEVELS.map((level) => `mood.${level}`),
			...SUGGESTED_FEELINGS.map((feeling) => `feeling.${feeling}`),
			...PROMPT_IDS.map((prompt) => `prompt.${prompt}`)
		];
		expect(ids.filter((key) => !isMessageKey(key))).toEqual([]);
		const families = keys.filter((key) => /^(mood|feeling|prompt)\./.test(key));
		expect(families.filter((key) => !ids.includes(key))).toEqual([]);
	});

	it('has no message the source never uses', () => {
		const literals = new Set(
			source.flatMap(({ text }) => matches(text, /(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g, 2))
		);
		const unused = keys.filter(
			(key) => !literals.has(key) && !DYNAMIC_PREFIXES.some((prefix) => key.startsWith(prefix))
		);
		expect(unused).toEqual([]);
	});

	it('keeps each key in one part only', () => {
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('has each part imported by every module that uses its keys, so its words are loaded', () => {
		const missing = source.flatMap(({ file, text }) => {
			const literals = new Set(matches(text, /(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g, 2));
			return (Object.keys(parts) as (keyof typeof parts)[])
				.filter((part) => part !== 'en')
				.filter((part) => Object.keys(parts[part]).some((key) => literals.has(key)))
				.filter((part) => !text.includes(`i18n/${part}-messages'`))
				.map((part) => `${file}: ${part}`);
		});
		expect(missing).toEqual([]);
	});
});

describe('a part of the catalogue', () => {
	it('is what t() reads once loaded', () => {
		expect(t('identity.welcome.title')).toBe(identityMessages['identity.welcome.title']);
		expect(t('community.loading')).toBe(communityMessages['community.loading']);
	});
});
