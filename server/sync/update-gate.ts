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
 * - Journal rooms (`journal:<userId>`) only bind client ids: only their owner joins them.
 * - A client id first seen in presence is bound to that connection's person at once, since
 *   presence shows it to the room before its first write.
 */
import * as Y from 'yjs';
import { checkChanges, type ChangeRefusalCode } from '../../src/lib/domain/community/change-policy';
import { decodeUpdateStrictly } from '../../src/lib/sync/update-codec';
import type { ClientBindingStore } from '../store/client-binding-store';
import { silentLogger, type Logger } from '../logger';
import type { Authorized } from './access';
import { OutsideSchemaError, updateChanges, type UpdateChanges } from './update-changes';

export type UpdateRefusalCode = ChangeRefusalCode | 'client-id-taken';

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

export interface UpdateGate {
	/** Resolves when `update` may be stored in `room`; rejects with RefusedUpdateError. */
	admit(input: {
		room: string;
		doc: Y.Doc;
		update: Uint8Array;
		access: Authorized;
		/** A replica of `doc` the update may be applied to (see update-changes.ts). */
		scratch?: Y.Doc;
	}): Promise<void>;
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
	now?: () => number;
}

export function createUpdateGate(options: UpdateGateOptions): UpdateGate {
	const isModerator = options.isModerator ?? (() => false);
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
			let clients: number[];
			if (communityId === null) {
				clients = clientsOf(update);
			} else {
				const author = access.author ?? null;
				if (author === null) throw new RefusedUpdateError('not-author', 'no pseudonym here');
				let changes: UpdateChanges['changes'];
				try {
					({ changes, clients } = updateChanges(doc, update, scratch));
				} catch (cause: unknown) {
					if (cause instanceof OutsideSchemaError) {
						throw new RefusedUpdateError('outside-schema', cause.message);
					}
					throw cause;
				}
				const actor = { author, moderator: await isModerator(access.userId, communityId) };
				const refusal = checkChanges(changes, actor, now());
				if (refusal !== null) {
					throw new RefusedUpdateError(refusal.code, `${refusal.map}: ${refusal.detail}`);
				}
			}
			const taken = await options.bindings.claim(access.userId, clients);
			if (taken !== null) {
				throw new RefusedUpdateError('client-id-taken', `client id ${taken} is not yours`);
			}
		}
	};
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
