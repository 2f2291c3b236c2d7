import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import {
	CommunitiesFileError,
	communitiesFileFrom,
	createCommunityDirectory,
	DEFAULT_COMMUNITIES_FILE,
	loadCommunities,
	type Community
} from './communities';

const folders: string[] = [];

async function fileWith(content: string): Promise<string> {
	const folder = await mkdtemp(join(tmpdir(), 'hearth-communities-'));
	folders.push(folder);
	const path = join(folder, 'communities.json');
	await writeFile(path, content);
	return path;
}

afterEach(async () => {
	await Promise.all(
		folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true }))
	);
});

const grief: Community = {
	id: 'grief',
	name: 'Grief',
	description: 'For loss of every kind.',
	guidelines: ['Be gentle.']
};

describe('the default communities', () => {
	it('load, and cover the six areas Hearth starts with', async () => {
		const communities = await loadCommunities(DEFAULT_COMMUNITIES_FILE);
		expect(communities.list().map((community) => community.id)).toEqual([
			'anxiety',
			'low-mood',
			'grief-and-loss',
			'caregivers',
			'farming-and-rural-life',
			'new-parents'
		]);
		for (const community of communities.list()) {
			expect(community.guidelines.length).toBeGreaterThanOrEqual(3);
			// Every community points to crisis help: it must be one tap away from anywhere.
			expect(community.guidelines.join(' ')).toContain('Crisis help');
		}
	});
});

describe('communitiesFileFrom', () => {
	it.each([
		[{}, DEFAULT_COMMUNITIES_FILE],
		[{ HEARTH_COMMUNITIES: '' }, DEFAULT_COMMUNITIES_FILE],
		[{ HEARTH_COMMUNITIES: ' /etc/hearth/communities.json ' }, '/etc/hearth/communities.json']
	])('%j → %s', (env, expected) => {
		expect(communitiesFileFrom(env)).toBe(expected);
	});
});

describe('loadCommunities', () => {
	it('reads an operator’s own file, trimming text', async () => {
		const path = await fileWith(JSON.stringify({ communities: [{ ...grief, name: '  Grief  ' }] }));
		const communities = await loadCommunities(path);
		expect(communities.list()).toEqual([grief]);
		expect(communities.get('grief')).toEqual(grief);
		expect(communities.get('anxiety')).toBeUndefined();
	});

	it.each([
		['not JSON', '{ communities: [', /is not valid JSON/],
		['no list', '{}', /at communities/],
		['an empty list', '{"communities": []}', /at communities/],
		[
			'an upper-case id',
			JSON.stringify({ communities: [{ ...grief, id: 'Grief' }] }),
			/communities\.0\.id/
		],
		[
			'an id with a colon',
			JSON.stringify({ communities: [{ ...grief, id: 'a:b' }] }),
			/communities\.0\.id/
		],
		[
			'no guidelines',
			JSON.stringify({ communities: [{ ...grief, guidelines: [] }] }),
			/guidelines/
		],
		[
			'an empty name',
			JSON.stringify({ communities: [{ ...grief, name: '  ' }] }),
			/communities\.0\.name/
		],
		['an unknown field', JSON.stringify({ communities: [{ ...grief, colour: 'red' }] }), /colour/],
		['a repeated id', JSON.stringify({ communities: [grief, grief] }), /"grief" appears twice/]
	])('refuses a file with %s, naming the path', async (_what, content, problem) => {
		const path = await fileWith(content);
		const loading = loadCommunities(path);
		await expect(loading).rejects.toThrow(CommunitiesFileError);
		await expect(loadCommunities(path)).rejects.toThrow(path);
		await expect(loadCommunities(path)).rejects.toThrow(problem);
	});

	it('refuses a missing file as a configuration error', async () => {
		const path = join(tmpdir(), 'hearth-no-such-folder', 'communities.json');
		await expect(loadCommunities(path)).rejects.toThrow(ConfigError);
		await expect(loadCommunities(path)).rejects.toThrow(/could not be read/);
	});
});

describe('createCommunityDirectory', () => {
	it('keeps its own frozen copy', () => {
		const source = structuredClone(grief);
		const communities = createCommunityDirectory([source]);
		source.name = 'Changed';
		expect(communities.get('grief')?.name).toBe('Grief');
		expect(Object.isFrozen(communities.get('grief'))).toBe(true);
		expect(Object.isFrozen(communities.list())).toBe(true);
	});
});
