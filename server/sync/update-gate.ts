/**
 * The check every incoming update passes before the room stores it (see room.ts): whose client
 * ids wrote it, and, in a community's documents, whether the sender may make each change in it.
 *
 * - Every struct's client id must be the sender's: bound to them at first sight, for good
 *   (`client-id-taken` when it is someone else's). Binding happens only once the update is
 *   otherwise allowed, so a refused update leaves no trace, not even there.
 * - In a community room (`community:<id>:…`), the update's changes (update-changes.ts) must pass
 *   the same policy the client applies before writing (`domain/community/change-policy.ts`),
 *   with the sender as actor: `author` from their sync token, `moderator` from `isModerator`.
 * - A new reply or reaction there must answer a post the document holds (`missing-post`), whose
 *   author has not blocked the sender (`blocked`; blocked-replies.ts): `blockersAmong` is asked
 *   only when the update holds one.
 * - Journal rooms (`journal:<userId>`) only bind client ids: only their owner joins them.
 * - What a moderator's admitted update did to others' posts (moderation-actions.ts) goes to
 *   `onModeration` once the room's document shows it (applied-actions.ts), in the background:
 *   telling authors never delays or fails the update, and tells nothing of one never stored.
 * - A client id first seen in presence is bound to that connection's person at once, since
 *   presence shows it to the room before its first write.
 */
import * as Y from 'yjs';
import { checkChanges, type ChangeRefusalCode } from '../../src/lib/domain/community/change-policy';
import { decodeUpdateStrictly } from '../../src/lib/sync/update-codec';
import type { ClientBindingStore } from '../store/client-binding-store';
import { silentLogger, type Logger } from '../logger';
import type { Authorized } from './access';
import { whenApplied } from './applied-actions';
import { answeredPosts, type RecordLookup } from './blocked-replies';
import { moderationActions, type ModerationAction } from './moderation-actions';
import {
	OutsideSchemaError,
	replicaOf,
	updateChanges,
	valueAt,
	type UpdateChanges
} from './update-changes';

export type UpdateRefusalCode = ChangeRefusalCode | 'client-id-taken' | 'blocked' | 'missing-post';

/** An update the gate refused; nothing of it was applied, stored or relayed. */
export class RefusedUpdateError extends Error {
	override name = 'RefusedUpdateError';

	constructor(
		readonly code: UpdateRefusalCode,
		detail: string
	) {
		super(`Refused update (${code}): ${detail}`);
	}
}

/** Whether a person moderates a community; the roles themselves live elsewhere. */
export type IsModerator = (userId: string, communityId: string) => boolean | Promise<boolean>;

/** Those of `authors` (pseudonym ids) who blocked `sender` in the community. */
export type BlockersAmong = (
	communityId: string,
	sender: string,
	authors: readonly string[]
) => Promise<string[]>;

/** A moderator's admitted update, as what it did to other people's posts. */
export interface ModerationEvent {
	communityId: string;
	room: string;
	/** The moderator's user id. */
	moderatorId: string;
	actions: ModerationAction[];
}

export interface AdmitResult {
	/**
	 * How many record entries (threads, replies, reactions, marks, members) the update writes or
	 * deletes in a community room; 0 in a journal room.
	 */
	changes: number;
}

export interface UpdateGate {
	/** Resolves when `update` may be stored in `room`; rejects with RefusedUpdateError. */
	admit(input: {
		room: string;
		doc: Y.Doc;
		update: Uint8Array;
		access: Authorized;
		/** A replica of `doc` the update may be applied to (see update-changes.ts). */
		scratch?: Y.Doc;
	}): Promise<AdmitResult>;
	/**
	 * Binds a client id to the person whose connection first showed it in presence, unless it is
	 * bound already. Runs in the background; a failure is logged, never thrown.
	 */
	bindPresence(userId: string, clientId: number): void;
}

