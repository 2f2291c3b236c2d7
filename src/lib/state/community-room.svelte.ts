/**
 * One community as its pages see it: threads, a thread with its replies, writing, reactions,
 * read marks, search, names, and "show earlier".
 *
 * A community is several documents, one per UTC month of thread creation (see
 * `domain/community/community-months.ts`). Each followed document is a Y.Doc loaded from this
 * device first (`persistDoc`), then synced (`createSyncConnection`) when there is a server to
 * sync with. Everything works offline; writes are kept on the device and go out by themselves.
 *
 * Yjs and the sync code are imported when a room first loads, not with this module, so pages that
 * show no community never download them.
 *
 * Delivery: each record this person wrote says whether the server holds it, by comparing its
 * Yjs item with the state vector the server is known to hold (`confirmed`, kept per document on
 * the device so it survives an offline reload).
 *
 * When the server will not take what this device wrote (4422), or the room turns read-only (a
 * moderator's pause, guidelines to accept again), `room-recovery.ts` rebuilds the document and
 * keeps what the server refused as drafts; this class only lends it the documents.
 *
 * Longer than most modules: it is the one place that ties a community's documents, storage,
 * sync and identity together, and every operation a page can call is a few lines over the
 * pure functions in `domain/community/` and the codec; splitting it would scatter one lifecycle.
 */
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type * as Y from 'yjs';
import type { CommunityInfo } from '../domain/community/community-info';
import {
	MEMBERS_MAP,
	type CommunityRootType,
	type CommunityState
} from '../domain/community/community-document';
import {
	communityRoom,
	isMonthPart,
	monthOfHlc,
	monthOfTime,
	monthsToFollow,
	partOfRoom,
	previousMonth
} from '../domain/community/community-months';
import { deriveActivity, type ActivityRecord } from '../domain/community/derive-activity';
import { mergeCommunityStates } from '../domain/community/merge-community-states';
import { InvalidRecordError } from '../domain/community/parse-community-record';
import { NotAuthorError } from '../domain/community/authorship';
import { pseudonymName } from '../domain/community/pseudonym-name';
import { reactionId, type ReactionKind } from '../domain/community/records';
import { searchCommunity } from '../domain/community/search-community';
import { searchExcerpt } from '../domain/community/search-excerpt';
import { listThreads, threadView, type ReactionCount } from '../domain/community/thread-list';
import { DisplayNameError, normalizeDisplayName } from '../domain/identity/display-name';
import { newId } from '../domain/ids';
import { ClockDriftError, createClock, hlcWallTime, type HlcClock } from '../domain/journal/hlc';
import type {
	CommunityRepository,
	HeldMap,
	HeldRecord,
	JoinedCommunityRecord
} from '../storage/community.repository';
import type { DocumentRepository } from '../storage/document.repository';
import type { DocPersistence, DocPersistenceProblem } from '../storage/persist-doc';
import type { IndexedThread, ThreadIndexRepository } from '../storage/thread-index.repository';
import { StorageFullError } from '../storage/storage-errors';
import type { SyncConnection, SyncState } from '../sync/sync-connection';
import type { SyncAccess } from '../sync/sync-grant';
import { browserEnvironment, type SyncEnvironment } from '../sync/sync-environment';
import type {
	Author,
	PostView,
	ReplyInput,
	SearchHit,
	ThreadInput,
	ThreadListItem,
	ThreadPageView
} from './community-views';
import { NameTakenError } from './identity-errors';
import { blockSender } from './block-sender';
import { blocks } from './blocks.svelte';
import { draftViews, type DraftView } from './refused-drafts';
import { roomAccess, settledOf } from './room-access';
import { RoomGuidelines, type GuidelinesShown } from './room-guidelines.svelte';
import { RoomRecovery, type RecoveryHost, type Settled } from './room-recovery';
import { ThreadIndexWriter } from './thread-index-writer';
import { FIRST_SCREEN_THREADS, firstScreenItems } from './first-screen';
import type { ModerationMark } from '../domain/community/records';
import type { Reveal } from '../domain/community/thread-list';
import { moderatorRole } from './moderator-role.svelte';

/** What a room needs of the person's identity (`identity.svelte.ts` provides it). */
export interface CommunityIdentity {
	pseudonymKeys(communityId: string): { id: string };
	sessionToken(): Promise<string>;
	registerPseudonym(communityId: string, displayName: string): Promise<void>;
}

/** Where and how to sync; a room without it keeps everything on this device. */
export interface CommunitySyncOptions {
	/** The server's origin, e.g. `https://hearth.example`. */
	origin: string;
	WebSocketPolyfill?: typeof WebSocket;
	fetch?: typeof fetch;
	environment?: SyncEnvironment;
}

export interface CommunityRoomOptions {
	info: CommunityInfo;
	identity: CommunityIdentity;
	communities: CommunityRepository;
	documents: DocumentRepository;
	/** The first screen's copy of the thread list, kept for joined communities. */
	threadIndex: ThreadIndexRepository;
	sync: CommunitySyncOptions | null;
	/** Whether the person joined: only then can they write, and their months are remembered. */
	joined: boolean;
	/**
	 * Data saver: the documents load from the device, but nothing connects (not even for a token)
	 * until `startSync()` (the person opens the community, or taps "Sync now").
	 */
	held?: boolean;
	now?: () => number;
}

export type CommunityErrorCode =
	/** The input breaks a rule; `field` names the field at fault. */
	| 'invalid-input'
	/** Only its author may change this. */
	| 'not-yours'
	/** The thread or reply is not (or no longer) here. */
	| 'missing'
	/** The device refused to save it; it is kept in memory and retried with the next change. */
	| 'storage-full'
	/** The name is someone else's in this community. */
	| 'name-taken'
	/** Writing needs joining first. */
	| 'not-joined'
	/** The server lets this person read here but not write (see `access` for why). */
	| 'read-only'
	/** The room could not be opened (storage, or no identity on this device yet). */
	| 'not-ready';

export class CommunityError extends Error {
	override name = 'CommunityError';
	constructor(
		readonly code: CommunityErrorCode,
		readonly field: string | null = null,
		options?: ErrorOptions
	) {
		super(`Community action refused: ${code}${field === null ? '' : ` (${field})`}`, options);
	}
}

export type EarlierStatus = 'idle' | 'loading' | 'none-left' | 'offline' | 'failed';

