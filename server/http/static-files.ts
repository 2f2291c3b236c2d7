// Serves the built PWA from build/, and hashed assets of earlier builds from the archive.
//
// A small handler of our own rather than sirv: sirv's production mode lists build/ once at
// start, so it would not see a rebuild, and its per-request dev mode adds no-cache to
// everything; it treats `Accept-Encoding: gzip;q=0` as acceptance; its 304 drops Cache-Control
// and Vary; and it has no second root to fall back on. What remains (open a file, pick a
// precompressed variant, set headers, stream) is this file.
//
// Files are opened before their headers are written and streamed from that open handle, so a
// rebuild that deletes a file mid-response cannot tear it.
//
// Which file answers a GET or HEAD:
// 1. the file at the path in build/ (a folder's index.html for a folder);
// 2. under /_app/immutable/: the archived copy from a previous build, else 404;
// 3. a missing path with a file extension, or anything under /_app/: 404, never the app shell,
//    since HTML served as a script breaks the page in confusing ways;
// 4. any other path (a deep link such as /journal/abc123): `<path>.html` if a prerendered page
//    exists, else index.html, the SPA shell, with 200.
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { HtmlCspCache } from '../build/html-csp';
import type { Logger } from '../logger';
import { acceptedCodings, FILE_SUFFIX, type ContentCoding } from './accept-encoding';
import { cacheControlForStatic, IMMUTABLE, isImmutableAsset, REVALIDATE } from './cache-policy';
import { contentTypeFor, isHtml } from './content-type';
import { sendText } from './respond';

export interface StaticFilesOptions {
	buildDir: string;
	/** Archived `_app/immutable/` files of previous builds (see AssetArchive). */
	archiveDir: string;
	csp: HtmlCspCache;
	log: Logger;
}

export type StaticHandler = (
	req: IncomingMessage,
	res: ServerResponse,
	segments: readonly string[]
) => Promise<void>;

interface OpenFile {
	path: string;
	handle: FileHandle;
	stats: Stats;
}

type Probe = { kind: 'file'; file: OpenFile } | { kind: 'folder' } | { kind: 'missing' };

type Located =
	| { kind: 'file'; file: OpenFile; cacheControl: string }
	| { kind: 'not-found' }
	| { kind: 'no-build' };

