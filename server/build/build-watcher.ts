// Notices the build the server is serving: its version, its CSP, and (through AssetArchive) a
// copy of its hashed assets. It looks at start, then every few seconds, because a rebuild
// replaces build/ under a running server. Polling, not fs.watch: adapter-static deletes and
// recreates the folder, which silently ends a watch on it, and one small stat-and-list every
// few seconds costs nothing next to being wrong.
import { join } from 'node:path';
import type { Logger } from '../logger';
import type { AssetArchive } from './asset-archive';
import { readBuildVersion } from './build-version';
import type { HtmlCspCache } from './html-csp';

export interface BuildSnapshot {
	/** undefined when build/ holds no readable `_app/version.json`. */
	version: string | undefined;
	hasIndexHtml: boolean;
}

export class BuildWatcher {
	readonly #buildDir: string;
	readonly #archive: AssetArchive;
	readonly #csp: HtmlCspCache;
	readonly #log: Logger;
	#queue: Promise<unknown> = Promise.resolve();
	#busy = false;
	#timer: NodeJS.Timeout | undefined;
	#lastProblem = '';

	constructor(options: { buildDir: string; archive: AssetArchive; csp: HtmlCspCache; log: Logger }) {
		this.#buildDir = options.buildDir;
		this.#archive = options.archive;
		this.#csp = options.csp;
		this.#log = options.log;
	}

	/** Looks at the build now; calls queue, so each sees the effects of the one before. */
	check(): Promise<BuildSnapshot> {
		const run = this.#queue.then(() => this.#checkOnce());
		this.#queue = run.catch(() => {});
		return run;
	}

	start(intervalMs: number): void {
		if (intervalMs <= 0 || this.#timer) return;
		this.#timer = setInterval(() => {
			if (!this.#busy) void this.check();
		}, intervalMs);
		this.#timer.unref();
	}

	/** Stops polling and waits for a check in progress, so nothing writes after shutdown. */
	async stop(): Promise<void> {
		clearInterval(this.#timer);
		this.#timer = undefined;
		await this.#queue;
	}

	async #checkOnce(): Promise<BuildSnapshot> {
		this.#busy = true;
		try {
			const version = await readBuildVersion(this.#buildDir);
			const hasIndexHtml = await this.#csp.warm(join(this.#buildDir, 'index.html'));
			if (!hasIndexHtml) {
				this.#report(`No built app in ${this.#buildDir} (index.html is missing); run \`npm run build\`.`);
			} else if (version === undefined) {
				this.#report(`${this.#buildDir} has no readable _app/version.json; its assets are not archived.`);
			} else {
				await this.#archive.archive(version, join(this.#buildDir, '_app', 'immutable')).then(
					() => this.#report(''),
					(cause: unknown) => this.#report(`Could not archive the build's assets: ${messageOf(cause)}`)
				);
			}
			return { version, hasIndexHtml };
		} finally {
			this.#busy = false;
		}
	}

	/** Says each problem once, not on every poll. */
	#report(problem: string): void {
		if (problem !== '' && problem !== this.#lastProblem) this.#log.warn(problem);
		this.#lastProblem = problem;
	}
}

function messageOf(cause: unknown): string {
	return cause instanceof Error ? cause.message : String(cause);
}
