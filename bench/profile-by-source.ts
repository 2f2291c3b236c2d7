/**
 * Where a CPU profile's time went, by the script it was spent in. Chromium's profiler (CDP
 * `Profiler`) samples the minified build, and the normal build ships no source maps, so each
 * script is named by what it is: a route's page (`nodes/N.js`, looked up in the app's route
 * table), or a shared chunk with the libraries it holds, recognised by strings minification keeps
 * (error messages). A chunk with none of them is the app's own code, named by the first error
 * names it holds.
 *
 * Two views: self time (the frame at the top of the stack) per script, and inclusive time (any
 * sample with one of that script's frames anywhere on its stack), which answers "how long did
 * everything under Yjs take, its callbacks included".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a CDP `Profiler.Profile` used here. */
export interface CpuProfile {
	nodes: {
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
		children?: number[];
	}[];
	startTime: number;
	endTime: number;
	samples?: number[];
	timeDeltas?: number[];
}

export interface SourceTime {
	source: string;
	ms: number;
}

export interface ProfileBreakdown {
	totalMs: number;
	/** Self time per script, largest first. */
	self: SourceTime[];
	/** Inclusive time per script, largest first. */
	inclusive: SourceTime[];
}

/** Strings each library keeps through minification, checked against this build's chunks. */
const LIBRARY_MARKS: readonly { name: string; mark: string }[] = [
	{ name: 'yjs', mark: 'You must not compute changes after the event-handler fired' },
	{ name: 'lib0', mark: 'Unexpected end of array' },
	{ name: 'dexie', mark: 'PrematureCommit' },
	{ name: 'svelte', mark: 'effect_update_depth_exceeded' },
	{ name: 'sveltekit', mark: '__sveltekit' },
	{ name: 'y-websocket', mark: 'y-websocket' },
	{ name: 'workbox', mark: 'workbox' },
	{ name: 'valibot', mark: 'valibot' }
];

/** How many of an app chunk's error names are enough to say which modules it holds. */
const ERROR_NAMES_SHOWN = 2;

/** A script's name for the tables, from what its file holds. */
export function nameScript(path: string, text: string | null, routes: Map<number, string>): string {
	const file = path.replace(/^\/_app\/immutable\//, '');
	const node = /^nodes\/(\d+)\./.exec(file);
	if (node) {
		const route = routes.get(Number(node[1]));
		return route === undefined ? `${file} (a layout)` : `${file} (page ${route})`;
	}
	if (text === null) return file;
	const libraries = LIBRARY_MARKS.filter(({ mark }) => text.includes(mark)).map((l) => l.name);
	if (libraries.length > 0) return `${file} (${libraries.join(', ')})`;
	// Our own modules name their errors (`this.name = 'ClockDriftError'`), and those names
	// survive minification: the first few say which modules a chunk holds.
	const errors = [...new Set(text.match(/(?<=["'`])[A-Z]\w*Error(?=["'`])/g) ?? [])];
	const shown = errors.slice(0, ERROR_NAMES_SHOWN).join(', ');
	return `${file} (app code${shown === '' ? '' : ` with ${shown}`})`;
}

/** Route id per page node index, from the app's route table: `"/communities/[id]":[6,[2]]`. */
export function routesOf(appEntry: string): Map<number, string> {
	const routes = new Map<number, string>();
	for (const match of appEntry.matchAll(/"(\/[^"]*)":\[(\d+)/g)) {
		const [, route, index] = match;
		if (route !== undefined && index !== undefined) routes.set(Number(index), route);
	}
	return routes;
}

/** The route table of the build `index.html` starts, or an empty one if it cannot be found. */
async function readRoutes(buildDir: string): Promise<Map<number, string>> {
	try {
		const html = await readFile(join(buildDir, 'index.html'), 'utf8');
		const entry = /_app\/immutable\/entry\/app\.[\w-]+\.js/.exec(html)?.[0];
		if (entry === undefined) return new Map();
		return routesOf(await readFile(join(buildDir, entry), 'utf8'));
	} catch {
		return new Map();
	}
}

/** The name of every script the profile sampled. */
async function nameScripts(
	urls: Iterable<string>,
	buildDir: string,
	origin: string
): Promise<Map<string, string>> {
	const routes = await readRoutes(buildDir);
	const names = new Map<string, string>();
	for (const url of urls) {
		if (url === '' || names.has(url)) continue;
		if (!url.startsWith(origin)) {
			names.set(url, url);
			continue;
		}
		const path = new URL(url).pathname;
		// A script missing from build/ (the service worker's own, an older build's) keeps its path.
		const text = await readFile(join(buildDir, path), 'utf8').catch(() => null);
		names.set(url, nameScript(path, text, routes));
	}
	return names;
}

export async function profileBySource(
	profile: CpuProfile,
	buildDir: string,
	origin: string
): Promise<ProfileBreakdown> {
	const names = await nameScripts(
		profile.nodes.map((node) => node.callFrame.url),
		buildDir,
		origin
	);
	const owners = new Map<number, string>();
	const parents = new Map<number, number>();
	for (const node of profile.nodes) {
		const { url, functionName } = node.callFrame;
		// V8's own entries have no script: (program), (idle), (garbage collector), built-ins.
		const builtIn = functionName.startsWith('(') ? functionName : `(built-in ${functionName})`;
		owners.set(node.id, url === '' ? builtIn : (names.get(url) ?? url));
		for (const child of node.children ?? []) parents.set(child, node.id);
	}
	const self = new Map<string, number>();
	const inclusive = new Map<string, number>();
	const samples = profile.samples ?? [];
	const deltas = profile.timeDeltas ?? [];
	samples.forEach((id, i) => {
		// A sample's time is the gap to the next one (the deltas lead by one).
		const ms = (deltas[i + 1] ?? 0) / 1000;
		const owner = owners.get(id) ?? '(unknown)';
		self.set(owner, (self.get(owner) ?? 0) + ms);
		const onStack = new Set<string>();
		for (let node: number | undefined = id; node !== undefined; node = parents.get(node)) {
			onStack.add(owners.get(node) ?? '(unknown)');
		}
		for (const source of onStack) inclusive.set(source, (inclusive.get(source) ?? 0) + ms);
	});
	const sorted = (times: Map<string, number>) =>
		[...times].map(([source, ms]) => ({ source, ms: Math.round(ms) })).sort((a, b) => b.ms - a.ms);
	return {
		totalMs: Math.round((profile.endTime - profile.startTime) / 1000),
		self: sorted(self),
		inclusive: sorted(inclusive)
	};
}
