// Puts the server together: one Node http server for the app, /healthz, /api and /sync, on one
// origin, so the service worker's scope and the CSP (`connect-src 'self'`) stay simple.
// main.ts reads the environment and calls this; tests call it with temporary folders and port 0.
import { createServer, type Server } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { AssetArchive } from './build/asset-archive';
import { BuildWatcher, type BuildSnapshot } from './build/build-watcher';
import { HtmlCspCache } from './build/html-csp';
import { ConfigError } from './config';
import { apiNotFound, type HttpEndpoint, type UpgradeEndpoint } from './http/endpoints';
import { createHealthz } from './http/healthz';
import { createRequestHandler } from './http/request-handler';
import { createStaticFiles } from './http/static-files';
import { createUpgradeHandler } from './http/upgrade';
import { consoleLogger, type Logger } from './logger';

export interface HearthServerOptions {
	/** The adapter-static output to serve. */
	buildDir: string;
	/** The server's own data; previous builds' assets go to `<dataDir>/previous-assets/`. */
	dataDir: string;
	log?: Logger;
	/** How often to look for a rebuilt build/, in ms (default 5000); 0 leaves it to refreshBuild. */
	buildPollMs?: number;
	/** How many versions' hashed assets to keep servable, the current one included (default 3). */
	keepVersions?: number;
	/** Answers /api/*; until the API exists, every path is a 404. */
	api?: HttpEndpoint;
	/** Takes WebSocket upgrades on /sync/*; until sync exists, upgrades are refused. */
	sync?: UpgradeEndpoint;
	/** Milliseconds a shutdown waits for open requests before cutting them (default 5000). */
	shutdownGraceMs?: number;
	now?: () => number;
}

export interface ListeningServer {
	port: number;
	host: string;
	close(): Promise<void>;
}

export interface HearthServer {
	/** Looks at the build (archiving its assets), then listens; port 0 picks a free port. */
	listen(port: number, host?: string): Promise<ListeningServer>;
	/** Looks at the build now instead of at the next poll: version, CSP, asset archive. */
	refreshBuild(): Promise<BuildSnapshot>;
	/** Stops taking requests, waits up to the grace period for open ones, then ends them. */
	close(): Promise<void>;
}

export const DEFAULT_BUILD_POLL_MS = 5000;

export function createHearthServer(options: HearthServerOptions): HearthServer {
	const buildDir = resolve(options.buildDir);
	const dataDir = resolve(options.dataDir);
	if (dataDir === buildDir || dataDir.startsWith(buildDir + sep)) {
		// Everything under the build folder is public; the data folder will hold the database.
		throw new ConfigError(`The data folder (${dataDir}) must not be inside the build folder.`);
	}
	const archiveDir = join(dataDir, 'previous-assets');
	const log = options.log ?? consoleLogger;
	const now = options.now ?? Date.now;

	const csp = new HtmlCspCache(buildDir, log);
	const archive = new AssetArchive(archiveDir, { keepVersions: options.keepVersions, log });
	const watcher = new BuildWatcher({ buildDir, archive, csp, log });

	const handleRequest = createRequestHandler({
		healthz: createHealthz({ buildDir, startedAt: now(), now }),
		api: options.api ?? apiNotFound,
		serveStatic: createStaticFiles({ buildDir, archiveDir: archive.filesDir, csp, log }),
		log
	});
	const handleUpgrade = createUpgradeHandler(options.sync);

	let server: Server | undefined;
	let closing: Promise<void> | undefined;

	async function close(): Promise<void> {
		closing ??= (async () => {
			// Stop taking connections first, then let the parts that write finish.
			const stopped = server?.listening
				? new Promise<void>((done) => server?.close(() => done()))
				: Promise.resolve();
			server?.closeIdleConnections();
			const cut = setTimeout(() => server?.closeAllConnections(), options.shutdownGraceMs ?? 5000);
			cut.unref();
			await Promise.all([watcher.stop(), options.sync?.close()]);
			await stopped;
			clearTimeout(cut);
		})();
		return closing;
	}

	async function listen(port: number, host = '127.0.0.1'): Promise<ListeningServer> {
		if (server) throw new Error('This Hearth server is already listening.');
		if (closing) throw new Error('This Hearth server has been closed.');
		server = createServer((req, res) => {
			// While closing, keep-alive would hold the process open until each client gives up on
			// its idle connection: close each connection once its response is done.
			if (closing) res.shouldKeepAlive = false;
			res.on('finish', () => {
				if (closing) setImmediate(() => server?.closeIdleConnections());
			});
			handleRequest(req, res);
		});
		server.on('upgrade', handleUpgrade);
		await watcher.check();

		const listening = server;
		await new Promise<void>((done, fail) => {
			listening.once('error', fail);
			listening.listen(port, host, () => {
				listening.off('error', fail);
				done();
			});
		});
		watcher.start(options.buildPollMs ?? DEFAULT_BUILD_POLL_MS);
		return { port: portOf(listening.address()), host, close };
	}

	return { listen, refreshBuild: () => watcher.check(), close };
}

function portOf(address: ReturnType<Server['address']>): number {
	if (address === null || typeof address === 'string') {
		throw new Error('The server is not listening on a TCP port.');
	}
	return address.port;
}
