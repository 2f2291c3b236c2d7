// A page title shows in the task switcher, the browser's tab list and its history, where anyone
// holding a shared phone can read it. So no page may put what it shows (an entry, a post, a
// thread, a community's or a person's name) in its title: titles come only from a short list of
// fixed words. This reads every page and component, so a new page cannot slip past it; the
// browser suite (tests/e2e/discretion.e2e.ts) checks the titles the running app really has.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

/** Message keys a title may use: the app's name and fixed screen names, never content. */
const TITLE_KEYS = new Set(['app.name', 'identity.welcome.title', 'identity.restore.title']);

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(path);
		return /\.(svelte|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts') ? [path] : [];
	});
}

const files = ['routes', 'lib'].flatMap((dir) => sourceFiles(join(SRC, dir)));

/** Whether a title's text is only fixed words: `{t('key')}` with allowed keys, and separators. */
function isGeneric(title: string): boolean {
	const rest = title.replace(/\{t\('([\w.]+)'\)\}/g, (whole, key: string) =>
		TITLE_KEYS.has(key) ? '' : whole
	);
	return /^[\s·|–-]*$/.test(rest);
}

describe('page titles', () => {
	it('finds the pages to check', () => {
		expect(files.some((file) => file.endsWith(join('routes', 'journal', '+page.svelte')))).toBe(
			true
		);
	});

	it.each([
		["{t('app.name')}", true],
		["{t('identity.welcome.title')} · {t('app.name')}", true],
		["{entry.text} · {t('app.name')}", false],
		["{t('community.title', { name })}", false],
		["{t('journal.title')}", false],
		['Anxiety', false]
	])('tell the title %s apart (generic: %s)', (title, generic) => {
		expect(isGeneric(title)).toBe(generic);
	});

	it('are only ever fixed words', () => {
		// Only titles in <svelte:head> name the page; an SVG's <title> is a tooltip inside it.
		const titles = files.flatMap((file) =>
			[...readFileSync(file, 'utf8').matchAll(/<svelte:head>([\s\S]*?)<\/svelte:head>/g)]
				.flatMap((head) => [...(head[1] ?? '').matchAll(/<title>([\s\S]*?)<\/title>/g)])
				.map((match) => ({ file: relative(SRC, file), title: match[1] ?? '' }))
		);
		expect(titles.length).toBeGreaterThan(0);
		expect(readFileSync(join(SRC, 'app.html'), 'utf8')).toMatch(/<title>Hearth<\/title>/);
		expect(titles.filter(({ title }) => !isGeneric(title))).toEqual([]);
	});

	it('are never set from code, except blanked by the quick exit', () => {
		const setters = files.filter((file) => {
			const assignments = readFileSync(file, 'utf8').match(/document\.title\s*=(?!=)[^;\n]*/g);
			return assignments?.some((assignment) => !/=\s*''$/.test(assignment)) ?? false;
		});
		expect(setters.map((file) => relative(SRC, file))).toEqual([]);
	});
});
