/**
 * Moderation as its pages see it: whether this person moderates a community (roles from
 * `GET /api/me`), each community's report queue, what moderators can do about a report, and the
 * audit log. Reports, warnings, mutes and the log are private, so all of it goes through the JSON
 * API; hiding, unhiding and removing a post happen in the community's document through the room
 * (`DocumentModerator`), which records them in the audit log itself.
 *
 * Made for a phone on a slow link: the roles and each queue are kept on the device, so the queue
 * reads offline (marked as possibly out of date); actions need the server, and say so at once
 * when there is no connection instead of half-happening.
 */
import {
	NO_ROLES,
	type AuditEntry,
	type Report,
	type ReportOutcome,
	type Roles
} from '../domain/moderation/moderation-records';
import type { ModerationCacheRepository } from '../storage/moderation-cache.repository';
import { ModerationClient, type ModerationFetch } from '../sync/moderation-client';
import { connectivity } from './connectivity.svelte';
import {
	authedCall,
	ModerationError,
	toModerationError,
	type ModerationSession
} from './moderation-call';

export { ModerationError, type ModerationErrorCode } from './moderation-call';
export type { AuditEntry, Report, Roles };

/** What the room offers moderators (`CommunityRoom.moderate`). */
export interface DocumentModerator {
	moderate(input: {
		action: 'hide' | 'unhide' | 'remove';
		targetId: string;
		reason: string;
	}): Promise<void>;
}

export interface ModerationDependencies {
	cache: ModerationCacheRepository;
	session: ModerationSession;
	origin?: string;
	fetch?: ModerationFetch;
	now?: () => number;
	/** Whether the server is reachable now; the connectivity state by default. */
	online?: () => boolean;
}

/** How long a pause on posting lasts, in days: the choices a moderator has. */
export const MUTE_DAYS = [1, 3, 7, 30] as const;
export type MuteDays = (typeof MUTE_DAYS)[number];

const DAY_MS = 86_400_000;
const ROLES_MAX_AGE_MS = 60_000;

/** What a moderator decided about one report. */
export type QueueAction =
	| { kind: 'hide'; reason: string }
	| { kind: 'remove'; reason: string }
	| { kind: 'warn'; pseudonymId: string; reason: string }
	| { kind: 'mute'; pseudonymId: string; days: MuteDays; reason: string }
	| { kind: 'dismiss'; reason: string }
	/** A second look: bring the post back. */
	| { kind: 'unhide'; reason: string }
	/** A second look: it stays as it is. */
	| { kind: 'keep-hidden'; reason: string };

/**
 * `fresh`: as the server said just now; `cached`: the copy on this device, maybe out of date;
 * `offline`: nothing on the device and no connection; `forbidden`: not this person's to see.
 */
export type QueueStatus =
	'loading' | 'fresh' | 'cached' | 'offline' | 'forbidden' | 'not-found' | 'signed-out' | 'failed';

export type AuditStatus = 'idle' | 'loading' | 'ready' | 'offline' | 'forbidden' | 'failed';

const OUTCOME: Record<QueueAction['kind'], ReportOutcome> = {
	hide: 'hidden',
	remove: 'removed',
	warn: 'warned',
	mute: 'muted',
	dismiss: 'no-action',
	unhide: 'no-action',
	'keep-hidden': 'no-action'
};

export class ModerationQueue {
	status = $state<QueueStatus>('loading');
	reports = $state.raw<Report[]>([]);
	/** When the reports were fetched from the server; null when never. */
	fetchedAt = $state<number | null>(null);
	audit = $state.raw<AuditEntry[]>([]);
	auditStatus = $state<AuditStatus>('idle');

	readonly communityId: string;
	readonly #owner: ModerationState;
	#loaded = false;

	constructor(owner: ModerationState, communityId: string) {
		this.#owner = owner;
		this.communityId = communityId;
	}