/** Going back month by month (when the server cannot list its months) stops here. */
export const EARLIEST_PART = '2024-01';
const EXCERPT_LENGTH = 140;
const MAX_NAME_ATTEMPTS = 8;

async function loadEngine() {
	const [Y, codec, reader, persist, connection, grant, replay] = await Promise.all([
		import('yjs'),
		import('../sync/community.codec'),
		import('../sync/community-reader'),
		import('../storage/persist-doc'),
		import('../sync/sync-connection'),
		import('../sync/sync-grant'),
		import('../sync/replay-records')
	]);
	return {
		Y,
		codec,
		CommunityReader: reader.CommunityReader,
		replay,
		persistDoc: persist.persistDoc,
		createSyncConnection: connection.createSyncConnection,
		createSyncGrantFetcher: grant.createSyncGrantFetcher
	};
}

type Engine = Awaited<ReturnType<typeof loadEngine>>;

interface RoomDocument {
	part: string;
	room: string;
	doc: Y.Doc;
	persistence: DocPersistence;
	connection: SyncConnection | null;
	/** Read from the document when first asked for, then kept in step (`CommunityReader`). */
	readonly state: CommunityState;
	confirmed: Map<number, number>;
	sync: SyncState | null;
	/** Deletions made in this session not yet confirmed (a deletion advances no clock). */
	pendingDeletes: number;
	stop: () => void;
}

/** One open document's sync, for the sync indicator. */
export interface DocumentSync {
	room: string;
	state: SyncState | null;
	waiting: number;
}

export class CommunityRoom {
	status = $state<'loading' | 'ready' | 'failed'>('loading');
	readonly info: CommunityInfo;
	earlier = $state<{ status: EarlierStatus }>({ status: 'idle' });
	/** The device refused to save a change to this community's documents. */
	storageFull = $state(false);

	#options: CommunityRoomOptions;
	#now: () => number;
	#joined = $state(false);
	#syncHeld = $state(false);
	/** Data saver asked to hold this room while something was still on its way: it holds once sent. */
	#holdOnceSent = false;
	#me = '';
	#chosenName = $state<string | null>(null);
	#version = $state(0);
	#readMarks = new SvelteMap<string, string>();
	// Reactive maps, though `#version` already tracks changes: the lint rule cannot tell.
	#docs = new SvelteMap<string, RoomDocument>();
	#opening = new SvelteMap<string, Promise<RoomDocument>>();
	#engine: Engine | null = null;
	#clock: HlcClock | null = null;
	#ready: Promise<void>;
	#registered: Promise<void> | null = null;
	#recordChain: Promise<void> = Promise.resolve();
	/** Saves of confirmed vectors under way; closing waits for them. */
	#confirmedSaves: Promise<void> = Promise.resolve();
	#closed = false;
	/** Why loading failed (storage, or no identity on this device yet); null when it did not. */
	#failure: unknown = null;
	#recovery: RoomRecovery;
	#held = $state.raw<readonly HeldRecord[]>([]);
	/** Waiting for a document's connection to settle (see `#settle`). */
	#waiters = new SvelteSet<() => void>();
	#guidelines: RoomGuidelines;
	/** The first screen from the thread index, shown while the documents load; null: none yet. */
	#indexed = $state.raw<readonly IndexedThread[] | null>(null);
	#indexWriter: ThreadIndexWriter | null = null;

	constructor(options: CommunityRoomOptions) {
		this.#options = options;
		this.info = options.info;
		this.#now = options.now ?? Date.now;
		this.#joined = options.joined;
		this.#syncHeld = options.held ?? false;
		// Known at once (the keys are derived on this device), so names never flicker.
		try {
			this.#me = options.identity.pseudonymKeys(options.info.id).id;
		} catch (e: unknown) {
			this.#failure = e;
		}
		this.#recovery = new RoomRecovery(this.#recoveryHost());
		this.#guidelines = new RoomGuidelines({
			info: options.info,
			sync: options.sync,
			sessionToken: () => options.identity.sessionToken(),
			getJoined: () => options.communities.getJoined(options.info.id),
			updateRecord: (change) => this.#updateRecord(change),
			renewAccess: () => {
				for (const d of this.#docs.values()) d.connection?.renewAccess();
			}
		});
		if (this.#joined) this.#indexWriter = this.#makeIndexWriter();
		this.#ready = this.#load();
	}

	/** What the server lets this person do here: write, or read only (and why, until when). */
	readonly access: SyncAccess = $derived.by(() => {
		void this.#version;
		return roomAccess([...this.#docs.values()].map((d) => d.sync));
	});

	/** Posts, replies and reactions the server did not take, kept for the person. */
	readonly drafts: DraftView[] = $derived(draftViews(this.#held));

	/** Sends a draft again (after a pause ended, or the person changed their mind). */
	async retryDraft(draft: { map: HeldMap; key: string }): Promise<void> {
		await this.#writable();
		await this.#recovery.retry(draft);
	}

	async discardDraft(draft: { map: HeldMap; key: string }): Promise<void> {
		try {
			await this.#recovery.discard(draft);
		} catch (e: unknown) {
			throw toCommunityError(e, null);
		}
	}

	/** The guidelines the server wants accepted (again), once asked for: null while not needed. */
	get guidelinesToAccept(): GuidelinesShown | null {
		return this.#guidelines.toAccept;
	}

	/** The person agreed to `guidelinesToAccept`; 'changed' when they changed meanwhile. */
	acceptGuidelines(): Promise<'accepted' | 'changed'> {
		return this.#guidelines.accept();
	}

	get joined(): boolean {
		return this.#joined;
	}

	/** Resolves once the documents on this device are loaded, or loading failed (`status`). */
	get loaded(): Promise<void> {
		return this.#ready;
	}

	readonly #state: CommunityState = $derived.by(() => {
		void this.#version;
		return mergeCommunityStates([...this.#docs.values()].map((d) => d.state));
	});

	/** Pseudonyms this person blocked here: left out of every list, thread, search and activity. */
	readonly #blocked: ReadonlySet<string> = $derived.by(() => blocks.in(this.info.id));

	readonly me: Author = $derived.by(() => {
		void this.#version;
		return this.#author(this.#me);
	});

	/** The list as the documents give it, with each thread's activity time for the index. */
	readonly #listed: { item: ThreadListItem; lastActivity: string }[] = $derived.by(() =>
		listThreads(this.#state, {
			readMarkers: this.#readMarks,
			blocked: this.#blocked,
			reveal: this.#reveal
		}).map((summary) => ({
			lastActivity: summary.lastActivity,
			item: {
				id: summary.thread.id,
				title: summary.thread.title,
				excerpt: excerptOf(summary.thread.body),
				author: this.#author(summary.thread.author),
				writtenAt: hlcWallTime(summary.thread.at),
				lastActivityAt: hlcWallTime(summary.lastActivity),
				replyCount: summary.replyCount,
				unread: summary.unread,
				contentWarning: summary.thread.contentWarning,
				tags: summary.thread.tags,
				delivered: this.#delivered('threads', summary.thread.id, summary.thread.author)
			}
		}))
	);

	/**
	 * Visible threads, latest activity first. While the documents load, the thread index's first
	 * page (`showsFirstScreen`); then the documents' whole list.
	 */
	readonly threads: ThreadListItem[] = $derived.by(() =>
		this.status === 'loading' && this.#indexed !== null
			? this.#firstScreen(this.#indexed)
			: this.#listed.map(({ item }) => item)
	);

	/** Whether the list shows the thread index's copy because the documents are still loading. */
	get showsFirstScreen(): boolean {
		return this.status === 'loading' && this.threads.length > 0;
	}

	/** Replies and reactions by others to this person's posts, newest first. */
	readonly activity: ActivityRecord[] = $derived.by(() =>
		this.#me === '' ? [] : deriveActivity(this.#state, { me: this.#me, blocked: this.#blocked })
	);

	/** Per open document, for the sync indicator. */
	readonly documents: DocumentSync[] = $derived.by(() => {
		void this.#version;
		return [...this.#docs.values()].map((d) => ({
			room: d.room,
			state: d.sync,
			waiting: this.#waiting(d)
		}));
	});

