// `npm run dev`: the Vite dev server (with hot reload) and the Hearth server side by side. Vite
// proxies /api, /sync and /healthz to the server, so the app sees one origin as in production.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const children = [
	spawn(
		process.execPath,
		[join(root, 'node_modules/tsx/dist/cli.mjs'), 'watch', join(root, 'server/main.ts')],
		{
			cwd: root,
			stdio: 'inherit',
			// Sign-ins carry the page's origin, which is Vite's here, not the server's own.
			env: {
				...process.env,
				HEARTH_DEV: '1',
				HEARTH_ORIGIN: process.env.HEARTH_ORIGIN ?? 'http://localhost:5173,http://127.0.0.1:5173'
			}
		}
	),
	spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'dev'], {
		cwd: root,
		stdio: 'inherit'
	})
];

function stop(code = 0) {
	for (const child of children) child.kill('SIGTERM');
	process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop());
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
