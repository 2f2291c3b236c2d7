/**
 * The privacy cover: while Hearth is out of sight (another app in front, the task switcher, a
 * phone put down), a plain cover hides whatever the page shows, so the system's snapshot of the
 * app and a glance at a shared phone reveal nothing personal. It is not a lock: coming back takes
 * it away at once.
 *
 * Two reasons to cover, kept apart because different events end them:
 * - hidden: the page is not visible (`visibilitychange`, or `pagehide` as the page is put away or
 *   into the back/forward cache). It ends when the page is visible again.
 * - blurred: the installed app's window lost focus. Android takes the app switcher's snapshot
 *   around then, before the page is reported hidden. In a browser tab a blur means nothing of the
 *   kind (a click in the address bar), so there it is ignored. It ends when focus comes back.
 * Any tap on the page also ends both: a person looking at the cover is here, whatever event the
 * browser failed to send.
 */
import { flushSync } from 'svelte';
import { settings } from './settings.svelte';

/** The parts of the browser the cover listens to; tests pass their own. */
export interface PrivacyCoverEnvironment {
	document: EventTarget;
	window: EventTarget;
	/** Whether the page is out of sight now. */
	isHidden(): boolean;
	/** Whether the page has the keyboard focus now. */
	hasFocus(): boolean;
	/** Whether Hearth runs installed, in a window of its own rather than a browser tab. */
	isStandalone(): boolean;
}

export function browserEnvironment(): PrivacyCoverEnvironment {
	const standalone = window.matchMedia('(display-mode: standalone)');
	return {
		document,
		window,
		isHidden: () => document.visibilityState === 'hidden',
		hasFocus: () => document.hasFocus(),
		isStandalone: () => standalone.matches
	};
}

export class PrivacyCover {
	#hidden = $state(false);
	#blurred = $state(false);
	readonly #enabled: () => boolean;

	/** `enabled` is read each time: turning the setting off takes the cover away at once. */
	constructor(enabled: () => boolean) {
		this.#enabled = enabled;
	}

	/** Whether the cover is over the page now. */
	get shown(): boolean {
		return (this.#hidden || this.#blurred) && this.#enabled();
	}

	/** Listens for the page going out of sight and coming back; returns the function that stops. */
	start(env: PrivacyCoverEnvironment = browserEnvironment()): () => void {
		const listeners: [EventTarget, string, () => void][] = [
			[env.document, 'visibilitychange', () => this.#seen(env)],
			[env.window, 'pagehide', () => this.#cover('hidden')],
			[env.window, 'pageshow', () => this.#seen(env)],
			[env.window, 'blur', () => this.#lostFocus(env)],
			[env.window, 'focus', () => (this.#blurred = false)],
			[env.window, 'pointerdown', () => this.reveal()]
		];
		for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
		this.#hidden = env.isHidden();
		return () => {
			for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
			this.reveal();
		};
	}

	/** Takes the cover away: the person is back. */
	reveal(): void {
		this.#hidden = false;
		this.#blurred = false;
	}

	#seen(env: PrivacyCoverEnvironment): void {
		if (env.isHidden()) {
			this.#cover('hidden');
			return;
		}
		this.#hidden = false;
		// Visible but without focus: the installed app may sit beside another app that has it.
		if (env.hasFocus()) this.#blurred = false;
	}

	#lostFocus(env: PrivacyCoverEnvironment): void {
		if (env.isStandalone()) this.#cover('blurred');
	}

	#cover(reason: 'hidden' | 'blurred'): void {
		if (reason === 'hidden') this.#hidden = true;
		else this.#blurred = true;
		// The system may take its snapshot right after this event: draw the cover now, not on the
		// next microtask.
		flushSync();
	}
}

export const privacyCover = new PrivacyCover(() => settings.values.hideWhenAway);
