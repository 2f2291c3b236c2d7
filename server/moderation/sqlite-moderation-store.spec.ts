import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeModerationStoreContract } from './moderation-store.contract';
import Database from 'better-sqlite3';
import { runMigrations } from '../store/run-migrations';
import { MIGRATIONS } from './sqlite-moderation-schema';
import { openSqliteModerationStore } from './sqlite-moderation-store';

const folders: string[] = [];

async function tempFile(): Promise<string> {
	const folder = await mkdtemp(join(tmpdir(), 'hearth-moderation-'));
	folders.push(folder);
	return join(folder, 'hearth.sqlite');
}

afterEach(async () => {
	await Promise.all(
		folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true }))
	);
});

describeModerationStoreContract('SqliteModerationStore', async () => {
	const store = openSqliteModerationStore(await tempFile());
	return { store, dispose: () => store.close() };
});

describe('SqliteModerationStore on disk', () => {
	it('keeps moderators and reports across a reopen', async () => {
		const file = await tempFile();
		const first = openSqliteModerationStore(file);
		await first.appointModerator('u1', 'anxiety');
		await first.createReport({
			reportId: 'a',
			communityId: 'anxiety',
			reporterId: 'u2',
			target: { kind: 'person', id: 'p1' },
			reason: 'harassment',
			createdAt: 1
		});
		await first.close();
		const second = openSqliteModerationStore(file);
		expect(await second.isModerator('u1', 'anxiety')).toBe(true);
		expect((await second.listOpenReports('anxiety')).map((r) => r.reportId)).toEqual(['a']);
		await second.close();
	});

	it('upgrades a file from before notices, blocks and guidelines, keeping its reports', async () => {
		const file = await tempFile();
		const old = new Database(file);
		runMigrations(old, 'moderation', MIGRATIONS.slice(0, 1), (message) => new Error(message));
		old
			.prepare(
				`INSERT INTO moderation_reports
					(report_id, community_id, reporter_id, target_kind, target_id, reason, created_at)
				VALUES ('a', 'anxiety', 'u2', 'thread', 't1', 'spam', 1)`
			)
			.run();
		old.close();
		const store = openSqliteModerationStore(file);
		expect(await store.getReport('a')).toEqual({
			reportId: 'a',
			communityId: 'anxiety',
			reporterId: 'u2',
			target: { kind: 'thread', id: 't1' },
			reason: 'spam',
			createdAt: 1
		});
		await store.setBlocks('anxiety', 'p1', ['p2']);
		expect(await store.blocksOf('anxiety', 'p1')).toEqual(['p2']);
		await store.close();
	});
});
