/**
 * The shipped crisis-line directory and the person's country. The data file is part of the app
 * (precached like the rest of the shell), so this works with no connection. It is validated as it
 * loads: a malformed file shows a plain message and the emergency advice, never a wrong number.
 */
import {
	findCountry,
	parseCrisisDirectory,
	suggestCountry,
	type CrisisCountry,
	type CrisisDirectory
} from '../domain/crisis/crisis-lines';
import { settings } from './settings.svelte';

class CrisisState {
	directory = $state.raw<CrisisDirectory | null>(null);
	failed = $state(false);
	#loading: Promise<void> | null = null;

	load(): Promise<void> {
		this.#loading ??= import('../data/crisis-lines.json')
			.then((module) => {
				// The shipped file's dates are checked by a unit test; here a phone whose clock is
				// wrong must still see the numbers, so no date is compared with the device's clock.
				this.directory = parseCrisisDirectory(module.default, Number.POSITIVE_INFINITY);
			})
			.catch((e: unknown) => {
				console.error('Crisis directory could not be loaded', e);
				this.failed = true;
			});
		return this.#loading;
	}

	country(code: string): CrisisCountry | undefined {
		if (!this.directory) void this.load();
		return this.directory ? findCountry(this.directory, code) : undefined;
	}

	/** The remembered country, else a guess from the browser's languages (not remembered). */
	get current(): CrisisCountry | undefined {
		if (!this.directory) return undefined;
		const code = settings.values.country ?? suggestCountry(this.directory, navigator.languages);
		return code ? findCountry(this.directory, code) : undefined;
	}

	choose(code: string): Promise<void> {
		return settings.set('country', code || null);
	}
}

export const crisisDirectory = new CrisisState();
