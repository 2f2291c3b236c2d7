// The JSON API under /api: routes each path and method to its handler, and turns the errors
// handlers raise (ApiError) into responses, once. Anything else thrown is left to the HTTP
// transport, which logs it by area and answers 500 without details.
//
//   POST /api/auth/challenge                         auth-challenge.ts
//   POST /api/auth/session                           auth-session.ts
//   GET  /api/me, PUT /api/me                        me.ts
//   DELETE /api/me                                   delete-me.ts
//   GET  /api/communities                            list-communities.ts
//   POST /api/communities/:communityId/pseudonym     pseudonym.ts
//   GET  /api/communities/:communityId/parts         list-parts.ts
//   POST /api/sync-token                             sync-token.ts
//   PUT, DELETE /api/communities/:communityId/moderators/:userId   moderators.ts
//   POST /api/reports, POST /api/reports/:reportId/resolve         reports.ts
//   GET  /api/communities/:communityId/reports                     reports.ts
//   GET, POST /api/communities/:communityId/audit                  audit-log.ts
//   POST /api/communities/:communityId/mutes, DELETE …/mutes/:userId  mutes.ts
//   POST /api/communities/:communityId/warnings                    warnings.ts
//   GET  /api/me/notices, POST /api/me/notices/:noticeId/second-look  notices.ts
//   GET, PUT /api/communities/:communityId/blocks                  blocks.ts
//   PUT  /api/communities/:communityId/guidelines                  guidelines.ts
//   POST, DELETE /api/links, GET /api/links/:dropId                links.ts
//   GET  /api/usage/:meterId                                       usage.ts
import type { HttpEndpoint } from '../http/endpoints';
import type { IdentityStore } from '../identity/identity-store';
import type { TokenService } from '../identity/tokens';
import { consoleLogger, type Logger } from '../logger';
import type { ApiContext, ApiHandler } from './api-context';
import { ApiError, sendApiError } from './api-error';
import { postChallenge } from './auth-challenge';
import { postSession } from './auth-session';
import { ChallengeBook } from './challenge-book';
import type { CommunityDirectory } from './communities';
import { listCommunities } from './list-communities';
import { listParts } from './list-parts';
import { getMe, putMe } from './me';
import { deleteMe } from './delete-me';
import { postPseudonym } from './pseudonym';
import { DEFAULT_BODY_LIMIT_BYTES } from './read-json-body';
import { postSyncToken } from './sync-token';
import { listAudit, postAudit } from './audit-log';
import { deleteModerator, putModerator } from './moderators';
import { deleteMute, postMute } from './mutes';
import { postWarning } from './warnings';
import { listNotices, postSecondLook } from './notices';
import { getBlocks, putBlocks } from './blocks';
import { putGuidelines } from './guidelines';
import { LinkDrops } from './link-drops';
import { deleteLink, getLink, LINK_TAKES_PER_MINUTE, postLink } from './links';
import { PerAddressLimit } from './per-address-limit';
import { getUsage, USAGE_READS_PER_MINUTE } from './usage';
import { UsageMeter } from '../usage/usage-meter';
import { DEFAULT_REPORTS_PER_HOUR, listReports, postReport, resolveReport } from './reports';
import type { ModerationStore } from '../moderation/moderation-store';
import { MemoryModerationStore } from '../moderation/memory-moderation-store';
import type { DocumentStore } from '../store/document-store';
import { MemoryDocumentStore } from '../store/memory-document-store';

