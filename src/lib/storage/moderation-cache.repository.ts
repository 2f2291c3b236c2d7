/**
 * What this device keeps of moderation, so it reads with no connection: the person's roles (the
 * "Moderation" link shows offline for a moderator), their notices (and which they have seen), and
 * the report queue of each community they moderate. All of it is a copy of what the server said,
 * replaced whole at each fetch; nothing here is ever sent anywhere.
 *
 * Implementations: `DexieModerationCacheRepository` (rows of `meta`) and
 * `MemoryModerationCacheRepository` (tests); both pass `moderation-cache-repository.contract.ts`.
 * Values are checked on the way out with the same readers the API answers go through, because
 * disk may hand back anything: an unreadable copy reads as none.
 */
import {
	readNotices,
	readReports,
	readRoles,
	type Notice,
	type Report,
	type Roles
} from '../domain/moderation/moderation-records';

export interface CachedRoles {
	/** Whose roles: a restored identity must not inherit another's. */
	userId: string;
	roles: Roles;
}

export interface CachedNotices {
	userId: string;
	notices: Notice[];
	fetchedAt: number;
	/** The newest notice time the person has seen; later ones count as new. */
	seenAt: number;
}

export interface CachedQueue {
	reports: Report[];
	fetchedAt: number;
}

export interface ModerationCacheRepository {
	loadRoles(): Promise<CachedRoles | null>;
	saveRoles(value: CachedRoles): Promise<void>;
	loadNotices(): Promise<CachedNotices | null>;
	saveNotices(value: CachedNotices): Promise<void>;
	loadQueue(communityId: string): Promise<CachedQueue | null>;
	saveQueue(communityId: string, value: CachedQueue): Promise<void>;
	/** Forgets a community's queue (the person left it): its reports stay on no device of theirs. */
	removeQueue(communityId: string): Promise<void>;
}

/** The meta keys this repository owns. */
export const ROLES_KEY = 'moderation-roles';
export const NOTICES_KEY = 'moderation-notices';
export const QUEUE_KEY_PREFIX = 'moderation-queue:';

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

export function readCachedRoles(value: unknown): CachedRoles | null {
	if (!isRecord(value) || typeof value.userId !== 'string' || !isRecord(value.roles)) return null;
	return { userId: value.userId, roles: readRoles({ roles: value.roles }) };
}

export function readCachedNotices(value: unknown): CachedNotices | null {
	if (!isRecord(value) || typeof value.userId !== 'string') return null;
	if (!isTime(value.fetchedAt) || !isTime(value.seenAt)) return null;
	try {
		return {
			userId: value.userId,
			notices: readNotices(value),
			fetchedAt: value.fetchedAt,
			seenAt: value.seenAt
		};
	} catch {
		return null;
	}
}

export function readCachedQueue(value: unknown): CachedQueue | null {
	if (!isRecord(value) || !isTime(value.fetchedAt)) return null;
	try {
		return { reports: readReports(value), fetchedAt: value.fetchedAt };
	} catch {
		return null;
	}
}