export interface UpdateGateOptions {
	bindings: ClientBindingStore;
	log?: Logger;
	/** Default: nobody moderates. */
	isModerator?: IsModerator;
	/** Default: nobody blocks anyone. */
	blockersAmong?: BlockersAmong;
	/** Told of each moderator's update that hid, unhid or removed someone else's post. */
	onModeration?: (event: ModerationEvent) => Promise<void>;
	now?: () => number;
}

export function createUpdateGate(options: UpdateGateOptions): UpdateGate {
	const isModerator = options.isModerator ?? (() => false);
	const blockersAmong: BlockersAmong = options.blockersAmong ?? (async () => []);
	const now = options.now ?? Date.now;
	const log = options.log ?? silentLogger;
	return {
		bindPresence(userId, clientId) {
			options.bindings.claim(userId, [clientId]).then(
				(taken) => {
					if (taken !== null) log.warn(`sync: presence under client id ${taken}, not theirs`);
				},
				(cause: unknown) => log.error('sync: could not bind a client id', cause)
			);
		},

		async admit({ room, doc, update, access, scratch }) {
			const communityId = communityOf(room);
			if (communityId === null) {
				await claim(access.userId, clientsOf(update));
				return { changes: 0 };
			}
			const author = access.author ?? null;
			if (author === null) throw new RefusedUpdateError('not-author', 'no pseudonym here');
			// The gate reads posts as they will be after the update, so it needs the replica itself.
			const copy = scratch ?? replicaOf(doc);
			let judged: UpdateChanges;
			try {
				judged = updateChanges(doc, update, copy);
			} catch (cause: unknown) {
				if (cause instanceof OutsideSchemaError) {
					throw new RefusedUpdateError('outside-schema', cause.message);
				}
				throw cause;
			}
			const { changes, clients } = judged;
			const actor = { author, moderator: await isModerator(access.userId, communityId) };
			const refusal = checkChanges(changes, actor, now());
			if (refusal !== null) {
				throw new RefusedUpdateError(refusal.code, `${refusal.map}: ${refusal.detail}`);
			}
			const lookup: RecordLookup = (map, key) => valueAt(copy, map, key);
			const answered = answeredPosts(changes, lookup, author);
			if (answered.missing !== null) {
				throw new RefusedUpdateError('missing-post', `${answered.missing}: its post is not here`);
			}
			const { authors } = answered;
			if (authors.length > 0 && (await blockersAmong(communityId, author, authors)).length > 0) {
				throw new RefusedUpdateError('blocked', 'a reply or reaction to someone who blocked you');
			}
			await claim(access.userId, clients);
			const actions = actor.moderator ? moderationActions(changes, lookup, author) : [];
			if (actions.length > 0) {
				const deliver = (action: ModerationAction) =>
					tell({ communityId, room, moderatorId: access.userId, actions: [action] });
				whenApplied(doc, actions, deliver, now);
			}
			return { changes: changes.length };
		}
	};

	async function claim(userId: string, clients: number[]): Promise<void> {
		const taken = await options.bindings.claim(userId, clients);
		if (taken !== null) {
			throw new RefusedUpdateError('client-id-taken', `client id ${taken} is not yours`);
		}
	}

	/** Hands the event on once the room's current work is over, so nothing waits for it. */
	function tell(event: ModerationEvent): void {
		const onModeration = options.onModeration;
		if (!onModeration) return;
		setImmediate(() => {
			onModeration(event).catch((cause: unknown) =>
				log.error(`sync: could not record moderation in room ${event.room}`, cause)
			);
		});
	}
}

/** The community a room belongs to, or null for any other room. */
function communityOf(room: string): string | null {
	const [kind, id] = room.split(':');
	return kind === 'community' && id ? id : null;
}

function clientsOf(update: Uint8Array): number[] {
	const clients = new Set<number>();
	for (const struct of decodeUpdateStrictly(update).structs) {
		if (!(struct instanceof Y.Skip)) clients.add(struct.id.client);
	}
	return [...clients];
}
