// The operator's list of communities: a JSON file read once at start, from HEARTH_COMMUNITIES if
// set, else the warm default set beside the server (communities.default.json). A file that does
// not fit is refused at start with its path and the first problem, never half-loaded.
//
// Shape: { "communities": [{ "id", "name", "description", "guidelines": ["…"] }] }. Ids are
// lower-case slugs: they appear in room names (`community:<id>:…`), in URLs, and in the HKDF
// label of each person's pseudonym key there, so an id must never change once people have used it.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { ConfigError } from '../config';

export interface Community {
	id: string;
	name: string;
	description: string;
	/** Short plain sentences, shown before a person first posts. */
	guidelines: string[];
}

export interface CommunityDirectory {
	list(): readonly Community[];
	get(id: string): Community | undefined;
}

export class CommunitiesFileError extends ConfigError {
	override name = 'CommunitiesFileError';
}

export const COMMUNITY_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const DEFAULT_COMMUNITIES_FILE = fileURLToPath(
	new URL('../communities.default.json', import.meta.url)
);

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

const CommunitySchema = v.strictObject({
	id: v.pipe(
		v.string(),
		v.regex(COMMUNITY_ID_PATTERN, 'Expected a slug: a–z, 0–9 and inner hyphens, up to 40.')
	),
	name: text(60),
	description: text(300),
	guidelines: v.pipe(v.array(text(200)), v.minLength(1), v.maxLength(12))
});

const FileSchema = v.strictObject({
	communities: v.pipe(v.array(CommunitySchema), v.minLength(1))
});

type Env = Readonly<Record<string, string | undefined>>;

export function communitiesFileFrom(env: Env): string {
	return env.HEARTH_COMMUNITIES?.trim() || DEFAULT_COMMUNITIES_FILE;
}

export async function loadCommunities(path: string): Promise<CommunityDirectory> {
	let json: unknown;
	try {
		json = JSON.parse(await readFile(path, 'utf8'));
	} catch (cause: unknown) {
		const why = cause instanceof SyntaxError ? 'is not valid JSON' : 'could not be read';
		throw new CommunitiesFileError(`The communities file ${path} ${why}: ${String(cause)}`);
	}
	const result = v.safeParse(FileSchema, json);
	if (!result.success) {
		const [issue] = result.issues;
		const field = v.getDotPath(issue) ?? '(top level)';
		throw new CommunitiesFileError(
			`The communities file ${path} does not fit at ${field}: ${issue.message}`
		);
	}
	try {
		return createCommunityDirectory(result.output.communities);
	} catch (cause: unknown) {
		throw new CommunitiesFileError(`The communities file ${path}: ${String(cause)}`);
	}
}

export function createCommunityDirectory(communities: readonly Community[]): CommunityDirectory {
	const byId = new Map<string, Community>();
	for (const community of communities) {
		if (!COMMUNITY_ID_PATTERN.test(community.id)) {
			throw new RangeError(`"${community.id}" is not a community id.`);
		}
		if (byId.has(community.id)) throw new RangeError(`The id "${community.id}" appears twice.`);
		const copy = structuredClone(community);
		Object.freeze(copy.guidelines);
		byId.set(community.id, Object.freeze(copy));
	}
	const list = Object.freeze([...byId.values()]);
	return { list: () => list, get: (id) => byId.get(id) };
}