export function createStaticFiles(options: StaticFilesOptions): StaticHandler {
	const buildDir = resolve(options.buildDir);
	const archiveDir = resolve(options.archiveDir);

	async function locate(segments: readonly string[]): Promise<Located> {
		if (segments.some((segment) => segment.startsWith('.') && segment !== '.well-known')) {
			return { kind: 'not-found' };
		}
		if (segments.length > 0) {
			const direct = await probe(inside(buildDir, segments));
			if (direct.kind === 'file') {
				return { kind: 'file', file: direct.file, cacheControl: cacheControlForStatic(segments) };
			}
			if (direct.kind === 'folder') {
				const index = await probe(inside(buildDir, [...segments, 'index.html']));
				if (index.kind === 'file')
					return { kind: 'file', file: index.file, cacheControl: REVALIDATE };
			}
			if (isImmutableAsset(segments)) {
				const archived = await probe(inside(archiveDir, segments.slice(2)));
				if (archived.kind === 'file')
					return { kind: 'file', file: archived.file, cacheControl: IMMUTABLE };
				return { kind: 'not-found' };
			}
			const last = segments.at(-1) ?? '';
			if (segments[0] === '_app' || /\.[a-z0-9]+$/i.test(last)) return { kind: 'not-found' };
			const page = await probe(inside(buildDir, [...segments.slice(0, -1), `${last}.html`]));
			if (page.kind === 'file') return { kind: 'file', file: page.file, cacheControl: REVALIDATE };
		}
		const shell = await probe(inside(buildDir, ['index.html']));
		if (shell.kind === 'file') return { kind: 'file', file: shell.file, cacheControl: REVALIDATE };
		return { kind: 'no-build' };
	}

	async function send(
		req: IncomingMessage,
		res: ServerResponse,
		identity: OpenFile,
		cacheControl: string
	) {
		const opened = [identity];
		try {
			const contentType = contentTypeFor(identity.path);
			const headers: Record<string, string | number> = {
				'Content-Type': contentType,
				'Cache-Control': cacheControl,
				Vary: 'Accept-Encoding'
			};
			if (isHtml(contentType)) {
				headers['Content-Security-Policy'] = await options.csp.headerFor(
					identity.path,
					identity.handle,
					identity.stats
				);
			}

			let body = identity;
			let coding: ContentCoding | undefined;
			for (const candidate of acceptedCodings(req.headers['accept-encoding'])) {
				const variant = await probe(identity.path + FILE_SUFFIX[candidate]);
				if (variant.kind !== 'file') continue;
				opened.push(variant.file);
				if (isStale(variant.file.stats, identity.stats)) continue;
				body = variant.file;
				coding = candidate;
				break;
			}

			headers.ETag = entityTag(body.stats, coding);
			if (matchesIfNoneMatch(req.headers['if-none-match'], headers.ETag)) {
				delete headers['Content-Type'];
				res.writeHead(304, headers);
				res.end();
				return;
			}
			headers['Content-Length'] = body.stats.size;
			if (coding) headers['Content-Encoding'] = coding;
			res.writeHead(200, headers);
			if (req.method === 'HEAD') {
				res.end();
				return;
			}
			await pipeline(body.handle.createReadStream({ start: 0, autoClose: false }), res).catch(
				(cause: unknown) => {
					// A client that goes away mid-download is normal on a flaky link.
					if (!isClientGone(cause))
						options.log.warn(`Could not send a static file: ${String(cause)}`);
				}
			);
		} finally {
			await Promise.all(opened.map((file) => file.handle.close()));
		}
	}

	return async function serveStatic(req, res, segments) {
		const located = await locate(segments);
		switch (located.kind) {
			case 'file':
				return send(req, res, located.file, located.cacheControl);
			case 'not-found':
				return sendText(res, 404, 'Not found.\n');
			case 'no-build':
				return sendText(res, 503, 'Hearth has not been built yet: run `npm run build`.\n');
		}
	};
}

/** Joins already-checked segments onto root; refuses (as a bug) anything that escapes it. */
function inside(root: string, segments: readonly string[]): string {
	const path = join(root, ...segments);
	if (!path.startsWith(root + sep)) throw new Error(`Path escapes ${root}: ${segments.join('/')}`);
	return path;
}

async function probe(path: string): Promise<Probe> {
	let handle: FileHandle;
	try {
		handle = await open(path, 'r');
	} catch (cause: unknown) {
		if (isNoSuchFile(cause)) return { kind: 'missing' };
		throw cause;
	}
	try {
		const stats = await handle.stat();
		if (stats.isFile()) return { kind: 'file', file: { path, handle, stats } };
		await handle.close();
		return stats.isDirectory() ? { kind: 'folder' } : { kind: 'missing' };
	} catch (cause: unknown) {
		await handle.close();
		throw cause;
	}
}

/**
 * A variant clearly older than its file was not made from it: a build caught half-written, or a
 * file edited by hand. Serving it would pair old bytes with a new CSP and blank the page. The
 * margin allows for copies that do not keep mtimes (`cp -r` may write `x.js.br` before `x.js`).
 */
function isStale(variant: Stats, identity: Stats): boolean {
	return variant.mtimeMs < identity.mtimeMs - STALE_VARIANT_MARGIN_MS;
}

const STALE_VARIANT_MARGIN_MS = 2000;

/** Weak: it names the file's metadata, not a hash of its bytes. Each encoding gets its own. */
function entityTag(stats: Stats, coding: ContentCoding | undefined): string {
	const suffix = coding ? `-${coding}` : '';
	return `W/"${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}${suffix}"`;
}

function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

function isNoSuchFile(cause: unknown): boolean {
	if (!(cause instanceof Error) || !('code' in cause)) return false;
	return ['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG'].includes(String(cause.code));
}

function isClientGone(cause: unknown): boolean {
	if (!(cause instanceof Error) || !('code' in cause)) return false;
	return ['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE'].includes(String(cause.code));
}
