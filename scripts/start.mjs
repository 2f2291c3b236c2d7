// `npm start`: builds the PWA if the sources are newer than the last build, then starts the one
// Hearth server (static app, API and sync) on http://localhost:8787 (PORT overrides).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'build/.built');
const inputs = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const info = statSync(path);
	if (!info.isDirectory()) return info.mtimeMs;
	let max = info.mtimeMs;
	for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
	return max;
}

const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sourcesAt = Math.max(...inputs.map((p) => newest(join(root, p))));
if (sourcesAt > builtAt) {
	console.log(builtAt ? 'Sources changed since the last build: building…' : 'Building Hearth…');
	const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], {
		cwd: root,
		stdio: 'inherit'
	});
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(
	process.execPath,
	[join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'server/main.ts')],
	{
		cwd: root,
		stdio: 'inherit',
		env: process.env
	}
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
