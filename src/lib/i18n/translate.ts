/**
 * The one door to user-facing words. Every string the app shows is a key in a catalogue
 * (`messages/en.ts` is the source; other languages will sit beside it with the same keys).
 *
 * A message is either plain text with `{name}` placeholders, or a set of plural forms chosen by
 * `Intl.PluralRules` from the `count` parameter, so translations can follow their own grammar.
 * Values are inserted as text; nothing here ever produces HTML.
 *
 * The catalogue arrives in parts: `en` at start (the frame's and the journal's words), and every
 * other screen's words with that screen (`home-messages.ts`, `settings-messages.ts`,
 * `community-messages.ts` and the rest, imported by every module that uses their keys), so a page
 * carries only the words it can show.
 */
import { en, type Catalogue, type MessageKey } from './messages/en';
import type { Message } from './messages/message';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

/** Languages written right to left; the layout uses logical CSS properties to follow `dir`. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

type LoadedCatalogue = Partial<Catalogue>;

/** English as loaded so far: the fallback for every language. */
const english: LoadedCatalogue = { ...en };
const catalogues: Record<string, LoadedCatalogue> = { en: english };

let activeLocale = 'en';
let plural = new Intl.PluralRules(activeLocale);

export function setLocale(locale: string): void {
	activeLocale = locale in catalogues ? locale : 'en';
	plural = new Intl.PluralRules(activeLocale);
}

export function locale(): string {
	return activeLocale;
}

export function textDirection(lang: string = activeLocale): 'ltr' | 'rtl' {
	return RTL_LANGUAGES.has(lang.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

/** Adds a part of the English catalogue; called once by each part's module as it loads. */
export function addMessages(part: Partial<Record<MessageKey, Message>>): void {
	Object.assign(english, part);
}

export function t(key: MessageKey, params: MessageParams = {}): string {
	const message = catalogues[activeLocale]?.[key] ?? english[key];
	if (message === undefined) {
		// A module used a key without importing its part: a bug translate.spec.ts looks for.
		console.error(`No message loaded for ${key}`);
		return key;
	}
	let text: string;
	if (typeof message === 'string') {
		text = message;
	} else {
		const count = Number(params.count ?? 0);
		const form = plural.select(count);
		text = (message as Partial<Record<Intl.LDMLPluralRule, string>>)[form] ?? message.other;
	}
	return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : whole
	);
}

/** Whether `key` is in the catalogue as loaded so far. */
export function isMessageKey(key: string): key is MessageKey {
	return Object.hasOwn(english, key);
}
