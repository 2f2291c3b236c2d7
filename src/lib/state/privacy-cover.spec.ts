import { describe, expect, it } from 'vitest';
import { PrivacyCover, type PrivacyCoverEnvironment } from './privacy-cover.svelte';

/** A page whose visibility, focus and display mode the test sets, with events it sends. */
function fakePage({ standalone = false, hidden = false } = {}) {
	const state = { hidden, focused: !hidden, standalone };
	const env: PrivacyCoverEnvironment = {
		document: new EventTarget(),
		window: new EventTarget(),
		isHidden: () => state.hidden,
		hasFocus: () => state.focused,
		isStandalone: () => state.standalone
	};
	return {
		env,
		hide() {
			state.hidden = true;
			state.focused = false;
			env.document.dispatchEvent(new Event('visibilitychange'));
		},
		show() {
			state.hidden = false;
			state.focused = true;
			env.document.dispatchEvent(new Event('visibilitychange'));
		},
		send(target: 'window' | 'document', type: string) {
			env[target].dispatchEvent(new Event(type));
		},
		state
	};
}

function started(
	options: { standalone?: boolean; hidden?: boolean; enabled?: () => boolean } = {}
) {
	const page = fakePage(options);
	const cover = new PrivacyCover(options.enabled ?? (() => true));
	const stop = cover.start(page.env);
	return { page, cover, stop };
}

describe('the privacy cover', () => {
	it('covers the page while it is hidden, and uncovers it when it is visible again', () => {
		const { page, cover } = started();
		expect(cover.shown).toBe(false);
		page.hide();
		expect(cover.shown).toBe(true);
		page.show();
		expect(cover.shown).toBe(false);
	});

	it('covers as the page is put away, and uncovers when it comes back from the cache', () => {
		const { page, cover } = started();
		page.send('window', 'pagehide');
		expect(cover.shown).toBe(true);
		page.send('window', 'pageshow');
		expect(cover.shown).toBe(false);
	});

	it('starts covered when the page opens out of sight', () => {
		const { page, cover } = started({ hidden: true });
		expect(cover.shown).toBe(true);
		page.show();
		expect(cover.shown).toBe(false);
	});

	it('covers the installed app when its window loses focus, until focus comes back', () => {
		const { page, cover } = started({ standalone: true });
		page.state.focused = false;
		page.send('window', 'blur');
		expect(cover.shown).toBe(true);
		page.state.focused = true;
		page.send('window', 'focus');
		expect(cover.shown).toBe(false);
	});

	it('ignores a lost focus in a browser tab, where it only means a click elsewhere', () => {
		const { page, cover } = started({ standalone: false });
		page.send('window', 'blur');
		expect(cover.shown).toBe(false);
	});

	it('stays over the installed app that is visible again but still without focus', () => {
		const { page, cover } = started({ standalone: true });
		page.send('window', 'blur');
		page.hide();
		page.state.hidden = false;
		page.send('document', 'visibilitychange');
		expect(cover.shown).toBe(true);
		page.state.focused = true;
		page.send('document', 'visibilitychange');
		expect(cover.shown).toBe(false);
	});

	it('goes away at a tap, even when the browser never said the page was back', () => {
		const { page, cover } = started({ standalone: true });
		page.hide();
		page.send('window', 'blur');
		page.send('window', 'pointerdown');
		expect(cover.shown).toBe(false);
	});

	it('never covers when the setting is off, and follows the setting as it changes', () => {
		let enabled = false;
		const { page, cover } = started({ standalone: true, enabled: () => enabled });
		page.hide();
		page.send('window', 'blur');
		expect(cover.shown).toBe(false);
		enabled = true;
		expect(cover.shown).toBe(true);
		enabled = false;
		expect(cover.shown).toBe(false);
	});

	it('stops listening when stopped, leaving the page uncovered', () => {
		const { page, cover, stop } = started();
		page.hide();
		stop();
		expect(cover.shown).toBe(false);
		page.hide();
		page.send('window', 'pagehide');
		expect(cover.shown).toBe(false);
	});
});
