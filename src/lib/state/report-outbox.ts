/**
 * Reports and moderators' audit entries that could not be sent yet, kept on the device and sent
 * when a connection comes back.
 *
 * A request is tried at once. When it does not reach the server (no network, a dropped link, a
 * server that is away) it is kept, in order, and `flush` sends what is kept. When the server
 * answers with a refusal, the caller hears it at once and nothing is kept: a report the server
 * refuses now would be refused later too, and the person should know while the words are in front
 * of them (a moderator's audit entry meeting a passing failure is kept, though: the change it
 * records is made already). Kept items the server refuses later are dropped and handed back to
 * the caller, so a page can say so, instead of retrying forever. A 429 stops sending until the
 * time it names.
 *
 * Items go through one queue (`#queue`), so a submit and a flush never write the list over each
 * other.
 */
import { newId } from '../domain/ids';
import type { OutboxRepository } from '../storage/outbox.repository';
import { readOutboxItem } from './outbox-item';
import {
	ModerationRefusedError,
	NO_SESSION,
	type AuditBody,
	type ReportBody
} from '../sync/moderation-api';

export type OutboxRequest =
	{ kind: 'report'; body: ReportBody } | { kind: 'audit'; communityId: string; body: AuditBody };

export type OutboxItem = OutboxRequest & { id: string; queuedAt: number };

export interface FlushResult {
	sent: number;
	/** Still waiting: not reached, or the server asked us to wait. */
	kept: number;
	/** The server refused these for good; they are no longer kept. */
	dropped: OutboxItem[];
}

export interface ReportOutboxOptions {
	store: OutboxRepository;
	/** Sends one request: throws `ModerationRefusedError` when refused, anything else when unreached. */
	send: (request: OutboxRequest) => Promise<void>;
	now?: () => number;
	/** Told the number of kept items after every change. */
	onPending?: (count: number) => void;
}

/** A report or entry kept for later could not be kept: the device refused to save it. */
export class OutboxFullError extends Error {
	override name = 'OutboxFullError';
}

/** Server answers that say "not now" rather than "never": keep the item and try again later. */
function isTemporary(e: ModerationRefusedError): boolean {
	return e.status === 429 || e.status >= 500 || e.code === NO_SESSION;
}

export class ReportOutbox {
	readonly #options: ReportOutboxOptions;
	readonly #now: () => number;
	#queue: Promise<unknown> = Promise.resolve();
	/** After a 429, nothing is sent before this time (epoch ms). */
	#notBefore = 0;

	constructor(options: ReportOutboxOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	/**
	 * Sends the request now, or keeps it when it cannot reach the server ('queued'). Throws the
	 * server's `ModerationRefusedError` when it refuses, and `OutboxFullError` when the request could
	 * neither be sent nor kept.
	 */
	submit(request: OutboxRequest): Promise<'sent' | 'queued'> {
		return this.#serial(async () => {
			if (this.#now() >= this.#notBefore) {
				try {
					await this.#options.send(request);
					return 'sent';
				} catch (e: unknown) {
					if (e instanceof ModerationRefusedError) {
						if (e.status === 429) this.#wait(e);
						// A moderator's entry must not be lost to a passing failure: the change it
						// records is made already. A person reporting is told, and may try again.
						if (request.kind === 'report' || !isTemporary(e)) throw e;
					}
				}
			}
			const items = await this.#load();
			items.push({ ...request, id: newId(), queuedAt: this.#now() });
			try {
				await this.#save(items);
			} catch (e: unknown) {
				throw new OutboxFullError('The request could not be kept on this device.', { cause: e });
			}
			return 'queued';
		});
	}

	/** Sends what is kept, oldest first, until one does not get through. */
	flush(): Promise<FlushResult> {
		return this.#serial(async () => {
			const items = await this.#load();
			const result: FlushResult = { sent: 0, kept: items.length, dropped: [] };
			if (items.length === 0) return result;
			const left: OutboxItem[] = [];
			let stopped = this.#now() < this.#notBefore;
			for (const item of items) {
				if (stopped) {
					left.push(item);
					continue;
				}
				try {
					await this.#options.send(requestOf(item));
					result.sent++;
				} catch (e: unknown) {
					if (e instanceof ModerationRefusedError && !isTemporary(e)) {
						result.dropped.push(item);
						continue;
					}
					if (e instanceof ModerationRefusedError && e.status === 429) this.#wait(e);
					stopped = true;
					left.push(item);
				}
			}
			result.kept = left.length;
			// If saving fails, the sent items stay kept and go again: a duplicate report or audit
			// entry is harmless, a lost one is not.
			await this.#save(left);
			return result;
		});
	}

	/** How many requests are waiting. */
	async pending(): Promise<number> {
		return (await this.#load()).length;
	}

	#wait(e: ModerationRefusedError): void {
		this.#notBefore = this.#now() + (e.retryAfterMs ?? 60_000);
	}

	async #load(): Promise<OutboxItem[]> {
		const stored = await this.#options.store.load();
		return stored.flatMap((raw) => {
			const item = readOutboxItem(raw);
			return item === null ? [] : [item];
		});
	}

	async #save(items: OutboxItem[]): Promise<void> {
		await this.#options.store.save(items);
		this.#options.onPending?.(items.length);
	}

	#serial<T>(task: () => Promise<T>): Promise<T> {
		const next = this.#queue.then(task);
		this.#queue = next.catch(() => {});
		return next;
	}
}

function requestOf(item: OutboxItem): OutboxRequest {
	return item.kind === 'report'
		? { kind: 'report', body: item.body }
		: { kind: 'audit', communityId: item.communityId, body: item.body };
}
