/**
 * The one door to user-facing words. Every string the app shows is a key in a catalogue
 * (`messages/en.ts` is the source; other languages will sit beside it with the same keys).
 *
 * A message is either plain text with `{name}` placeholders, or a set of plural forms chosen by
 * `Intl.PluralRules` from the `count` parameter, so translations can follow their own grammar.
 * Values are inserted as text; nothing here ever produces HTML.
 */
import { en, type Catalogue, type MessageKey } from './messages/en';

export type { MessageKey };
export type MessageParams = Record<string, string | number>;

/** Languages written right to left; the layout uses logical CSS properties to follow `dir`. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb']);

const catalogues: Record<string, Catalogue> = { en };

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

export function t(key: MessageKey, params: MessageParams = {}): string {
	const message = (catalogues[activeLocale] ?? en)[key] ?? en[key];
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

export function isMessageKey(key: string): key is MessageKey {
	return Object.hasOwn(en, key);
}
