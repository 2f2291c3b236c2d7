// Starts a real Hearth server on 127.0.0.1, port 0, for tests that speak HTTP to it. Polling
// for rebuilds is off: a test that replaces the build calls `refreshBuild()`, so nothing
// depends on timing.
import {
	createHearthServer,
	type HearthServer,
	type HearthServerOptions
} from '../../server/create-server';
import { silentLogger } from '../../server/logger';

export interface TestServer {
	/** e.g. http://127.0.0.1:39211, without a trailing slash. */
	url: string;
	port: number;
	server: HearthServer;
	close(): Promise<void>;
}

export async function startTestServer(
	options: Pick<HearthServerOptions, 'buildDir' | 'dataDir'> & Partial<HearthServerOptions>
): Promise<TestServer> {
	const server = createHearthServer({ log: silentLogger, buildPollMs: 0, ...options });
	const { port, close } = await server.listen(0, '127.0.0.1');
	return { url: `http://127.0.0.1:${port}`, port, server, close };
}
