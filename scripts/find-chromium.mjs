// Finds a Chromium for browser tests and tools: Playwright's own if installed, else
// CHROMIUM_PATH, else Debian's /usr/bin/chromium. Says which, or how to get one.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export function findChromium() {
	const candidates = [];
	try {
		candidates.push({ path: chromium.executablePath(), source: "Playwright's Chromium" });
	} catch {
		// playwright-core knows the path of its own browser even when it was never downloaded.
	}
	if (process.env.CHROMIUM_PATH)
		candidates.push({ path: process.env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' });
	candidates.push({ path: '/usr/bin/chromium', source: "the system's /usr/bin/chromium" });
	for (const c of candidates) if (c.path && existsSync(c.path)) return c;
	throw new Error(
		'No Chromium found for browser tests. Install one (Debian/Ubuntu: `apt-get install -y chromium`), ' +
			'or set CHROMIUM_PATH to a Chromium or Chrome executable.'
	);
}
