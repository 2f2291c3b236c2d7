/**
 * On the device at scale: a community of 10,000 threads and 50,000 replies, and a journal of
 * 5,000 entries, in Chromium at a phone's viewport (360×640), opened as the installed app with no
 * connection. The community is timed on this machine's CPU (the target) and slowed 4x (a cheap
 * phone), and one open is profiled to show where its time goes; the journal is timed slowed 4x.
 * How each is set up, and why that way: `device-scale/community-at-scale.ts` and
 * `device-scale/journal-at-scale.ts`. About two and a half minutes on a 2-core machine. Every
 * wait is bounded (60 s at most), and a step that needs a screen which did not show in time is
 * skipped and said so, so a slow build costs minutes, not tens of them.
 */
import { kb, ms, type BenchSection, type BenchTable } from './bench-section';
import {
	measureCommunityAtScale,
	type CommunityOpen,
	type CommunityScale
} from './device-scale/community-at-scale';
import { measureJournalAtScale, type JournalScale } from './device-scale/journal-at-scale';
import { shownCell } from './device-scale/time-to-visible';

const THREADS = 10_000;
const REPLIES = 50_000;
const AUTHORS = 600;
const JOURNAL_ENTRIES = 5_000;
const PHONE_CPU = 4;
const FIRST_SCREEN_TARGET_MS = 300;
/** Scripts named in the profile table; the rest are summed as "everything else". */
const PROFILE_ROWS = 12;

export const deviceScaleSection: BenchSection = async ({ browser, origin, buildDir }) => {
	const started = Date.now();
	const step = (text: string) => {
		const seconds = ((Date.now() - started) / 1000).toFixed(0);
		console.log(`  device-scale ${seconds.padStart(3)} s: ${text}`);
	};
	// The journal first: it is quick, and its figures should not wait on the community's.
	step(`a journal of ${JOURNAL_ENTRIES} entries`);
	const journal = await measureJournalAtScale(browser, origin, JOURNAL_ENTRIES, PHONE_CPU);
	const community = await measureCommunityAtScale(browser, origin, buildDir, {
		threads: THREADS,
		replies: REPLIES,
		authors: AUTHORS,
		phoneRate: PHONE_CPU,
		onStep: step
	});

	const onMachine = community.machineOpen.ms;
	return {
		name: 'device-scale',
		tables: [
			opensTable(community),
			storageTable(community),
			readingTable(community),
			profileTable(community),
			journalTable(journal)
		],
		targets: [
			{
				name: `open ${THREADS.toLocaleString('en')}-thread community to first screen`,
				target: `≤ ${FIRST_SCREEN_TARGET_MS} ms`,
				value: said(community.machineOpen),
				met: onMachine !== null && onMachine <= FIRST_SCREEN_TARGET_MS,
				beside: `CPU slowed ${PHONE_CPU}x: ${said(community.phoneOpen)}`
			}
		],
		data: { community, journal }
	};
};

function said(open: CommunityOpen): string {
	return open.ms === null ? String(shownCell(open)) : ms(open.ms);
}

const pageClock = (value: number | null) => (value === null ? '-' : Math.round(value));

function opensTable(c: CommunityScale): BenchTable {
	const row = (open: CommunityOpen, which: string) => ({
		open: which,
		CPU: `${open.rate}x`,
		'first thread title visible (ms)': shownCell(open),
		"page's clock when it next answered (ms)": pageClock(open.pageMs),
		'page showed meanwhile': open.showing ?? ''
	});
	return {
		caption:
			`A community of ${c.threads.toLocaleString('en')} threads and ` +
			`${c.replies.toLocaleString('en')} replies by ${c.authors} people, all in the current ` +
			`month's document (the worst case), reloaded offline at 360×640: ms from the reload ` +
			"until the first thread title is visible. The page's own clock is read when the page " +
			'next answers: a figure well above the first means it was still busy after drawing',
		rows: [
			row(c.firstOpen, `first, over the raw log (${c.before.log.rows} rows)`),
			row(c.profiledOpen, 'after compaction, under the profiler'),
			row(c.machineOpen, 'after compaction'),
			row(c.phoneOpen, 'after compaction, a cheap phone')
		]
	};
}

