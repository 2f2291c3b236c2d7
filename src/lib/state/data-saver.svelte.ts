/**
 * Whether data saver is in force now, reactively: the person's choice (Settings) or, on
 * 'auto', what the browser reports about the link, followed as it changes (`navigator.connection`
 * fires 'change' when the link or the Save-Data preference does).
 *
 * While in force: joined communities the person is not looking at do not sync until they open
 * them or tap "Sync now", and the app does not look for updates by itself. Journal sync between
 * the person's own devices carries on (small, sealed text).
 */
import {
	decideDataSaver,
	type DataSaverChoice,
	type DataSaverDecision,
	type LinkReport
} from '../domain/data/data-saver';
import { settings } from './settings.svelte';

/** What the Network Information API offers, where a browser has it. */
export interface ConnectionSource extends LinkReport {
	addEventListener(type: 'change', listener: () => void): void;
	removeEventListener(type: 'change', listener: () => void): void;
}

type Listener = (inForce: boolean) => void;

export class DataSaverState {
	#report = $state.raw<LinkReport | null>(null);
	#source: ConnectionSource | null = null;
	/** Plain callbacks, not reactive state: a Set here would be one more thing to track. */
	#listeners: Listener[] = [];
	#wasInForce = false;

	readonly decision: DataSaverDecision = $derived(
		decideDataSaver(settings.values.dataSaver, this.#report)
	);

	get inForce(): boolean {
		return this.decision.inForce;
	}

	/** Follows the browser's reports; by default `navigator.connection`, when it exists. */
	start(source: ConnectionSource | null = browserConnection()): void {
		this.stop();
		this.#source = source;
		this.#read();
		source?.addEventListener('change', this.#onChange);
		this.#wasInForce = this.inForce;
	}

	stop(): void {
		this.#source?.removeEventListener('change', this.#onChange);
		this.#source = null;
	}

	/** The person's choice, saved with the other settings; listeners hear if that changes things. */
	async choose(choice: DataSaverChoice): Promise<void> {
		await settings.set('dataSaver', choice);
		this.#tell();
	}

	/** Calls `listener` each time data saver comes into or goes out of force; returns how to stop. */
	onChange(listener: Listener): () => void {
		const entry: Listener = (inForce) => listener(inForce);
		this.#listeners.push(entry);
		return () => {
			this.#listeners = this.#listeners.filter((other) => other !== entry);
		};
	}

	readonly #onChange = () => {
		this.#read();
		this.#tell();
	};

	#read(): void {
		const source = this.#source;
		this.#report =
			source === null ? null : { saveData: source.saveData, effectiveType: source.effectiveType };
	}

	#tell(): void {
		const now = this.inForce;
		if (now === this.#wasInForce) return;
		this.#wasInForce = now;
		for (const listener of [...this.#listeners]) listener(now);
	}
}

function browserConnection(): ConnectionSource | null {
	if (typeof navigator === 'undefined') return null;
	const connection: unknown = Reflect.get(navigator, 'connection');
	return isConnectionSource(connection) ? connection : null;
}

function isConnectionSource(value: unknown): value is ConnectionSource {
	return (
		typeof value === 'object' &&
		value !== null &&
		'addEventListener' in value &&
		typeof value.addEventListener === 'function'
	);
}

export const dataSaver = new DataSaverState();