	/** A person's name here: their members entry, else the default their pseudonym id gives. */
	authorName(id: string): string {
		return this.#author(id).name;
	}

	thread(id: string): ThreadPageView | null {
		const view = threadView(this.#state, id, {
			me: this.#me,
			blocked: this.#blocked,
			reveal: this.#reveal
		});
		if (view === null) return null;
		const { thread } = view;
		return {
			id: thread.id,
			author: this.#author(thread.author),
			body: thread.body,
			writtenAt: hlcWallTime(thread.at),
			editedAt: thread.editedAt === null ? null : hlcWallTime(thread.editedAt),
			contentWarning: thread.contentWarning,
			reactions: tallies(view.reactions),
			delivered: this.#delivered('threads', thread.id, thread.author),
			title: thread.title,
			tags: thread.tags,
			replies: view.replies.map(({ reply, reactions }): PostView => ({
				id: reply.id,
				author: this.#author(reply.author),
				body: reply.body,
				writtenAt: hlcWallTime(reply.at),
				editedAt: reply.editedAt === null ? null : hlcWallTime(reply.editedAt),
				contentWarning: reply.contentWarning,
				reactions: tallies(reactions),
				delivered: this.#delivered('replies', reply.id, reply.author)
			}))
		};
	}

	search(query: string): SearchHit[] {
		return searchCommunity(this.#state, query, { blocked: this.#blocked }).map((hit) => {
			const text =
				hit.kind === 'thread' ? [hit.thread.title, hit.thread.body].join(' ') : hit.reply.body;
			return {
				threadId: hit.thread.id,
				replyId: hit.kind === 'reply' ? hit.reply.id : null,
				title: hit.thread.title,
				...searchExcerpt(text, query)
			};
		});
	}

	async startThread(input: ThreadInput): Promise<string> {
		const { engine, clock } = await this.#writable();
		const at = clock.tick();
		const part = monthOfHlc(at);
		const target = await this.#open(part);
		const id = newId();
		this.#write(target, () =>
			engine.codec.writeThread(target.doc, {
				id,
				author: this.#me,
				at,
				title: input.title.trim(),
				body: input.body,
				contentWarning: blankToNull(input.contentWarning),
				tags: input.tags.map((tag) => tag.trim()).filter((tag) => tag !== ''),
				editedAt: null
			})
		);
		await this.#rememberMonths({ authored: part });
		await this.#saved(target);
		return id;
	}

	async reply(threadId: string, input: ReplyInput): Promise<string> {
		const { engine, clock } = await this.#writable();
		const target = this.#holding('threads', threadId);
		const thread = target.state.threads.get(threadId);
		if (thread !== undefined) receive(clock, thread.at);
		const id = newId();
		this.#write(target, () =>
			engine.codec.writeReply(target.doc, {
				id,
				thread: threadId,
				author: this.#me,
				at: clock.tick(),
				body: input.body,
				contentWarning: blankToNull(input.contentWarning),
				editedAt: null
			})
		);
		await this.#rememberMonths({ authored: target.part });
		await this.#saved(target);
		return id;
	}

	async editThread(id: string, partial: Partial<ThreadInput>): Promise<void> {
		const { engine, clock } = await this.#writable();
		const target = this.#holding('threads', id);
		this.#write(target, () =>
			engine.codec.editThread(target.doc, {
				id,
				author: this.#me,
				at: clock.tick(),
				...(partial.title === undefined ? {} : { title: partial.title.trim() }),
				...(partial.body === undefined ? {} : { body: partial.body }),
				...(partial.contentWarning === undefined
					? {}
					: { contentWarning: blankToNull(partial.contentWarning) }),
				...(partial.tags === undefined ? {} : { tags: partial.tags })
			})
		);
		await this.#saved(target);
	}

	async editReply(id: string, partial: Partial<ReplyInput>): Promise<void> {
		const { engine, clock } = await this.#writable();
		const target = this.#holding('replies', id);
		this.#write(target, () =>
			engine.codec.editReply(target.doc, {
				id,
				author: this.#me,
				at: clock.tick(),
				...(partial.body === undefined ? {} : { body: partial.body }),
				...(partial.contentWarning === undefined
					? {}
					: { contentWarning: blankToNull(partial.contentWarning) })
			})
		);
		await this.#saved(target);
	}

	async deleteThread(id: string): Promise<void> {
		const { engine } = await this.#writable();
		const target = this.#holding('threads', id);
		this.#write(target, () => engine.codec.deleteThread(target.doc, id, this.#me), true);
		await this.#saved(target);
	}

	async deleteReply(id: string): Promise<void> {
		const { engine } = await this.#writable();
		const target = this.#holding('replies', id);
		this.#write(target, () => engine.codec.deleteReply(target.doc, id, this.#me), true);
		await this.#saved(target);
	}

	/** Adds this person's reaction of `kind`, or takes it back if they already reacted so. */
	async toggleReaction(targetId: string, kind: ReactionKind): Promise<void> {
		const { engine, clock } = await this.#writable();
		const target = this.#docs.get(this.#partOf(targetId) ?? '');
		if (target === undefined) throw new CommunityError('missing');
		const key = reactionId(targetId, kind, this.#me);
		if (target.state.reactions.has(key)) {
			this.#write(
				target,
				() => engine.codec.unreact(target.doc, { target: targetId, kind, author: this.#me }),
				true
			);
		} else {
			this.#write(target, () =>
				engine.codec.react(target.doc, {
					target: targetId,
					kind,
					author: this.#me,
					at: clock.tick()
				})
			);
			await this.#rememberMonths({ authored: target.part });
		}
		await this.#saved(target);
	}

	/** Marks everything in the thread so far as seen. */
	async markRead(threadId: string): Promise<void> {
		await this.#ready;
		const summary = listThreads(this.#state).find((s) => s.thread.id === threadId);
		if (summary === undefined) return;
		const seen = this.#readMarks.get(threadId);
		if (seen !== undefined && seen >= summary.lastActivity) return;
		this.#readMarks.set(threadId, summary.lastActivity);
		try {
			await this.#options.communities.markRead(this.info.id, threadId, summary.lastActivity);
		} catch (e: unknown) {
			throw toCommunityError(e, null);
		}
	}

	/**
	 * Opens the next earlier month: from the server's list of months when it can say, else one
	 * back. Never throws: the outcome is in `earlier.status` ('failed' when storage refused).
	 */
	async loadEarlier(): Promise<void> {
		if (this.earlier.status === 'loading') return;
		await this.#ready;
		this.earlier = { status: 'loading' };
		try {
			const followed = [...this.#docs.keys()].sort();
			const earliest = followed[0] ?? monthOfTime(this.#now());
			const next = await this.#earlierPart(earliest);
			if (next === 'offline' || next === 'none-left') {
				this.earlier = { status: next };
				return;
			}
			await this.#open(next);
			await this.#rememberMonths({ opened: next });
			this.earlier = { status: 'idle' };
		} catch (e: unknown) {
			this.earlier = { status: 'failed' };
			if (e instanceof StorageFullError) this.storageFull = true;
		}
	}

	/**
	 * Storage controls: closes the earlier months opened with "show earlier" (or otherwise on this
	 * device) and removes them from it; "show earlier" fetches them again. A month is kept while
	 * it holds something this person wrote (replies to it must arrive), something not yet sent,
	 * or a draft. Returns the months removed.
	 */
	async forgetEarlier(): Promise<string[]> {
		await this.#ready;
		const record = await this.#options.communities.getJoined(this.info.id);
		if (record === null) return [];
		const kept = monthsToFollow({ now: this.#now(), authored: record.authoredMonths, opened: [] });
		const forgotten: string[] = [];
		// Stored months outside the followed ones are open too (see `#load`): candidates as well.
		const open = [...this.#docs.keys()];
		for (const part of [...open, ...record.openedMonths.filter((p) => !open.includes(p))]) {
			const d = this.#docs.get(part);
			const room = communityRoom(this.info.id, part);
			const busy =
				(d !== undefined && (this.#waiting(d) > 0 || this.#unsent(d).length > 0)) ||
				this.#recovery.busy(part) ||
				this.#held.some((held) => held.docName === room);
			if (kept.includes(part) || busy) continue;
			await this.#closeDocument(part);
			await this.#options.documents.remove(room);
			forgotten.push(part);
		}
		await this.#updateRecord((r) => ({
			...r,
			openedMonths: r.openedMonths.filter((part) => !forgotten.includes(part))
		}));
		this.earlier = { status: 'idle' };
		this.#version++;
		this.#indexWriter?.changed();
		return forgotten;
	}

	/** Renames this person here; the name is checked by the server when online. */
	async setMyName(name: string): Promise<void> {
		let normal: string;
		try {
			normal = normalizeDisplayName(name);
		} catch (e: unknown) {
			if (e instanceof DisplayNameError)
				throw new CommunityError('invalid-input', 'name', { cause: e });
			throw e;
		}
		const { engine } = await this.#writable();
		try {
			await this.#options.identity.registerPseudonym(this.info.id, normal);
			this.#registered = Promise.resolve();
		} catch (e: unknown) {
			if (e instanceof NameTakenError) throw new CommunityError('name-taken', 'name', { cause: e });
			// Offline or not set up yet: the name is registered before the next sync.
			this.#registered = null;
		}
		await this.#applyName(engine, normal);
	}

	/** Sync again now (after "stopped", or to skip a backoff wait); a held room starts syncing. */
	syncNow(): void {
		if (this.#syncHeld) return this.startSync();
		for (const d of this.#docs.values()) d.connection?.resume();
	}

	/** Whether data saver holds this room's syncing back until `startSync()`. */
	get held(): boolean {
		return this.#syncHeld;
	}

	/** Lets a held room connect: documents already open connect now, later ones as they open. */
	startSync(): void {
		this.#holdOnceSent = false;
		if (!this.#syncHeld) return;
		this.#syncHeld = false;
		for (const d of this.#docs.values()) d.connection ??= this.#connect(d);
		this.#version++;
	}

	/**
	 * Data saver came into force while this room synced in the background: it stops, as if it had
	 * been held from the start, and `startSync()` lets it go again. A room with something of this
	 * person's still on its way (or a document still opening or being rebuilt) keeps syncing, so
	 * nothing written waits for a tap, and holds once the server has it all. Returns whether it is
	 * held now.
	 */
	holdSync(): boolean {
		if (this.#syncHeld) return true;
		if (this.#closed) return false;
		const busy =
			this.#opening.size > 0 ||
			[...this.#docs.values()].some(
				(d) => this.#waiting(d) > 0 || this.#unsent(d).length > 0 || this.#recovery.busy(d.part)
			);
		this.#holdOnceSent = busy;
		if (busy) return false;
		this.#syncHeld = true;
		for (const d of this.#docs.values()) {
			d.connection?.destroy();
			d.connection = null;
		}
		this.#version++;
		return true;
	}

	/** Turns a browsing room into a joined one: registers, and reconnects so writes are allowed. */
	async becomeJoined(): Promise<void> {
		this.#joined = true;
		this.#registered = null;
		this.#indexWriter ??= this.#makeIndexWriter();
		this.#indexWriter.changed();
		await this.#ready;
		for (const d of this.#docs.values()) {
			d.connection?.destroy();
			d.connection = this.#connect(d);
		}
	}

	/** Stops syncing and closes the documents; what was written stays on the device. */
	async close(): Promise<void> {
		this.#closed = true;
		for (const wake of [...this.#waiters]) wake();
		await this.#ready;
		await this.#indexWriter?.stop();
		await Promise.all(this.#opening.values()).catch(() => {});
		for (const d of this.#docs.values()) {
			d.stop();
			d.connection?.destroy();
			await d.persistence.flush();
			d.persistence.destroy();
			d.doc.destroy();
		}
		this.#docs.clear();
		await this.#confirmedSaves;
		await this.#recordChain;
	}

	/** Whether this person moderates this community, as the server last said. */
	get isModerator(): boolean {
		return moderatorRole.moderates(this.info.id);
	}

	/** A moderator's mark on a thread or reply (hidden, or a hide lifted), or null. */
	markOf(id: string): ModerationMark | null {
		return this.#state.marks.get(id) ?? null;
	}

	/**
	 * A moderator hides, unhides or removes a thread or reply, in the document that holds it, then
	 * records it with its reason in the audit log (kept and sent later when offline). Throws
	 * `CommunityError`: 'not-yours' when this person does not moderate here (as far as this
	 * device or the server knows), 'missing', or 'invalid-input' ('reason') for a reason over
	 * 500 characters.
	 */
	async moderate(input: {
		action: 'hide' | 'unhide' | 'remove';
		targetId: string;
		reason: string;
	}): Promise<void> {
		const { clock } = await this.#writable();
		if (!this.isModerator) throw new CommunityError('not-yours');
		const target = this.#docs.get(this.#partOf(input.targetId) ?? '');
		if (target === undefined) throw new CommunityError('missing');
		const codec = await import('../sync/moderation.codec');
		const actor = { author: this.#me, moderator: true };
		const reason = input.reason.trim();
		const mark = { target: input.targetId, by: this.#me, at: clock.tick(), reason };
		this.#write(
			target,
			() => {
				if (input.action === 'hide') codec.hideRecord(target.doc, mark, actor);
				else if (input.action === 'unhide') codec.unhideRecord(target.doc, mark, actor);
				else codec.removeRecord(target.doc, input.targetId, actor);
			},
			input.action === 'remove'
		);
		await this.#saved(target);
		// Loaded here, not with the room: most people moderate nothing, and every community page
		// would otherwise carry this code (and the schema library under it) in its first load.
		const [{ moderationActions }, { ModerationRefusedError }] = await Promise.all([
			import('./moderation-actions'),
			import('../sync/moderation-api')
		]);
		try {
			await moderationActions.record(this.info.id, {
				action: input.action,
				target: input.targetId,
				...(reason === '' ? {} : { reason })
			});
		} catch (e: unknown) {
			// The server no longer counts this person as a moderator: it refuses the change too.
			if (e instanceof ModerationRefusedError && e.status === 403) {
				throw new CommunityError('not-yours', null, { cause: e });
			}
			throw e;
		}
	}

	#makeIndexWriter(): ThreadIndexWriter {
		return new ThreadIndexWriter({
			community: this.info.id,
			repository: this.#options.threadIndex,
			read: () => this.#indexRows(),
			onFailure: (e) => {
				if (e instanceof StorageFullError) this.storageFull = true;
			}
		});
	}

	/** The list for the thread index: what anyone here may see, so never a hidden thread. */
	#indexRows(): IndexedThread[] {
		return this.#listed
			.filter(({ item }) => this.#state.marks.get(item.id)?.hidden !== true)
			.map(({ item, lastActivity }) => ({
				id: item.id,
				title: item.title,
				excerpt: item.excerpt,
				author: item.author.id,
				authorName: item.author.name,
				writtenAt: item.writtenAt,
				lastActivity,
				replyCount: item.replyCount,
				contentWarning: item.contentWarning,
				tags: item.tags,
				delivered: item.delivered,
				mine: item.author.isMe
			}));
	}

	/**
	 * Reads the first screen from the thread index (the documents' list replaces it once loaded);
	 * whether it has threads to show.
	 */
	async #readIndex(readMarks: Promise<Map<string, string>>): Promise<boolean> {
		try {
			const [threads, marks] = await Promise.all([
				this.#options.threadIndex.latest(this.info.id, FIRST_SCREEN_THREADS),
				readMarks
			]);
			if (this.status !== 'loading') return false;
			for (const [thread, at] of marks) this.#readMarks.set(thread, at);
			this.#indexed = threads;
			return threads.length > 0;
		} catch {
			// No first screen from the index: the page waits for the documents, as it would anyway.
			return false;
		}
	}

	/** Index rows as list items (see `first-screen.ts`). */
	#firstScreen(rows: readonly IndexedThread[]): ThreadListItem[] {
		return firstScreenItems(rows, {
			blocked: this.#blocked,
			readMarks: this.#readMarks,
			me: this.#me
		});
	}

	/** Hidden records this reader still sees: all for a moderator, their own for an author. */
	readonly #reveal: Reveal = (record) => this.isModerator || record.author === this.#me;

	async #load(): Promise<void> {
		try {
			if (this.#failure !== null) throw this.#failure;
			const readMarks = this.#options.communities.readMarks(this.info.id);
			const firstScreen = this.#indexWriter === null ? null : this.#readIndex(readMarks);
			const [engine, record, marks, stored] = await Promise.all([
				loadEngine(),
				this.#options.communities.getJoined(this.info.id),
				readMarks,
				// Names only, from the index: this community's months stored here, not their 30 MB.
				this.#options.documents.names(communityRoom(this.info.id, ''))
			]);
			this.#engine = engine;
			await this.#recovery.load();
			this.#chosenName = record?.chosenName ?? null;
			for (const [thread, at] of marks) this.#readMarks.set(thread, at);
			const parts = new SvelteSet(
				monthsToFollow({
					now: this.#now(),
					authored: record?.authoredMonths ?? [],
					opened: record?.openedMonths ?? []
				})
			);
			for (const docName of [...stored, ...this.#recovery.documents]) {
				const part = partOfRoom(this.info.id, docName);
				if (part !== null) parts.add(part);
			}
			// Decoding a big document holds the main thread for a while: the first screen the index
			// gave is drawn before that starts.
			if (firstScreen !== null && (await firstScreen)) await nextPaint();
			await Promise.all([...parts].map((part) => this.#open(part)));
			this.status = 'ready';
			this.#indexWriter?.changed();
		} catch (e: unknown) {
			this.#failure = e;
			this.status = 'failed';
		}
	}

	#open(part: string): Promise<RoomDocument> {
		const known = this.#docs.get(part);
		if (known !== undefined) return Promise.resolve(known);
		const opening = this.#opening.get(part) ?? this.#openNew(part);
		this.#opening.set(part, opening);
		return opening;
	}

	async #openNew(part: string): Promise<RoomDocument> {
		const engine = this.#engine ?? (await loadEngine());
		const room = communityRoom(this.info.id, part);
		const doc = new engine.Y.Doc();
		const persistence = engine.persistDoc(doc, room, this.#options.documents, {
			onProblem: (problem) => this.#onStorageProblem(problem)
		});
		try {
			const [confirmed] = await Promise.all([
				this.#options.communities.loadConfirmed(room),
				persistence.whenLoaded
			]);
			// Pages re-read once per batch of incoming changes, not once per update.
			const reader = new engine.CommunityReader(doc, {
				onChange: ({ removal }) => {
					this.#version++;
					// What was taken away leaves the first screen's copy at once, not in a moment.
					if (removal) void this.#indexWriter?.flush();
					else this.#indexWriter?.changed();
				}
			});
			const entry: RoomDocument = {
				part,
				room,
				doc,
				persistence,
				connection: null,
				get state() {
					return reader.state;
				},
				confirmed,
				sync: null,
				pendingDeletes: 0,
				stop: () => reader.stop()
			};
			this.#docs.set(part, entry);
			if (this.#closed) return entry;
			entry.connection = this.#connect(entry);
			this.#version++;
			return entry;
		} catch (e: unknown) {
			persistence.destroy();
			doc.destroy();
			throw e;
		} finally {
			this.#opening.delete(part);
		}
	}

	#connect(entry: RoomDocument): SyncConnection | null {
		const sync = this.#options.sync;
		const engine = this.#engine;
		if (sync === null || engine === null || this.#syncHeld) return null;
		const fetchToken = async (room: string) => {
			if (this.#joined) await this.#register(engine);
			if (this.#joined) await this.#guidelines.beforeToken();
			const session = await this.#options.identity.sessionToken();
			return engine.createSyncGrantFetcher({
				origin: sync.origin,
				session: () => session,
				...(sync.fetch ? { fetch: sync.fetch } : {})
			})(room);
		};
		const connection = engine.createSyncConnection({
			doc: entry.doc,
			room: entry.room,
			serverUrl: `${sync.origin.replace(/^http/, 'ws')}/sync`,
			getToken: fetchToken,
			confirmed: entry.confirmed,
			...(sync.WebSocketPolyfill ? { WebSocketPolyfill: sync.WebSocketPolyfill } : {}),
			...(sync.environment ? { environment: sync.environment } : {})
		});
		connection.subscribe((state) => this.#onSync(entry, state));
		return connection;
	}

	#onSync(entry: RoomDocument, state: SyncState): void {
		const before = entry.sync?.access;
		entry.sync = state;
		if (this.#docs.get(entry.part) === entry) this.#recover(entry, state, before);
		if (state.unsent === 0) entry.pendingDeletes = 0;
		if (grow(entry.confirmed, state.confirmed)) {
			// Threads this person wrote may now count as delivered.
			this.#indexWriter?.changed();
			const save = this.#options.communities.saveConfirmed(entry.room, entry.confirmed);
			this.#confirmedSaves = this.#confirmedSaves.then(() =>
				save.catch((e: unknown) => {
					// Only the waiting count after a reload depends on it; a full device says so.
					if (e instanceof StorageFullError) this.storageFull = true;
				})
			);
		}
		this.#version++;
		for (const wake of [...this.#waiters]) wake();
		// Not from inside the connection's own report: the hold takes the connection down.
		if (this.#holdOnceSent) queueMicrotask(() => this.#holdOnceSent && this.holdSync());
	}

	/** Starts what a document's new sync state calls for: a rebuild, drafts, a replay to resume. */
	#recover(entry: RoomDocument, state: SyncState, before: SyncAccess | undefined): void {
		const recovery = this.#recovery;
		if (recovery.busy(entry.part)) return;
		let work: Promise<void> | null = null;
		if (state.status === 'stopped' && state.problem?.kind === 'refused-change') {
			work = recovery.refused(entry.part, state.problem.rule);
		} else if (!state.access.write && this.#joined) {
			// Asked when a grant says so, not on every state after: accepting renews the grants.
			const fresh = state.access !== before;
			if (fresh && state.access.reason === 'guidelines' && this.guidelinesToAccept === null) {
				void this.#guidelines.ask();
			}
			if (this.#unsent(entry).length > 0) work = recovery.readOnly(entry.part, state.access.reason);
		} else if (state.status === 'synced' && recovery.pending(entry.part)) {
			work = recovery.resume(entry.part);
		}
		// A connection: a block list changed offline (or before a pseudonym existed) goes now.
		if (state.status === 'synced') void blockSender.flush();
		work
			?.then(() => {
				// A refusal that came while the recovery ran (a new post) was not acted on then.
				const now = this.#docs.get(entry.part);
				const refused = now?.sync?.problem?.kind === 'refused-change';
				if (now?.sync && refused && this.#unsent(now).length > 0) {
					this.#recover(now, now.sync, now.sync.access);
				}
			})
			.catch((e: unknown) => {
				// The held rows stay as they were; the next sync state tries again.
				if (e instanceof StorageFullError) this.storageFull = true;
				else console.error('A community recovery failed', e);
			});
	}

	#unsent(entry: RoomDocument) {
		const engine = this.#engine;
		if (engine === null || this.#me === '') return [];
		return engine.replay.unsentOwnRecords(entry.doc, entry.confirmed, this.#me);
	}

	#recoveryHost(): RecoveryHost {
		const doc = (part: string) => {
			const d = this.#docs.get(part);
			if (d === undefined || this.#engine === null) throw new CommunityError('not-ready');
			return { d, replay: this.#engine.replay };
		};
		return {
			communityId: this.info.id,
			store: this.#options.communities,
			now: this.#now,
			docName: (part) => communityRoom(this.info.id, part),
			partOf: (docName) => partOfRoom(this.info.id, docName),
			unsent: (part) => {
				const d = this.#docs.get(part);
				return d === undefined ? [] : this.#unsent(d);
			},
			reopen: (part) => this.#reopen(part),
			settle: (part, ready) => this.#settle(part, ready),
			replay: (part, record) => {
				const { d, replay } = doc(part);
				// Marks are replayed as a moderator's: the server judges whether they still are.
				const actor = { author: this.#me, moderator: record.map === 'marks' };
				return replay.replayRecord(d.doc, record, actor, this.#now());
			},
			delivered: (part, record) => {
				const { d, replay } = doc(part);
				return replay.isRecordDelivered(d.doc, record, d.confirmed);
			},
			holds: (part, record) => {
				const { d, replay } = doc(part);
				return replay.holdsRecord(d.doc, record);
			},
			seenDeletions: (part) => {
				const d = this.#docs.get(part);
				return d === undefined || this.#engine === null
					? []
					: this.#engine.replay.seenDeletions(d.doc);
			},
			deleteAgain: (part, deletions) => {
				const { d, replay } = doc(part);
				const actor = { author: this.#me, moderator: this.isModerator };
				return replay.deleteAgain(d.doc, deletions, actor, this.#now());
			},
			show: (held) => {
				this.#held = held;
			}
		};
	}

	/** Closes a document, forgets its log on this device and opens it fresh: a new Yjs client id. */
	async #reopen(part: string): Promise<void> {
		await this.#closeDocument(part);
		await this.#options.documents.remove(communityRoom(this.info.id, part));
		if (this.#closed) return;
		await this.#open(part);
		this.#version++;
	}

	/** Stops syncing one document and closes it, its last changes saved; its log stays. */
	async #closeDocument(part: string): Promise<void> {
		const old = this.#docs.get(part);
		if (old === undefined) return;
		this.#docs.delete(part);
		old.stop();
		old.connection?.destroy();
		await old.persistence.flush();
		old.persistence.destroy();
		old.doc.destroy();
	}

	/** Resolves once the document's connection stands somewhere (see `RecoveryHost.settle`). */
	#settle(part: string, ready: () => boolean = () => true): Promise<Settled> {
		return new Promise((resolve) => {
			const check = () => {
				const d = this.#docs.get(part);
				const outcome = this.#closed
					? { kind: 'away' as const }
					: settledOf(d?.sync, d !== undefined);
				if (outcome === null || (outcome.kind === 'synced' && !ready())) return;
				this.#waiters.delete(check);
				resolve(outcome);
			};
			this.#waiters.add(check);
			check();
		});
	}

	async #register(engine: Engine): Promise<void> {
		this.#registered ??= this.#registerWithFreeName(engine).catch((e: unknown) => {
			this.#registered = null;
			throw e;
		});
		await this.#registered;
	}

	/** Registers under the chosen or default name; a taken default moves on to the next one. */
	async #registerWithFreeName(engine: Engine): Promise<void> {
		const wanted = this.#chosenName;
		for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
			const name = attempt === 0 && wanted !== null ? wanted : pseudonymName(this.#me, attempt);
			try {
				await this.#options.identity.registerPseudonym(this.info.id, name);
			} catch (e: unknown) {
				if (e instanceof NameTakenError) continue;
				throw e;
			}
			if (name !== this.#currentName()) await this.#applyName(engine, name);
			return;
		}
		throw new CommunityError('name-taken', 'name');
	}

	async #applyName(engine: Engine, name: string): Promise<void> {
		const isDefault = name === pseudonymName(this.#me);
		this.#chosenName = isDefault ? null : name;
		await this.#updateRecord((record) => ({ ...record, chosenName: this.#chosenName }));
		for (const d of this.#docs.values()) {
			if (d.state.members.has(this.#me) || d.part === monthOfTime(this.#now())) {
				this.#write(d, () => engine.codec.setMember(d.doc, this.#memberEntry()));
			}
		}
		this.#version++;
	}

	#memberEntry() {
		const at = this.#clock?.tick() ?? createClock('x', this.#now).tick();
		return { id: this.#me, author: this.#me, name: this.#currentName(), at };
	}

	#currentName(): string {
		return this.#chosenName ?? pseudonymName(this.#me);
	}

	async #writable(): Promise<{ engine: Engine; clock: HlcClock }> {
		await this.#ready;
		if (this.status === 'failed') {
			throw new CommunityError('not-ready', null, { cause: this.#failure });
		}
		if (!this.#joined) throw new CommunityError('not-joined');
		if (!this.access.write) throw new CommunityError('read-only');
		if (this.#engine === null) throw new CommunityError('not-ready');
		// Made at the first write, not at load: resuming it reads every record, which a community
		// syncing in the background must not pay for. A node id of its own, not the device's: one
		// shared across communities would link this person's pseudonyms. It resumes after their
		// latest record here.
		this.#clock ??= createClock(newId().slice(0, 12), this.#now, { last: this.#latestOwn() });
		return { engine: this.#engine, clock: this.#clock };
	}

	/** Runs a codec write, first making sure this document carries the writer's name. */
	#write(target: RoomDocument, change: () => unknown, deletes = false): void {
		const engine = this.#engine;
		try {
			if (engine !== null && target.state.members.get(this.#me)?.name !== this.#currentName()) {
				engine.codec.setMember(target.doc, this.#memberEntry());
			}
			change();
		} catch (e: unknown) {
			throw toCommunityError(e, engine);
		}
		if (deletes) target.pendingDeletes++;
		this.#version++;
	}

	/** Waits until the change is on the device; tells the caller when the device refused it. */
	async #saved(target: RoomDocument): Promise<void> {
		await target.persistence.flush();
		if (target.persistence.hasUnsaved) throw new CommunityError('storage-full');
	}

	#onStorageProblem(problem: DocPersistenceProblem): void {
		if (problem.kind === 'write-failed' && problem.error instanceof StorageFullError) {
			this.storageFull = true;
		}
	}

	async #earlierPart(earliest: string): Promise<string | 'offline' | 'none-left'> {
		const sync = this.#options.sync;
		const online = sync !== null && (sync.environment ?? browserEnvironment()).online();
		const listed = online && sync !== null ? await this.#listParts(sync) : null;
		if (listed !== null) {
			const older = listed.filter((part) => part < earliest && !this.#docs.has(part)).sort();
			return older.at(-1) ?? 'none-left';
		}
		if (!online) return 'offline';
		const previous = previousMonth(earliest);
		return previous < EARLIEST_PART ? 'none-left' : previous;
	}

	/** GET /api/communities/:id/parts, or null when the server cannot say (missing, failing). */
	async #listParts(sync: CommunitySyncOptions): Promise<string[] | null> {
		const doFetch = sync.fetch ?? globalThis.fetch;
		try {
			const response = await doFetch(
				`${sync.origin}/api/communities/${encodeURIComponent(this.info.id)}/parts`
			);
			if (!response.ok) return null;
			const body: unknown = await response.json();
			return partsOf(body);
		} catch {
			// A network failure here is the same as a server without the list: step back a month.
			return null;
		}
	}

	async #rememberMonths(change: { authored?: string; opened?: string }): Promise<void> {
		if (!this.#joined) return;
		await this.#updateRecord((record) => ({
			...record,
			authoredMonths: addPart(record.authoredMonths, change.authored),
			openedMonths: addPart(record.openedMonths, change.opened)
		}));
	}

	/** Updates the joined record one change at a time, so concurrent changes do not undo each other. */
	async #updateRecord(
		change: (record: JoinedCommunityRecord) => JoinedCommunityRecord
	): Promise<void> {
		const communities = this.#options.communities;
		const next = this.#recordChain.then(async () => {
			const record = await communities.getJoined(this.info.id);
			if (record !== null) await communities.saveJoined(change(record));
		});
		this.#recordChain = next.catch(() => {});
		try {
			await next;
		} catch (e: unknown) {
			throw toCommunityError(e, null);
		}
	}

	#holding(map: 'threads' | 'replies', id: string): RoomDocument {
		for (const d of this.#docs.values()) if (d.state[map].has(id)) return d;
		throw new CommunityError('missing');
	}

	#partOf(id: string): string | null {
		for (const d of this.#docs.values()) {
			if (d.state.threads.has(id) || d.state.replies.has(id)) return d.part;
		}
		return null;
	}

	#author(id: string): Author {
		const member = this.#state.members.get(id);
		const name = id === this.#me ? this.#currentName() : (member?.name ?? pseudonymName(id));
		return { id, name, isMe: id === this.#me };
	}

	#delivered(map: CommunityRootType, id: string, author: string): boolean {
		if (author !== this.#me || this.#engine === null) return true;
		for (const d of this.#docs.values()) {
			if (d.state[map === 'threads' ? 'threads' : 'replies'].has(id)) {
				return this.#engine.codec.isEntryDelivered(d.doc, map, id, d.confirmed);
			}
		}
		return true;
	}

	#waiting(d: RoomDocument): number {
		const engine = this.#engine;
		if (engine === null || this.#me === '') return 0;
		const mine = (_: CommunityRootType, __: string, value: unknown) =>
			engine.codec.fieldOf(value, 'author') === this.#me;
		const entries = engine.codec.undeliveredEntries(d.doc, d.confirmed, mine);
		// The name entry goes out with the post it was written for; alone, it is a rename.
		const posts = entries.filter((entry) => entry.map !== MEMBERS_MAP).length;
		const names = posts === 0 ? entries.length : posts;
		return names + (d.sync !== null && d.sync.unsent > 0 ? d.pendingDeletes : 0);
	}

	#latestOwn(): string | null {
		let latest: string | null = null;
		for (const d of this.#docs.values()) {
			for (const record of [...d.state.threads.values(), ...d.state.replies.values()]) {
				if (record.author !== this.#me) continue;
				for (const at of [record.at, record.editedAt]) {
					if (at !== null && (latest === null || at > latest)) latest = at;
				}
			}
		}
		return latest;
	}
}

function receive(clock: HlcClock, at: string): void {
	try {
		clock.receive(at);
	} catch (e: unknown) {
		// A thread stamped far in the future must not drag this device's clock there.
		if (!(e instanceof ClockDriftError)) throw e;
	}
}

function toCommunityError(e: unknown, engine: Engine | null): CommunityError {
	if (e instanceof CommunityError) return e;
	if (e instanceof InvalidRecordError) {
		const field = e.path[0];
		return new CommunityError('invalid-input', field === undefined ? null : String(field), {
			cause: e
		});
	}
	if (e instanceof NotAuthorError) return new CommunityError('not-yours', null, { cause: e });
	if (engine !== null && e instanceof engine.codec.MissingRecordError) {
		return new CommunityError('missing', null, { cause: e });
	}
	if (e instanceof StorageFullError) return new CommunityError('storage-full', null, { cause: e });
	if (e instanceof Error) return new CommunityError('not-ready', null, { cause: e });
	return new CommunityError('not-ready');
}

/** Grows `into` to cover `from`; returns whether anything changed. */
function grow(into: Map<number, number>, from: ReadonlyMap<number, number>): boolean {
	let changed = false;
	for (const [client, clock] of from) {
		if ((into.get(client) ?? 0) < clock) {
			into.set(client, clock);
			changed = true;
		}
	}
	return changed;
}

function addPart(parts: string[], part: string | undefined): string[] {
	return part === undefined || parts.includes(part) ? parts : [...parts, part].sort();
}

function partsOf(body: unknown): string[] | null {
	if (typeof body !== 'object' || body === null || !('parts' in body)) return null;
	const { parts } = body;
	if (!Array.isArray(parts)) return null;
	return parts.flatMap((item: unknown) =>
		typeof item === 'object' &&
		item !== null &&
		'part' in item &&
		typeof item.part === 'string' &&
		isMonthPart(item.part)
			? [item.part]
			: []
	);
}

function blankToNull(text: string | null): string | null {
	return text === null || text.trim() === '' ? null : text.trim();
}

/** Resolves after the browser has drawn the next frame (at once where nothing is drawn). */
function nextPaint(): Promise<void> {
	if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
	// The frame's callback runs before it is painted; the task after it runs once it has been.
	return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function excerptOf(body: string): string {
	const flat = body.replace(/\s+/g, ' ').trim();
	return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

function tallies(counts: ReactionCount[]) {
	return counts.map(({ kind, count, mine }) => ({ kind, count, mine }));
}