function storageTable(c: CommunityScale): BenchTable {
	const row = (state: string, rows: number | string, bytes: number | null, s: typeof c.after) => ({
		state,
		'log rows': rows,
		'log bytes': bytes === null ? '-' : kb(bytes),
		'IndexedDB (browser estimate)': s.storage.indexedDB === null ? '?' : kb(s.storage.indexedDB),
		'whole origin (browser estimate)': kb(s.storage.usage)
	});
	return {
		caption:
			`Its storage on the device (document ${kb(c.documentBytes)} as one update; the records' ` +
			`JSON alone ${kb(c.jsonBytes)}; Chromium compresses what IndexedDB stores, hence its ` +
			'smaller estimate). The app compacted the log ' +
			(c.compactedAfterMs === null
				? 'NOT within the 60 s wait'
				: `${(c.compactedAfterMs / 1000).toFixed(1)} s after the first open began`) +
			'; it filled the thread index (what later first screens read) ' +
			(c.indexedAfterMs === null
				? 'NOT within the 60 s wait'
				: `${(c.indexedAfterMs / 1000).toFixed(1)} s after it began`),
		rows: [
			row('the app alone, set up', '-', null, { log: c.before.log, storage: c.baseline.storage }),
			row('as received (before compaction)', c.before.log.rows, c.before.log.bytes, c.before),
			row('after the app compacted it', c.after.log.rows, c.after.log.bytes, c.after)
		]
	};
}

function readingTable(c: CommunityScale): BenchTable {
	const yjs = c.profile.inclusive
		.filter((entry) => entry.source.includes('yjs'))
		.reduce((sum, entry) => Math.max(sum, entry.ms), 0);
	return {
		caption:
			'Loading and holding it: one read of the compacted log with the same IndexedDB index ' +
			'range the app uses (in the page, no decoding), the time Yjs was on the stack during the ' +
			'profiled open (decoding and applying it), and the JS heap after a full GC',
		rows: [
			...c.logReadMs.map(({ rate, ms: readMs }) => ({
				measure: `IndexedDB read of the log, CPU ${rate}x`,
				value: ms(readMs)
			})),
			{ measure: 'Yjs on the stack in the profiled open, CPU 1x', value: ms(yjs) },
			{ measure: 'JS heap, the app alone', value: kb(c.baseline.heapBytes) },
			{ measure: 'JS heap, the community open', value: kb(c.heapAfterOpenBytes) }
		]
	};
}

function profileTable(c: CommunityScale): BenchTable {
	const profile = c.profile;
	const inclusive = new Map(profile.inclusive.map((entry) => [entry.source, entry.ms]));
	const top = profile.self.slice(0, PROFILE_ROWS);
	const rest = profile.self.slice(PROFILE_ROWS).reduce((sum, entry) => sum + entry.ms, 0);
	return {
		caption:
			`Where one open's time goes (CPU profile at 1x, ${profile.totalMs} ms recorded, first ` +
			`thread title visible at ${shownCell(c.profiledOpen)} ms): self time per script, ` +
			'and time with that script anywhere on the stack',
		rows: [
			...top.map((entry) => ({
				script: entry.source,
				'self (ms)': entry.ms,
				'on the stack (ms)': inclusive.get(entry.source) ?? 0
			})),
			{ script: 'everything else', 'self (ms)': rest, 'on the stack (ms)': '-' }
		]
	};
}

function journalTable(j: JournalScale): BenchTable {
	const row = (step: string, shown: JournalScale['list']) => ({
		step,
		ms: shownCell(shown),
		"page's clock when it next answered (ms)": pageClock(shown.pageMs),
		'page showed meanwhile': shown.showing ?? ''
	});
	return {
		caption:
			`A journal of ${j.entries.toLocaleString('en')} sealed entries, CPU slowed ${j.rate}x, ` +
			'offline at 360×640 (sealing them at the first start after they were written: ' +
			`${j.sealedAfterMs === null ? 'NOT within the 60 s wait' : `${(j.sealedAfterMs / 1000).toFixed(1)} s`})`,
		rows: [
			row('reload /journal: newest entry visible', j.list),
			row('then until the whole journal is open', j.rest),
			{
				step: 'JS heap after GC, the whole journal open',
				ms: j.heapBytes === null ? '-' : kb(j.heapBytes)
			},
			row('search typed: "1 entry found" visible', j.search),
			row('Mood tapped in the menu: chart visible', j.moodFromMenu),
			row('open /mood afresh: chart visible', j.moodReload)
		]
	};
}
