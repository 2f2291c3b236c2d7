/**
 * The server's community catalogue (`GET /api/communities`), read from the network: unknown
 * fields are ignored and malformed entries left out, as the API may grow. Checked by hand rather
 * than with the schema library, which would otherwise be part of every community page's first
 * load for these few lines.
 */
import type { CommunityInfo } from '../domain/community/community-info';

/** The catalogue in `body`, or null when it is not one at all. */
export function catalogueOf(body: unknown): CommunityInfo[] | null {
	if (!isRecord(body) || !Array.isArray(body['communities'])) return null;
	return body['communities'].flatMap((item: unknown) => {
		const info = infoOf(item);
		return info === null ? [] : [info];
	});
}

function infoOf(item: unknown): CommunityInfo | null {
	if (!isRecord(item)) return null;
	const { id, name, description = '', guidelines = [], guidelinesVersion } = item;
	if (typeof id !== 'string' || typeof name !== 'string' || typeof description !== 'string') {
		return null;
	}
	if (!Array.isArray(guidelines) || !guidelines.every((line) => typeof line === 'string')) {
		return null;
	}
	if (guidelinesVersion !== undefined && typeof guidelinesVersion !== 'string') return null;
	return {
		id,
		name,
		description,
		guidelines: [...(guidelines as string[])],
		...(guidelinesVersion === undefined ? {} : { guidelinesVersion })
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
