/**
 * A quick trial of the server-load section on chosen sizes (the benchmark itself runs
 * bench/server-load.ts's defaults): `npx tsx bench/server-load-trial.ts 1000 [--nct]`.
 */
import { resolve } from 'node:path';
import { DEFAULT_OPTIONS, runServerLoad } from './server-load';

const sizes = process.argv
	.slice(2)
	.filter((arg) => /^\d+$/.test(arg))
	.map(Number);
const root = resolve(import.meta.dirname, '..');
const result = await runServerLoad(
	{ buildDir: resolve(root, 'build'), root },
	{
		...DEFAULT_OPTIONS,
		sizes: sizes.length > 0 ? sizes : [1000],
		withNoContextTakeover: process.argv.includes('--nct'),
		coldRooms: 1
	}
);
for (const table of result.tables ?? []) console.table(table.rows);
