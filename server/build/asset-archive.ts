// Keeps the hashed assets of recent builds servable. adapter-static empties build/ on every
// build, but a page opened before the deploy still imports its lazy chunks by their old hashed
// names; without them its next navigation fails. So the server copies each build's
// `_app/immutable/` files into `<dataDir>/previous-assets/files/` as soon as it sees that
// build, and serves from there what build/ no longer has.
//
// Bounded by versions, not by age: the files of the last `keepVersions` versions seen (3 by
// default, the current one included) are kept and everything else is deleted. A count bounds
// the disk whatever the build rate (a day of development makes dozens of versions, which a
// 30-day window would all keep); a tab still open three deploys later is rare, and reloading
// it fixes it.
//
// Hashed names mean a name never changes content, so a file is copied only when the archive
// lacks it or holds a different size (a copy taken while the build was still writing it).
// Copies land under a temporary name and are renamed into place, so a request never reads half
// a file. `index.json` records which files each version had, newest version first.
import type { Stats } from 'node:fs';
import {
	copyFile,
	mkdir,
	readdir,
	readFile,
	rename,
	rmdir,
	stat,
	unlink,
	utimes,
	writeFile
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Logger } from '../logger';

export const DEFAULT_KEEP_VERSIONS = 3;

interface ArchivedVersion {
	version: string;
	files: string[];
}

interface ArchiveIndex {
	format: 1;
	versions: ArchivedVersion[];
}

export interface ArchiveResult {
	copied: number;
	deleted: number;
	keptVersions: string[];
}

export class AssetArchive {
	/** Where archived files live: `<filesDir>/<path under _app/immutable/>`. */
	readonly filesDir: string;
	readonly #indexPath: string;
	readonly #keepVersions: number;
	readonly #log: Logger;
	#index: ArchiveIndex | undefined;

	constructor(archiveDir: string, options: { keepVersions?: number; log: Logger }) {
		this.filesDir = join(archiveDir, 'files');
		this.#indexPath = join(archiveDir, 'index.json');
		this.#keepVersions = Math.max(1, options.keepVersions ?? DEFAULT_KEEP_VERSIONS);
		this.#log = options.log;
	}

	/**
	 * Copies the immutable files of the build at `immutableDir` in under `version`, then
	 * deletes what no kept version needs. Callers run one pass at a time.
	 */
	async archive(version: string, immutableDir: string): Promise<ArchiveResult> {
		const firstPass = this.#index === undefined;
		const index = this.#index ?? (await this.#loadIndex());
		this.#index = index;

		let copied = 0;
		const present: string[] = [];
		for (const file of await listFiles(immutableDir)) {
			const outcome = await this.#copyIfNeeded(join(immutableDir, file), join(this.filesDir, file));
			if (outcome === 'gone') continue;
			if (outcome === 'copied') copied += 1;
			present.push(file);
		}

		const before = JSON.stringify(index.versions);
		const previous = index.versions.find((entry) => entry.version === version);
		const files = [...new Set([...(previous?.files ?? []), ...present])].sort();
		index.versions = [
			{ version, files },
			...index.versions.filter((entry) => entry.version !== version)
		].slice(0, this.#keepVersions);
		const changed = JSON.stringify(index.versions) !== before;

		if (changed) await this.#saveIndex(index);
		// Pruning walks the archive; it is needed only when the kept set changed, and once per
		// process to clear leftovers of a crash (temporary copies, a lost index).
		const deleted = changed || firstPass ? await this.#prune(index) : 0;
		return { copied, deleted, keptVersions: index.versions.map((entry) => entry.version) };
	}

	async #copyIfNeeded(source: string, target: string): Promise<'copied' | 'present' | 'gone'> {
		let sourceStats: Stats;
		try {
			sourceStats = await stat(source);
		} catch (cause: unknown) {
			if (isMissing(cause)) return 'gone';
			throw cause;
		}
		const targetSize = await stat(target).then(
			(stats) => stats.size,
			() => undefined
		);
		if (targetSize === sourceStats.size) return 'present';

		await mkdir(dirname(target), { recursive: true });
		const temporary = `${target}.${process.pid}.partial`;
		try {
			await copyFile(source, temporary);
		} catch (cause: unknown) {
			if (isMissing(cause)) return 'gone';
			throw cause;
		}
		// Keep the build's mtimes, so a copied `.br` never looks older than its file.
		await utimes(temporary, sourceStats.atime, sourceStats.mtime);
		await rename(temporary, target);
		return 'copied';
	}

	async #prune(index: ArchiveIndex): Promise<number> {
		const kept = new Set(index.versions.flatMap((entry) => entry.files));
		let deleted = 0;
		for (const file of await listFiles(this.filesDir)) {
			if (kept.has(file)) continue;
			await unlink(join(this.filesDir, file));
			deleted += 1;
		}
		await removeEmptyFolders(this.filesDir);
		return deleted;
	}

	async #loadIndex(): Promise<ArchiveIndex> {
		let text: string;
		try {
			text = await readFile(this.#indexPath, 'utf8');
		} catch (cause: unknown) {
			if (isMissing(cause)) return { format: 1, versions: [] };
			throw cause;
		}
		try {
			const parsed: unknown = JSON.parse(text);
			if (isArchiveIndex(parsed)) return parsed;
		} catch {
			// Reported below, like any other unreadable index.
		}
		this.#log.warn(
			`${this.#indexPath} is unreadable; starting a new archive of previous assets (older files will be removed).`
		);
		return { format: 1, versions: [] };
	}

	async #saveIndex(index: ArchiveIndex): Promise<void> {
		await mkdir(dirname(this.#indexPath), { recursive: true });
		const temporary = `${this.#indexPath}.${process.pid}.partial`;
		await writeFile(temporary, `${JSON.stringify(index, null, '\t')}\n`);
		await rename(temporary, this.#indexPath);
	}
}

function isArchiveIndex(value: unknown): value is ArchiveIndex {
	if (typeof value !== 'object' || value === null) return false;
	if (!('format' in value) || value.format !== 1) return false;
	if (!('versions' in value) || !Array.isArray(value.versions)) return false;
	return value.versions.every(
		(entry: unknown) =>
			typeof entry === 'object' &&
			entry !== null &&
			'version' in entry &&
			typeof entry.version === 'string' &&
			'files' in entry &&
			Array.isArray(entry.files) &&
			entry.files.every((file: unknown) => typeof file === 'string')
	);
}

/** Regular files under `root`, as `/`-separated paths relative to it; [] if root is absent. */
async function listFiles(root: string): Promise<string[]> {
	const files: string[] = [];
	const walk = async (folder: string): Promise<void> => {
		let entries;
		try {
			entries = await readdir(folder, { withFileTypes: true });
		} catch (cause: unknown) {
			if (isMissing(cause)) return;
			throw cause;
		}
		for (const entry of entries) {
			const path = join(folder, entry.name);
			if (entry.isDirectory()) await walk(path);
			else if (entry.isFile()) files.push(relative(root, path).split(sep).join('/'));
		}
	};
	await walk(root);
	return files;
}

async function removeEmptyFolders(root: string): Promise<void> {
	const visit = async (folder: string): Promise<void> => {
		let entries;
		try {
			entries = await readdir(folder, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) if (entry.isDirectory()) await visit(join(folder, entry.name));
		if (folder !== root) await rmdir(folder).catch(() => {});
	};
	await visit(root);
}

function isMissing(cause: unknown): boolean {
	return cause instanceof Error && 'code' in cause && (cause.code === 'ENOENT' || cause.code === 'ENOTDIR');
}
