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
import type { CommunityRepository, JoinedCommunityRecord } from '../storage/community.repository';
import type { DocumentRepository } from '../storage/document.repository';
import type { DocPersistence, DocPersistenceProblem } from '../storage/persist-doc';
import { StorageFullError } from '../storage/storage-errors';
import type { SyncConnection, SyncState } from '../sync/sync-connection';
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
import { blocks } from './blocks.svelte';

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
	sync: CommunitySyncOptions | null;
	/** Whether the person joined: only then can they write, and their months are remembered. */
	joined: boolean;
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
	const [Y, codec, persist, connection, token] = await Promise.all([
		import('yjs'),
		import('../sync/community.codec'),
		import('../storage/persist-doc'),
		import('../sync/sync-connection'),
		import('../sync/sync-token')
	]);
	return {
		Y,
		codec,
		persistDoc: persist.persistDoc,
		createSyncConnection: connection.createSyncConnection,
		createSyncTokenFetcher: token.createSyncTokenFetcher
	};
}

type Engine = Awaited<ReturnType<typeof loadEngine>>;

interface RoomDocument {
	part: string;
	room: string;
	doc: Y.Doc;
	persistence: DocPersistence;
	connection: SyncConnection | null;
	state: CommunityState;
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

	constructor(options: CommunityRoomOptions) {
		this.#options = options;
		this.info = options.info;
		this.#now = options.now ?? Date.now;
		this.#joined = options.joined;
		// Known at once (the keys are derived on this device), so names never flicker.
		try {
			this.#me = options.identity.pseudonymKeys(options.info.id).id;
		} catch (e: unknown) {
			this.#failure = e;
		}
		this.#ready = this.#load();
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

	readonly threads: ThreadListItem[] = $derived.by(() =>
		listThreads(this.#state, { readMarkers: this.#readMarks, blocked: this.#blocked }).map(
			(summary) => ({
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
			})
		)
	);

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
		const view = threadView(this.#state, id, { me: this.#me, blocked: this.#blocked });
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

	/** Sync again now (after "stopped", or to skip a backoff wait). */
	syncNow(): void {
		for (const d of this.#docs.values()) d.connection?.resume();
	}

	/** Turns a browsing room into a joined one: registers, and reconnects so writes are allowed. */
	async becomeJoined(): Promise<void> {
		this.#joined = true;
		this.#registered = null;
		await this.#ready;
		for (const d of this.#docs.values()) {
			d.connection?.destroy();
			d.connection = this.#connect(d);
		}
	}

	/** Stops syncing and closes the documents; what was written stays on the device. */
	async close(): Promise<void> {
		this.#closed = true;
		await this.#ready;
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

	async #load(): Promise<void> {
		try {
			if (this.#failure !== null) throw this.#failure;
			const [engine, record, marks, stored] = await Promise.all([
				loadEngine(),
				this.#options.communities.getJoined(this.info.id),
				this.#options.communities.readMarks(this.info.id),
				this.#options.documents.list()
			]);
			this.#engine = engine;
			this.#chosenName = record?.chosenName ?? null;
			for (const [thread, at] of marks) this.#readMarks.set(thread, at);
			const parts = new SvelteSet(
				monthsToFollow({
					now: this.#now(),
					authored: record?.authoredMonths ?? [],
					opened: record?.openedMonths ?? []
				})
			);
			for (const { docName } of stored) {
				const part = partOfRoom(this.info.id, docName);
				if (part !== null) parts.add(part);
			}
			await Promise.all([...parts].map((part) => this.#open(part)));
			// A node id of its own, not the device's: one shared across communities would link
			// this person's pseudonyms. The clock resumes after their latest record here.
			this.#clock = createClock(newId().slice(0, 12), this.#now, { last: this.#latestOwn() });
			this.status = 'ready';
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
			const entry: RoomDocument = {
				part,
				room,
				doc,
				persistence,
				connection: null,
				state: engine.codec.readCommunity(doc).state,
				confirmed,
				sync: null,
				pendingDeletes: 0,
				stop: () => {}
			};
			const onUpdate = () => {
				entry.state = engine.codec.readCommunity(doc).state;
				this.#version++;
			};
			doc.on('update', onUpdate);
			entry.stop = () => doc.off('update', onUpdate);
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
		if (sync === null || engine === null) return null;
		const fetchToken = async (room: string): Promise<string> => {
			if (this.#joined) await this.#register(engine);
			const session = await this.#options.identity.sessionToken();
			return engine.createSyncTokenFetcher({
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
		entry.sync = state;
		if (state.unsent === 0) entry.pendingDeletes = 0;
		if (grow(entry.confirmed, state.confirmed)) {
			const save = this.#options.communities.saveConfirmed(entry.room, entry.confirmed);
			this.#confirmedSaves = this.#confirmedSaves.then(() =>
				save.catch((e: unknown) => {
					// Only the waiting count after a reload depends on it; a full device says so.
					if (e instanceof StorageFullError) this.storageFull = true;
				})
			);
		}
		this.#version++;
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
		if (this.#engine === null || this.#clock === null) throw new CommunityError('not-ready');
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

function excerptOf(body: string): string {
	const flat = body.replace(/\s+/g, ' ').trim();
	return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…`;
}

function tallies(counts: ReactionCount[]) {
	return counts.map(({ kind, count, mine }) => ({ kind, count, mine }));
}
