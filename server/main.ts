// Starts Hearth's server: `tsx server/main.ts` (npm run serve; npm start builds first).
// Environment: PORT (8787), HOST (127.0.0.1; 0.0.0.0 or :: for every interface),
// HEARTH_DATA (./data), HEARTH_BUILD (./build), HEARTH_COMMUNITIES (the operator's communities
// file; a default set ships), HEARTH_ORIGIN (the app's public origins, comma-separated),
// HEARTH_ADMINS (the user ids of the server's administrators, comma-separated).
// Relative paths are from the working folder.
import { communitiesFileFrom } from './api/communities';
import { assembleServer } from './assemble-server';
import { ConfigError, readServerConfig } from './config';
import { consoleLogger as log } from './logger';

async function main(): Promise<void> {
	const config = readServerConfig(process.env, process.cwd());
	const server = await assembleServer({
		buildDir: config.buildDir,
		dataDir: config.dataDir,
		communitiesFile: communitiesFileFrom(process.env),
		allowedOrigins: config.allowedOrigins.length ? config.allowedOrigins : undefined,
		admins: config.admins,
		log
	});
	const { port } = await server.listen(config.port, config.host);
	log.info(`Hearth is listening on ${displayUrl(config.host, port)} (serving ${config.buildDir})`);

	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) {
			log.warn(`${signal} again: stopping at once.`);
			process.exit(1);
		}
		stopping = true;
		log.info(`${signal}: finishing open requests, then stopping.`);
		server.close().then(
			() => {
				process.exitCode = 0;
			},
			(cause: unknown) => {
				log.error('Could not stop cleanly', cause);
				process.exit(1);
			}
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

function displayUrl(host: string, port: number): string {
	if (host === '0.0.0.0' || host === '::') return `http://localhost:${port} (all interfaces)`;
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

main().catch((cause: unknown) => {
	if (cause instanceof ConfigError) {
		log.error(cause.message);
	} else if (cause instanceof Error && 'code' in cause && cause.code === 'EADDRINUSE') {
		log.error(`That port is taken; set PORT to another one. (${cause.message})`);
	} else {
		log.error('Hearth could not start', cause);
	}
	process.exit(1);
});
