// Reads the server's settings from the environment, once, at the edge: the rest of the server
// takes plain values and never looks at process.env.
import { isAbsolute, resolve } from 'node:path';

export interface ServerConfig {
	port: number;
	/**
	 * 127.0.0.1 unless HOST says otherwise: browsers reach it as http://localhost:8787 (they try
	 * IPv4 when ::1 refuses), and the Vite dev proxy targets 127.0.0.1. Listening on every
	 * interface (HOST=0.0.0.0 or ::) is a choice, for testing from a phone on the same network.
	 */
	host: string;
	dataDir: string;
	buildDir: string;
	/**
	 * The origins the app is served from (HEARTH_ORIGIN, comma-separated, e.g.
	 * `https://hearth.example`). When set, sign-ins and WebSocket upgrades from any other origin
	 * are refused; when empty, the request's own Host is trusted (fine on localhost).
	 */
	allowedOrigins: string[];
	/**
	 * The server's administrators (HEARTH_ADMINS, comma-separated user ids): they appoint and
	 * remove each community's moderators through the API. Empty means nobody can, until the
	 * operator names someone and restarts.
	 */
	admins: string[];
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export class ConfigError extends Error {
	override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

export function readServerConfig(env: Env, cwd: string): ServerConfig {
	return {
		port: readPort(env.PORT),
		host: env.HOST?.trim() || DEFAULT_HOST,
		dataDir: toAbsolute(env.HEARTH_DATA?.trim() || './data', cwd),
		buildDir: toAbsolute(env.HEARTH_BUILD?.trim() || './build', cwd),
		allowedOrigins: readOrigins(env.HEARTH_ORIGIN),
		admins: readAdmins(env.HEARTH_ADMINS)
	};
}

function readPort(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return DEFAULT_PORT;
	const port = Number(value);
	if (!/^\d+$/.test(value.trim()) || port > 65535) {
		throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
	}
	return port;
}

function toAbsolute(path: string, cwd: string): string {
	return isAbsolute(path) ? path : resolve(cwd, path);
}

function readOrigins(value: string | undefined): string[] {
	const origins = (value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	for (const origin of origins) {
		let parsed: URL;
		try {
			parsed = new URL(origin);
		} catch {
			throw new ConfigError(
				`HEARTH_ORIGIN must list origins like https://hearth.example, not "${origin}".`
			);
		}
		if (parsed.origin !== origin) {
			throw new ConfigError(
				`HEARTH_ORIGIN must list bare origins (scheme, host, port), such as "${parsed.origin}", not "${origin}".`
			);
		}
	}
	return origins;
}

/** User ids are short hash text (see derive-keys.ts); anything else is a typo worth stopping on. */
const USER_ID_PATTERN = /^[A-Za-z0-9_-]{8,128}$/;

function readAdmins(value: string | undefined): string[] {
	const ids = (value ?? '')
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	for (const id of ids) {
		if (!USER_ID_PATTERN.test(id)) {
			throw new ConfigError(`HEARTH_ADMINS must list user ids, not "${id}".`);
		}
	}
	return [...new Set(ids)];
}
