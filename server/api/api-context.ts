// What every API handler is given: the stores and services, and the settings that shape answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityStore } from '../identity/identity-store';
import type { TokenService } from '../identity/tokens';
import type { Logger } from '../logger';
import type { ModerationStore } from '../moderation/moderation-store';
import type { DocumentStore } from '../store/document-store';
import type { ChallengeBook } from './challenge-book';
import type { CommunityDirectory } from './communities';
import type { LinkDrops } from './link-drops';
import type { PerAddressLimit } from './per-address-limit';
import type { UsageMeter } from '../usage/usage-meter';

export interface ApiContext {
	identities: IdentityStore;
	tokens: TokenService;
	communities: CommunityDirectory;
	/** The rooms' documents; the API only lists them (GET …/parts), sync reads and writes them. */
	documents: DocumentStore;
	challenges: ChallengeBook;
	/** Moderators, reports and the audit log: private, so only ever through the API. */
	moderation: ModerationStore;
	/** The operator's server administrators (user ids). */
	admins: ReadonlySet<string>;
	/** How many reports one person may make in any hour. */
	reportsPerHour: number;
	/** Closes a person's open sync connections in a community's rooms (4403), once their
	 * permissions there shrank: muted, or no longer a moderator. */
	closeConnectionsIn: (userId: string, communityId: string) => Promise<void>;
	/** Deletes a person's account and everything of theirs (server/account/account-eraser.ts). */
	deleteAccount: (userId: string) => Promise<{ records: number; rooms: number }>;
	/** Sealed boxes on their way to a person's new device (links.ts); memory only. */
	links: LinkDrops;
	/** How often one address may try to take a link. */
	linkTakes: PerAddressLimit;
	/** Each phone's sync bytes this month, by meter id (usage.ts); memory only. */
	usage: UsageMeter;
	/** How often one address may read a data meter. */
	usageReads: PerAddressLimit;
	now: () => number;
	log: Logger;
	/** Origins a sign-in may name; undefined accepts the origin of the request's Host. */
	allowedOrigins: readonly string[] | undefined;
	bodyLimitBytes: number;
}

export interface ApiRequest {
	req: IncomingMessage;
	res: ServerResponse;
	/** Named path segments, e.g. `communityId` in /api/communities/:communityId/pseudonym. */
	params: Readonly<Record<string, string>>;
	context: ApiContext;
}

export type ApiHandler = (request: ApiRequest) => Promise<void>;