export interface ApiOptions {
	identities: IdentityStore;
	tokens: TokenService;
	communities: CommunityDirectory;
	/** The sync rooms' store, for listing a community's parts; tests of other routes may leave it
	 * out and get an empty one. */
	documents?: DocumentStore;
	/** Moderators, reports and the audit log; tests of other routes may leave it out and get an
	 * empty in-memory one. */
	moderation?: ModerationStore;
	/** User ids of the server's administrators (the operator's HEARTH_ADMINS). */
	admins?: readonly string[];
	/** How many reports one person may make in any hour (default 10). */
	reportsPerHour?: number;
	/** Closes a person's open connections in a community's rooms, once muted or demoted. */
	closeConnectionsIn?: (userId: string, communityId: string) => Promise<void>;
	/** Deletes a person's account (DELETE /api/me); tests of other routes may leave it out. */
	deleteAccount?: ApiContext['deleteAccount'];
	now?: () => number;
	log?: Logger;
	/**
	 * The origins people reach this server at (e.g. ["https://hearth.example"]), which sign-ins
	 * must name. Without it, a sign-in must name the origin of the request's Host header.
	 */
	allowedOrigins?: readonly string[];
	/** Largest accepted request body (default 16 KiB). */
	bodyLimitBytes?: number;
	challengeTtlMs?: number;
	maxChallenges?: number;
	/** How long a link's sealed box waits for the new device (default 10 minutes). */
	linkTtlMs?: number;
	/** Counts each phone's sync bytes (shared with the sync endpoint); tests of other routes may
	 * leave it out and get an empty one. */
	usage?: UsageMeter;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Route {
	/** Literal segments, or `:name` for a segment passed to the handler as params[name]. */
	path: readonly string[];
	methods: Partial<Record<Method, ApiHandler>>;
}

const ROUTES: readonly Route[] = [
	{ path: ['auth', 'challenge'], methods: { POST: postChallenge } },
	{ path: ['auth', 'session'], methods: { POST: postSession } },
	{ path: ['me'], methods: { GET: getMe, PUT: putMe, DELETE: deleteMe } },
	{ path: ['communities'], methods: { GET: listCommunities } },
	{ path: ['communities', ':communityId', 'pseudonym'], methods: { POST: postPseudonym } },
	{ path: ['communities', ':communityId', 'parts'], methods: { GET: listParts } },
	{ path: ['sync-token'], methods: { POST: postSyncToken } },
	{
		path: ['communities', ':communityId', 'moderators', ':userId'],
		methods: { PUT: putModerator, DELETE: deleteModerator }
	},
	{ path: ['communities', ':communityId', 'reports'], methods: { GET: listReports } },
	{ path: ['communities', ':communityId', 'audit'], methods: { GET: listAudit, POST: postAudit } },
	{ path: ['communities', ':communityId', 'mutes'], methods: { POST: postMute } },
	{ path: ['communities', ':communityId', 'mutes', ':userId'], methods: { DELETE: deleteMute } },
	{ path: ['communities', ':communityId', 'warnings'], methods: { POST: postWarning } },
	{ path: ['me', 'notices'], methods: { GET: listNotices } },
	{ path: ['me', 'notices', ':noticeId', 'second-look'], methods: { POST: postSecondLook } },
	{ path: ['communities', ':communityId', 'blocks'], methods: { GET: getBlocks, PUT: putBlocks } },
	{ path: ['communities', ':communityId', 'guidelines'], methods: { PUT: putGuidelines } },
	{ path: ['reports'], methods: { POST: postReport } },
	{ path: ['reports', ':reportId', 'resolve'], methods: { POST: resolveReport } },
	{ path: ['links'], methods: { POST: postLink, DELETE: deleteLink } },
	{ path: ['links', ':dropId'], methods: { GET: getLink } },
	{ path: ['usage', ':meterId'], methods: { GET: getUsage } }
];

export function createApi(options: ApiOptions): HttpEndpoint {
	const now = options.now ?? Date.now;
	const log = options.log ?? consoleLogger;
	const context: ApiContext = {
		identities: options.identities,
		tokens: options.tokens,
		communities: options.communities,
		documents: options.documents ?? new MemoryDocumentStore(),
		moderation: options.moderation ?? new MemoryModerationStore(),
		admins: new Set(options.admins ?? []),
		reportsPerHour: options.reportsPerHour ?? DEFAULT_REPORTS_PER_HOUR,
		closeConnectionsIn: options.closeConnectionsIn ?? (async () => {}),
		deleteAccount:
			options.deleteAccount ??
			(async () => {
				throw new ApiError(404, 'not-found', 'Deleting accounts is not set up here.');
			}),
		challenges: new ChallengeBook({
			now,
			log,
			ttlMs: options.challengeTtlMs,
			capacity: options.maxChallenges
		}),
		links: new LinkDrops({ now, ttlMs: options.linkTtlMs }),
		linkTakes: new PerAddressLimit({ now, limit: LINK_TAKES_PER_MINUTE, windowMs: 60_000 }),
		usage: options.usage ?? new UsageMeter({ now }),
		usageReads: new PerAddressLimit({ now, limit: USAGE_READS_PER_MINUTE, windowMs: 60_000 }),
		now,
		log,
		allowedOrigins: options.allowedOrigins,
		bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
	};

	return {
		async handle(req, res, segments) {
			try {
				const found = findRoute(segments);
				if (!found) throw new ApiError(404, 'not-found', 'No such endpoint.');
				const { route, params } = found;
				// HEAD is GET without the body, which Node drops by itself.
				const method = req.method === 'HEAD' ? 'GET' : req.method;
				const handler = isMethod(method) ? route.methods[method] : undefined;
				if (!handler) throw methodNotAllowed(route);
				await handler({ req, res, params, context });
			} catch (cause: unknown) {
				if (!(cause instanceof ApiError)) throw cause;
				if (res.headersSent) {
					res.destroy();
					return;
				}
				sendApiError(res, cause);
				// A body left unread (too large, or never looked at) is drained, not parsed, so the
				// client can finish sending and read the answer.
				if (!req.complete) req.resume();
			}
		}
	};
}

function findRoute(
	segments: readonly string[]
): { route: Route; params: Record<string, string> } | undefined {
	for (const route of ROUTES) {
		if (route.path.length !== segments.length) continue;
		const params: Record<string, string> = {};
		const matches = route.path.every((part, i) => {
			const segment = segments[i] ?? '';
			if (part.startsWith(':')) params[part.slice(1)] = segment;
			return part.startsWith(':') || part === segment;
		});
		if (matches) return { route, params };
	}
	return undefined;
}

function isMethod(method: string | undefined): method is Method {
	return method === 'GET' || method === 'POST' || method === 'PUT' || method === 'DELETE';
}

function methodNotAllowed(route: Route): ApiError {
	const methods = Object.keys(route.methods);
	const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
	return new ApiError(405, 'method-not-allowed', `Use ${methods.join(' or ')}.`, {
		headers: { Allow: allow.join(', ') }
	});
}