	/** The copy on the device first (once), then the server's. Never throws: see `status`. */
	async refresh(): Promise<void> {
		const deps = await this.#owner.ready();
		if (!this.#loaded) {
			this.#loaded = true;
			const cached = await deps.cache.loadQueue(this.communityId).catch(() => null);
			if (cached !== null && this.fetchedAt === null) {
				this.reports = cached.reports;
				this.fetchedAt = cached.fetchedAt;
				this.status = 'cached';
			}
		}
		try {
			const reports = await this.#owner.call((c, token) => c.reports(token, this.communityId));
			this.reports = reports;
			this.fetchedAt = this.#owner.now();
			this.status = 'fresh';
			await deps.cache
				.saveQueue(this.communityId, { reports, fetchedAt: this.fetchedAt })
				.catch(() => {});
			// A second look shows the reason moderators gave first, which the log keeps.
			if (reports.some((report) => report.reason === 'second-look')) await this.loadAudit();
		} catch (e: unknown) {
			this.status = this.#statusAfter(toModerationError(e));
		}
	}

	/** The audit log, newest first. Never throws: see `auditStatus`. */
	async loadAudit(): Promise<void> {
		this.auditStatus = 'loading';
		try {
			this.audit = await this.#owner.call((c, token) => c.audit(token, this.communityId));
			this.auditStatus = 'ready';
		} catch (e: unknown) {
			const { code } = toModerationError(e);
			this.auditStatus = code === 'offline' || code === 'forbidden' ? code : 'failed';
		}
	}

	/**
	 * Does what the moderator decided, then resolves the report, which leaves the queue. Throws
	 * `ModerationError`: `offline` before anything is done; `needs-room` when a post must be
	 * hidden or removed and this device does not have the community open; `already-resolved` (the
	 * report leaves the queue too: someone else dealt with it); `forbidden`, `not-found`,
	 * `invalid`, `failed`.
	 */
	async act(report: Report, action: QueueAction, room: DocumentModerator | null): Promise<void> {
		if (!this.#owner.online()) throw new ModerationError('offline');
		const reason = action.reason.trim();
		try {
			await this.#apply(report, action, reason, room);
			await this.#owner.call((c, token) =>
				c.resolve(token, report.reportId, OUTCOME[action.kind], reason === '' ? null : reason)
			);
		} catch (e: unknown) {
			const error = toModerationError(e);
			if (error.code === 'already-resolved') await this.#drop(report.reportId);
			throw error;
		}
		await this.#drop(report.reportId);
	}

	async #apply(
		report: Report,
		action: QueueAction,
		reason: string,
		room: DocumentModerator | null
	): Promise<void> {
		const { communityId } = this;
		switch (action.kind) {
			case 'hide':
			case 'remove':
			case 'unhide': {
				if (room === null || report.target.kind === 'person') {
					throw new ModerationError('needs-room');
				}
				try {
					await room.moderate({ action: action.kind, targetId: report.target.id, reason });
				} catch (e: unknown) {
					throw fromRoom(e);
				}
				return;
			}
			case 'warn':
				await this.#owner.call((c, token) =>
					c.warn(token, communityId, action.pseudonymId, reason)
				);
				return;
			case 'mute': {
				const until = this.#owner.now() + action.days * DAY_MS;
				await this.#owner.call((c, token) =>
					c.mute(token, communityId, { pseudonymId: action.pseudonymId, until, reason })
				);
				return;
			}
			case 'dismiss':
			case 'keep-hidden':
				return;
		}
	}

	async #drop(reportId: string): Promise<void> {
		this.reports = this.reports.filter((report) => report.reportId !== reportId);
		const deps = await this.#owner.ready();
		if (this.fetchedAt === null) return;
		await deps.cache
			.saveQueue(this.communityId, { reports: this.reports, fetchedAt: this.fetchedAt })
			.catch(() => {});
	}

	#statusAfter(error: ModerationError): QueueStatus {
		switch (error.code) {
			case 'forbidden':
			case 'not-found':
			case 'signed-out':
				return error.code;
			case 'offline':
				return this.fetchedAt === null ? 'offline' : 'cached';
			default:
				return this.fetchedAt === null ? 'failed' : 'cached';
		}
	}
}

export class ModerationState {
	/** This person's roles; null until known (from the device or the server). */
	roles = $state.raw<Roles | null>(null);
	#deps: ModerationDependencies | null = null;
	#client: ModerationClient | null = null;
	#whenReady: Promise<ModerationDependencies>;
	#resolveReady: (deps: ModerationDependencies) => void = () => {};
	/** Not reactive: pages ask for a queue while deriving, and each queue's fields are. */
	#queues: Record<string, ModerationQueue> = {};
	#rolesAskedAt = Number.NEGATIVE_INFINITY;

