/**
 * How a community room recovers when the server will not take what this device wrote
 * (DESIGN.md: "after a refusal the sender cannot simply continue").
 *
 * Yjs needs each client id's items in unbroken order, so after a 4422 the refused items can never
 * be skipped: the document is rebuilt. Its own records the server does not hold are first kept
 * durably (as `replaying`); then the local log is forgotten and a fresh Y.Doc (a fresh client id)
 * syncs the server's copy; then each record is replayed, if the change policy allows it there now,
 * each as its own update. What the policy refuses, or what the server refuses again, becomes a
 * draft with the reason, for the person to copy, try again or discard. A second refusal during a
 * replay is never followed by a third try: everything not on the server by then becomes a draft.
 * A reload at any point loses nothing: the held rows outlive the document, and a room that loads
 * with `replaying` rows picks the replay up once its document syncs.
 *
 * The same rebuild serves a room that turns read-only (a moderator's pause, guidelines to accept
 * again): its unsent records would close every connection (4403), so they become drafts at once.
 *
 * The room provides the documents (`RecoveryHost`); this module holds the order of things. One
 * recovery at a time per document.
 */
import type { CommunityRepository, HeldMap, HeldRecord } from '../storage/community.repository';
import type { SeenDeletion } from '../storage/community.repository';
import type {
	OwnRecord as OwnRecordInput,
	ReplayOutcome as ReplayResult
} from '../sync/replay-records';
import type { ReadOnlyReason } from '../sync/sync-grant';

/** The document side's words (`sync/replay-records.ts`), under the names this module uses. */
export type { OwnRecordInput, ReplayResult };

/** Where a document's connection stands, once it stands somewhere. */
export type Settled =
	| { kind: 'synced' }
	| { kind: 'refused'; rule: string | null }
	| { kind: 'read-only'; reason: ReadOnlyReason }
	/** Closed, stopped for another reason, or the room closed: try again on the next sync. */
	| { kind: 'away' };

export interface RecoveryHost {
	readonly communityId: string;
	readonly store: Pick<
		CommunityRepository,
		'listHeld' | 'saveHeld' | 'removeHeld' | 'listDeletions' | 'saveDeletions'
	>;
	now(): number;
	/** The document (room) name of a part. */
	docName(part: string): string;
	/** The part a document name belongs to, or null when it is not this community's. */
	partOf(docName: string): string | null;
	/** The person's own records in the document that the server is not known to hold. */
	unsent(part: string): OwnRecordInput[];
	/** Closes the document, forgets its log on this device, and opens it fresh (new client id). */
	reopen(part: string): Promise<void>;
	/**
	 * Resolves once the document's connection is synced and `ready()` holds, or it is refused,
	 * read-only, or gone. Waits through being offline.
	 */
	settle(part: string, ready?: () => boolean): Promise<Settled>;
	replay(part: string, record: HeldRecord): ReplayResult;
	/** The document holds the record as it is, and the server is known to hold it. */
	delivered(part: string, record: HeldRecord): boolean;
	/** The document holds the record as it is. */
	holds(part: string, record: HeldRecord): boolean;
	/** Entries the document holds as deleted (see `replay-records.ts`, `seenDeletions`). */
	seenDeletions(part: string): SeenDeletion[];
	/** Deletes again those the rebuilt document (the server's copy) still holds; how many. */
	deleteAgain(part: string, deletions: readonly SeenDeletion[]): number;
	/** The held records changed: what the room shows. */
	show(held: readonly HeldRecord[]): void;
}

/** Why a record became a draft when a second refusal cut a replay short before it was judged. */
export const NOT_SENT = 'not-sent';
/** A 4422 whose reason named no rule. */
export const REFUSED = 'refused';

export class RoomRecovery {
	readonly #host: RecoveryHost;
	#held: HeldRecord[] = [];
	readonly #runs = new Map<string, Promise<void>>();
	/** Deletions seen before a rebuild, per document name, to make again on the server's copy. */
	#deletions = new Map<string, SeenDeletion[]>();
	#loaded: Promise<void> | null = null;

