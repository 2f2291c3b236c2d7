// Renders the app icons from static/favicon.svg with the system Chromium, so no image tool or
// network download is needed. Run once after changing the artwork: node scripts/make-icons.mjs
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { findChromium } from './find-chromium.mjs';

const svg = await readFile(new URL('../static/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium().path });
const page = await browser.newPage();

async function render(size, file, { maskable = false } = {}) {
	await page.setViewportSize({ width: size, height: size });
	// A maskable icon must keep its artwork inside the central 80% safe zone, on a full bleed.
	const inner = maskable
		? svg.replace('rx="14"', 'rx="0"').replace('viewBox="0 0 64 64"', 'viewBox="-8 -8 80 80"')
		: svg;
	const bg = maskable ? '#7c2d12' : 'transparent';
	await page.setContent(
		`<html><body style="margin:0;background:${bg}">${inner.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`
	);
	await writeFile(
		new URL(`../static/icons/${file}`, import.meta.url),
		await page.screenshot({ omitBackground: !maskable })
	);
}

await render(192, 'icon-192.png');
await render(512, 'icon-512.png');
await render(512, 'maskable-512.png', { maskable: true });
await render(180, 'apple-touch-icon.png', { maskable: true });
await browser.close();
