// Builds the PWA into build/, keeping the previous build's hashed assets beside the new ones.
//
// A tab still running the previous version lazily imports chunks by their old hashed names; if
// the build pulled them away, that tab would break on its next navigation. adapter-static empties
// build/ on every build, so the previous build's `_app/immutable` files are carried over (one
// generation only, so the folder does not grow without bound). They are not in the new service
// worker's precache: they are only there for pages already open. The server keeps its own archive
// as well (see server/), so a server restarted between builds still has them.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const immutable = join(root, 'build/_app/immutable');
const carriedList = join(root, 'build/_app/carried-over.json');

async function listFiles(dir) {
	const out = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await listFiles(path)));
		else out.push(path);
	}
	return out;
}

let saved = null;
if (existsSync(immutable)) {
	const carried = new Set(
		existsSync(carriedList) ? JSON.parse(await readFile(carriedList, 'utf8')) : []
	);
	saved = await mkdtemp(join(tmpdir(), 'hearth-prev-'));
	for (const file of await listFiles(immutable)) {
		const rel = relative(immutable, file);
		if (!carried.has(rel)) await cp(file, join(saved, rel));
	}
}

const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
	cwd: root,
	stdio: 'inherit',
	env: process.env
});
if (result.status !== 0) {
	if (saved) await rm(saved, { recursive: true, force: true });
	process.exit(result.status ?? 1);
}

const carried = [];
if (saved) {
	for (const file of await listFiles(saved)) {
		const rel = relative(saved, file);
		const target = join(immutable, rel);
		if (!existsSync(target)) {
			await cp(file, target);
			carried.push(rel);
		}
	}
	await rm(saved, { recursive: true, force: true });
}
await writeFile(carriedList, JSON.stringify(carried));
// The stamp `npm start` compares against the sources to decide whether to rebuild.
await writeFile(join(root, 'build/.built'), new Date().toISOString());
console.log(
	`Built into build/ (${carried.length} files of the previous build kept for pages still open).`
);
