// GET /healthz: is the process up, and which build does it serve. For uptime monitors and for
// tests that wait for a server; it reads nothing a person wrote.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBuildVersion } from '../build/build-version';
import { sendJson, sendJsonError } from './respond';

export interface HealthBody {
	ok: true;
	/** The build's `_app/version.json` version; null when no build is present. */
	version: string | null;
	/** Whole seconds since the server was created. */
	uptime: number;
}

export function createHealthz(options: { buildDir: string; startedAt: number; now: () => number }) {
	return async function healthz(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			return sendJsonError(res, 405, 'method-not-allowed', 'Use GET.', { Allow: 'GET, HEAD' });
		}
		const body: HealthBody = {
			ok: true,
			version: (await readBuildVersion(options.buildDir)) ?? null,
			uptime: Math.max(0, Math.floor((options.now() - options.startedAt) / 1000))
		};
		sendJson(res, 200, body);
	};
}
