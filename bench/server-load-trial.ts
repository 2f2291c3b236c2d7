/**
 * A quick trial of the server-load section on chosen sizes (the benchmark itself runs
 * bench/server-load.ts's defaults):
 * `npx tsx bench/server-load-trial.ts 1000 [--nct] [--one-room] [--data-parent=<folder>]`
 * (`--nct` adds the run whose clients ask for no context takeover; `--one-room` leaves out the
 * spread layout; `--data-parent` puts the server's data elsewhere, e.g. in memory at /dev/shm
 * to see what fsync costs).
 */
import { resolve } from 'node:path';
import { DEFAULT_OPTIONS, runServerLoad } from './server-load';

const sizes = process.argv
	.slice(2)
	.filter((arg) => /^\d+$/.test(arg))
	.map(Number);
const dataParent = process.argv.find((arg) => arg.startsWith('--data-parent='))?.split('=')[1];
const root = resolve(import.meta.dirname, '..');
const result = await runServerLoad(
	{ buildDir: resolve(root, 'build'), root },
	{
		...DEFAULT_OPTIONS,
		sizes: sizes.length > 0 ? sizes : [1000],
		layouts: process.argv.includes('--one-room') ? ['one room'] : DEFAULT_OPTIONS.layouts,
		withNoContextTakeover: process.argv.includes('--nct'),
		dataParent: dataParent ?? DEFAULT_OPTIONS.dataParent,
		coldRooms: 1
	}
);
for (const table of result.tables ?? []) console.table(table.rows);