	constructor() {
		this.#whenReady = new Promise((resolve) => (this.#resolveReady = resolve));
	}

	/** Called once at start; pages may ask before, and wait for it. */
	async attach(deps: ModerationDependencies): Promise<void> {
		this.#deps = deps;
		this.#client = new ModerationClient({
			origin: deps.origin ?? location.origin,
			...(deps.fetch ? { fetch: deps.fetch } : {})
		});
		this.#resolveReady(deps);
		// Someone not set up yet moderates nothing, and needs no key code loaded at start to know it.
		if (!deps.session.setupComplete) {
			this.roles = NO_ROLES;
			return;
		}
		await deps.session.loadKeys().catch(() => {});
		const cached = await deps.cache.loadRoles().catch(() => null);
		if (cached !== null && cached.userId === deps.session.userId) this.roles = cached.roles;
		await this.refreshRoles();
	}

	/** Whether this person may see a community's queue and act on it. */
	moderates(communityId: string): boolean {
		const roles = this.roles;
		return roles !== null && (roles.admin || roles.moderates.includes(communityId));
	}

	/**
	 * Asks again when the roles were last asked for over a minute ago (a page that shows a
	 * moderator's link calls it: an appointment shows without restarting the app).
	 */
	rolesWanted(): void {
		if (this.now() - this.#rolesAskedAt > ROLES_MAX_AGE_MS) void this.refreshRoles();
	}

	/** Asks the server for this person's roles. Never throws: the copy on the device stays. */
	async refreshRoles(): Promise<void> {
		const deps = await this.ready();
		this.#rolesAskedAt = this.now();
		if (!deps.session.setupComplete) return;
		try {
			await deps.session.loadKeys();
			const roles = await this.call((c, token) => c.roles(token));
			this.roles = roles;
			const userId = deps.session.userId;
			if (userId !== null) await deps.cache.saveRoles({ userId, roles }).catch(() => {});
		} catch (e: unknown) {
			const { code } = toModerationError(e);
			// Signed out or not set up: nobody's roles apply on this device.
			if (code === 'signed-out') this.roles = NO_ROLES;
		}
	}

	/** The queue of one community: the same object for the life of the app. */
	queue(communityId: string): ModerationQueue {
		const known = Object.hasOwn(this.#queues, communityId) ? this.#queues[communityId] : undefined;
		if (known !== undefined) return known;
		const queue = new ModerationQueue(this, communityId);
		this.#queues[communityId] = queue;
		return queue;
	}

	/**
	 * The person left a community: its queue goes from memory (the device's copy is removed with
	 * the community's other data), so a page that asks again starts from nothing.
	 */
	forget(communityId: string): void {
		this.#queues = Object.fromEntries(
			Object.entries(this.#queues).filter(([id]) => id !== communityId)
		);
	}

	/** The person's own user id, to tell their own actions in the log. */
	get userId(): string | null {
		return this.#deps?.session.userId ?? null;
	}

	ready(): Promise<ModerationDependencies> {
		return this.#whenReady;
	}

	/** For the queues: one authenticated call; every failure a `ModerationError`. */
	async call<T>(run: (client: ModerationClient, token: string) => Promise<T>): Promise<T> {
		const deps = await this.ready();
		const client = this.#client;
		if (client === null) throw new ModerationError('failed');
		return authedCall(deps.session, client, run);
	}

	now(): number {
		return (this.#deps?.now ?? Date.now)();
	}

	online(): boolean {
		return this.#deps?.online?.() ?? connectivity.status === 'online';
	}
}

export const moderation = new ModerationState();

/**
 * The room's refusals (`CommunityError`, read by its code: importing the room here would load
 * community code on every page) in moderation's words.
 */
function fromRoom(e: unknown): ModerationError {
	const code = e instanceof Error && 'code' in e ? e.code : null;
	if (code === 'not-yours') return new ModerationError('forbidden', { cause: e });
	if (code === 'missing') return new ModerationError('not-found', { cause: e });
	if (code === 'invalid-input') return new ModerationError('invalid', { cause: e });
	if (code === 'not-joined' || code === 'not-ready') {
		return new ModerationError('needs-room', { cause: e });
	}
	return toModerationError(e);
}