	constructor(host: RecoveryHost) {
		this.#host = host;
	}

	get held(): readonly HeldRecord[] {
		return this.#held;
	}

	/** Reads the held records from the device; call once when the room loads. */
	load(): Promise<void> {
		this.#loaded ??= this.#reload();
		return this.#loaded;
	}

	/** Whether a recovery of this document is under way. */
	busy(part: string): boolean {
		return this.#runs.has(part);
	}

	/** Whether records of this document wait to be sent again, or deletions to be made again. */
	pending(part: string): boolean {
		const docName = this.#host.docName(part);
		return (
			this.#deletions.has(docName) ||
			this.#held.some((h) => h.docName === docName && h.state === 'replaying')
		);
	}

	/** The documents a recovery still has work in: the room opens them. */
	get documents(): string[] {
		return [...new Set([...this.#held.map((h) => h.docName), ...this.#deletions.keys()])];
	}

	/** The server refused this document's update (4422): rebuild it and replay. */
	refused(part: string, rule: string | null): Promise<void> {
		return this.#run(part, async () => {
			const reason = rule ?? REFUSED;
			await this.#hold(this.#host.unsent(part), part, 'replaying', reason);
			// Kept durably like the records: a reload before the rebuilt copy syncs loses nothing.
			await this.#keepDeletions(part, this.#host.seenDeletions(part));
			await this.#host.reopen(part);
			await this.#replay(part);
		});
	}

	/** The document turned read-only with records the server lacks: they become drafts. */
	readOnly(part: string, reason: ReadOnlyReason): Promise<void> {
		return this.#run(part, async () => {
			const unsent = this.#host.unsent(part);
			if (unsent.length === 0) return;
			await this.#hold(unsent, part, 'draft', reason);
			await this.#host.reopen(part);
		});
	}

	/** Picks up a replay a reload (or going offline) interrupted. */
	resume(part: string): Promise<void> {
		if (!this.pending(part)) return Promise.resolve();
		return this.#run(part, () => this.#replay(part));
	}

	/** Sends a draft again, the same way as a replay. */
	async retry(draft: { map: HeldMap; key: string }): Promise<void> {
		const record = this.#find(draft);
		const part = record === undefined ? null : this.#host.partOf(record.docName);
		if (record === undefined || part === null) return;
		await this.#run(part, async () => {
			await this.#save([{ ...record, state: 'replaying' }]);
			await this.#replay(part);
		});
	}

	async discard(draft: { map: HeldMap; key: string }): Promise<void> {
		await this.#remove([draft]);
	}

	#run(part: string, work: () => Promise<void>): Promise<void> {
		const previous = this.#runs.get(part) ?? Promise.resolve();
		const next = previous.then(async () => {
			await this.load();
			await work();
		});
		const tracked = next.finally(() => {
			if (this.#runs.get(part) === tracked) this.#runs.delete(part);
		});
		this.#runs.set(part, tracked);
		return tracked;
	}

	async #replay(part: string): Promise<void> {
		const docName = this.#host.docName(part);
		const pending = this.#held.filter((h) => h.docName === docName && h.state === 'replaying');
		const deletions = this.#deletions.get(docName);
		if (pending.length === 0 && deletions === undefined) return;
		const start = await this.#host.settle(part);
		if (start.kind === 'away') return;
		if (start.kind === 'synced' && deletions !== undefined) {
			this.#host.deleteAgain(part, deletions);
		}
		// Made, or no longer possible (the room refuses or reads only): either way, done with.
		if (deletions !== undefined) await this.#keepDeletions(part, []);
		if (pending.length === 0) return;
		if (start.kind !== 'synced') {
			const reason = start.kind === 'refused' ? (start.rule ?? REFUSED) : start.reason;
			return this.#toDrafts(pending, reason);
		}
		const sent: HeldRecord[] = [];
		const drafts: HeldRecord[] = [];
		for (const record of pending) {
			const result = this.#host.replay(part, record);
			if (result.kind === 'written' || result.kind === 'present') sent.push(record);
			else drafts.push(draft(record, result.kind === 'missing' ? 'missing' : result.rule));
		}
		await this.#save(drafts);
		if (sent.length === 0) return;
		const end = await this.#host.settle(part, () =>
			sent.every((record) => this.#host.delivered(part, record))
		);
		if (end.kind === 'synced') return this.#remove(sent);
		if (end.kind === 'away') return; // still `replaying`, in the document: resumed later
		if (end.kind === 'read-only') {
			await this.#toDrafts(sent, end.reason);
			return this.#host.reopen(part);
		}
		await this.#afterSecondRefusal(part, sent, end.rule ?? REFUSED);
	}

	/**
	 * Refused again while replaying: no third try. Everything goes to drafts first (durably), then
	 * a fresh copy shows what the server took after all (it stores updates in order, so those
	 * before the refused one are there); the first of the rest is the one it refused.
	 */
	async #afterSecondRefusal(part: string, sent: HeldRecord[], rule: string): Promise<void> {
		await this.#toDrafts(sent, rule);
		await this.#host.reopen(part);
		const settled = await this.#host.settle(part);
		if (settled.kind !== 'synced') return;
		const taken = sent.filter((record) => this.#host.holds(part, record));
		await this.#remove(taken);
		const left = sent.filter((record) => !taken.includes(record));
		await this.#save(left.map((record, i) => draft(record, i === 0 ? rule : NOT_SENT)));
	}

	async #hold(
		records: readonly OwnRecordInput[],
		part: string,
		state: HeldRecord['state'],
		reason: string
	): Promise<void> {
		const docName = this.#host.docName(part);
		const heldAt = this.#host.now();
		await this.#save(
			records.map((record, i) => ({
				community: this.#host.communityId,
				docName,
				map: record.map,
				key: record.key,
				value: record.value,
				state,
				reason,
				// Apart by a millisecond each, so they keep the order they were written in.
				heldAt: heldAt + i
			}))
		);
	}

	#toDrafts(records: readonly HeldRecord[], reason: string): Promise<void> {
		return this.#save(records.map((record) => draft(record, reason)));
	}

	async #save(all: readonly HeldRecord[]): Promise<void> {
		// A name entry goes out again with the next post: kept as a draft, it would only pile up.
		const names = all.filter((record) => record.state === 'draft' && record.map === 'members');
		if (names.length > 0) await this.#remove(names);
		const records = all.filter((record) => !names.includes(record));
		if (records.length === 0) return;
		await this.#host.store.saveHeld(records);
		const keys = new Set(records.map(keyOf));
		this.#held = [...this.#held.filter((h) => !keys.has(keyOf(h))), ...records].sort(
			(a, b) => a.heldAt - b.heldAt
		);
		this.#host.show(this.#held);
	}

	async #remove(records: readonly { map: HeldMap; key: string }[]): Promise<void> {
		if (records.length === 0) return;
		await this.#host.store.removeHeld(this.#host.communityId, records);
		const keys = new Set(records.map(keyOf));
		this.#held = this.#held.filter((h) => !keys.has(keyOf(h)));
		this.#host.show(this.#held);
	}

	#find(wanted: { map: HeldMap; key: string }): HeldRecord | undefined {
		return this.#held.find((h) => h.map === wanted.map && h.key === wanted.key);
	}

	async #reload(): Promise<void> {
		this.#held = await this.#host.store.listHeld(this.#host.communityId);
		this.#deletions = await this.#host.store.listDeletions(this.#host.communityId);
		this.#host.show(this.#held);
	}

	async #keepDeletions(part: string, deletions: readonly SeenDeletion[]): Promise<void> {
		const docName = this.#host.docName(part);
		await this.#host.store.saveDeletions(this.#host.communityId, docName, deletions);
		if (deletions.length === 0) this.#deletions.delete(docName);
		else this.#deletions.set(docName, [...deletions]);
	}
}

function draft(record: HeldRecord, reason: string): HeldRecord {
	return { ...record, state: 'draft', reason };
}

function keyOf(record: { map: string; key: string }): string {
	return `${record.map}:${record.key}`;
}
