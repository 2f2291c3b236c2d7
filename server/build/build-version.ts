// The version SvelteKit stamps on a build, from `_app/version.json` (`{"version":"..."}`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export function versionFilePath(buildDir: string): string {
	return join(buildDir, '_app', 'version.json');
}

/** The build's version, or undefined when there is no build or its version file is unreadable. */
export async function readBuildVersion(buildDir: string): Promise<string | undefined> {
	let text: string;
	try {
		text = await readFile(versionFilePath(buildDir), 'utf8');
	} catch {
		return undefined;
	}
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed === 'object' && parsed !== null && 'version' in parsed) {
			const { version } = parsed;
			if (typeof version === 'string' && version !== '') return version;
		}
	} catch {
		// A build being written can be caught half-way; the next look will find it whole.
	}
	return undefined;
}
