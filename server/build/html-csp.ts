// Remembers each HTML file's Content-Security-Policy header, read from the policy SvelteKit put
// in its <meta> tag. Keyed by the file's identity (inode, size, mtime), so a rebuilt index.html
// gets its new script hash on the very next response, with no restart.
import type { Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { relative } from 'node:path';
import { FALLBACK_HTML_CSP, findMetaCsp, toHeaderCsp } from '../http/csp';
import type { Logger } from '../logger';

interface Entry {
	signature: string;
	header: string;
}

export class HtmlCspCache {
	readonly #entries = new Map<string, Entry>();
	readonly #root: string;
	readonly #log: Logger;

	constructor(root: string, log: Logger) {
		this.#root = root;
		this.#log = log;
	}

	/** The header for an HTML file already open for serving, so policy and bytes match. */
	async headerFor(path: string, handle: FileHandle, stats: Stats): Promise<string> {
		const signature = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
		const cached = this.#entries.get(path);
		if (cached?.signature === signature) return cached.header;

		const html = (await readWhole(handle, stats.size)).toString('utf8');
		let header = toHeaderCsp(findMetaCsp(html));
		if (header === undefined) {
			this.#log.warn(
				`${relative(this.#root, path) || path} has no usable Content-Security-Policy meta tag; ` +
					`sending the restrictive default "${FALLBACK_HTML_CSP}". Check kit.csp in svelte.config.js.`
			);
			header = FALLBACK_HTML_CSP;
		}
		this.#entries.set(path, { signature, header });
		return header;
	}

	/** Reads a file's policy ahead of any request (at start, after a rebuild); false if unreadable. */
	async warm(path: string): Promise<boolean> {
		let handle: FileHandle | undefined;
		try {
			handle = await open(path, 'r');
			const stats = await handle.stat();
			if (!stats.isFile()) return false;
			await this.headerFor(path, handle, stats);
			return true;
		} catch {
			return false;
		} finally {
			await handle?.close();
		}
	}
}

async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
	const buffer = Buffer.alloc(size);
	let offset = 0;
	while (offset < size) {
		const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
		if (bytesRead === 0) break;
		offset += bytesRead;
	}
	return buffer.subarray(0, offset);
}
