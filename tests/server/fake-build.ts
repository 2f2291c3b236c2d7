// A small stand-in for adapter-static's output (with `precompress: true`), written to a
// temporary folder, so server tests need no real build.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface FakeBuildOptions {
	version: string;
	/** The policy SvelteKit would put in index.html's meta tag; null for none. */
	csp?: string | null;
}

export function metaCspFor(version: string): string {
	return `default-src 'self'; script-src 'self' 'sha256-boot${version}'; object-src 'none'; base-uri 'none'`;
}

/** Paths of a fake build's files, by what they are. */
export function fakeBuildPaths(version: string) {
	return {
		entry: `/_app/immutable/entry/app.${version}.js`,
		lazyChunk: `/_app/immutable/chunks/lazy.${version}.js`,
		sharedChunk: '/_app/immutable/chunks/shared.js'
	};
}

export function fakeBuildFiles(options: FakeBuildOptions): Map<string, string> {
	const { version } = options;
	const csp = options.csp === undefined ? metaCspFor(version) : options.csp;
	const meta = csp === null ? '' : `<meta http-equiv="content-security-policy" content="${csp}">`;
	const paths = fakeBuildPaths(version);
	// Repetitive text, so compressed variants are visibly smaller than the original.
	const code = (name: string) => `export const ${name} = ${JSON.stringify('x'.repeat(400))};\n`;
	return new Map([
		[
			'/index.html',
			`<!doctype html><html><head><meta charset="utf-8">${meta}<title>Hearth</title></head>` +
				`<body><div id="app"></div><script>/* boot ${version} */</script></body></html>\n`
		],
		['/sw.js', `/* service worker ${version} */\n${code('sw')}`],
		['/workbox-4a5b6c.js', code('workbox')],
		['/manifest.webmanifest', JSON.stringify({ name: 'Hearth', start_url: '/' })],
		['/favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"></svg>\n'],
		['/_app/version.json', JSON.stringify({ version })],
		[paths.entry, code(`entry_${version}`)],
		[paths.lazyChunk, code(`lazy_${version}`)],
		[paths.sharedChunk, code('shared')]
	]);
}

const PRECOMPRESSED = /\.(html|js|json|webmanifest|svg)$/;

/** Writes the build to `dir` (emptied first, as adapter-static does) and returns its files. */
export async function writeFakeBuild(
	dir: string,
	options: FakeBuildOptions
): Promise<Map<string, string>> {
	await rm(dir, { recursive: true, force: true });
	const files = fakeBuildFiles(options);
	for (const [path, text] of files) {
		const target = join(dir, path);
		await mkdir(dirname(target), { recursive: true });
		await writeFile(target, text);
		if (PRECOMPRESSED.test(path) && path !== '/_app/version.json') {
			await writeFile(`${target}.br`, brotliCompressSync(text));
			await writeFile(`${target}.gz`, gzipSync(text));
		}
	}
	return files;
}

export interface TempFolders {
	root: string;
	buildDir: string;
	dataDir: string;
	remove(): Promise<void>;
}

/** A temporary root holding build/ and data/; a `secret.txt` beside them for traversal tests. */
export async function makeTempFolders(): Promise<TempFolders> {
	const root = await mkdtemp(join(tmpdir(), 'hearth-server-'));
	await writeFile(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE-BUILD\n');
	return {
		root,
		buildDir: join(root, 'build'),
		dataDir: join(root, 'data'),
		remove: () => rm(root, { recursive: true, force: true })
	};
}
