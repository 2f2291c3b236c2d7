/**
 * Before the browser suites: find a Chromium (and say which), check the app is built, and build
 * a second version of it beside the first, for the update test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findChromium } from '../../scripts/find-chromium.mjs';

const root = join(import.meta.dirname, '../..');
export const NEXT_BUILD_DIR = join(root, '.tmp/build-next');

declare module 'vitest' {
	export interface ProvidedContext {
		chromiumPath: string;
		buildDir: string;
		nextBuildDir: string;
	}
}

export default function setup(project: TestProject): void {
	const chromium = findChromium();
	console.log(`Browser tests use ${chromium.source}: ${chromium.path}`);
	const buildDir = join(root, 'build');
	if (!existsSync(join(buildDir, 'index.html'))) {
		throw new Error('The app is not built. Run `npm run build` first (npm run test:e2e does).');
	}
	const next = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: root,
		env: {
			...process.env,
			HEARTH_BUILD_DIR: NEXT_BUILD_DIR,
			HEARTH_BUILD_ID: `next-${Date.now()}`
		},
		encoding: 'utf8'
	});
	if (next.status !== 0) throw new Error(`Building the second version failed:\n${next.stderr}`);
	project.provide('chromiumPath', chromium.path);
	project.provide('buildDir', buildDir);
	project.provide('nextBuildDir', NEXT_BUILD_DIR);
}
