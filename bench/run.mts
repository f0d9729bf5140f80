// Benchmarks of the package against naive baselines measured in the same run, on the Clio sandbox
// and (5) a real n8n 2.41.1. Each prints its rows; the table goes to bench/RESULTS.md.
//
//   npm run bench                       build, run all seven, write bench/RESULTS.md
//   npx tsx bench/run.mts --only 1,3    run some (prints only; add --write to put their rows into
//                                       bench/RESULTS.md in place of the earlier ones, keeping the rest)
//   --runs N                            runs per median (default 5; upload and webhook use fewer)
//
// 1 poll requests (Clio Trigger, newDocument)   2 upload memory and speed (vs curl -T)
// 3 custom field writes (vs one PATCH per field)  4 300 requests under 50 per 10 s (vs fetch loop)
// 5 webhook delivery → n8n execution start (needs the build in dist/)
// 6 download memory and speed (vs curl -o)
// 7 bursts of webhook deliveries absorbed, one process and queue mode (vs n8n's Webhook node)
//
// Figures are medians of several runs; absolute times depend on the machine and its load. Nothing
// here asserts timing: a missed target is reported, not failed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { customFields } from './custom-fields.mts';
import { download } from './download.mts';
import { polling } from './polling.mts';
import { rateLimit } from './rate-limit.mts';
import { type Bench, machine, type Row } from './support.mts';
import { upload } from './upload.mts';
import { webhookBursts } from './webhook-bursts.mts';
import { webhookLatency } from './webhook-latency.mts';

const BENCHES: Bench[] = [
	polling,
	upload,
	customFields,
	rateLimit,
	webhookLatency,
	download,
	webhookBursts,
];

const { values } = parseArgs({
	options: {
		only: { type: 'string' },
		runs: { type: 'string', default: '5' },
		write: { type: 'boolean', default: false },
	},
});
const only = values.only?.split(',').map((id) => Number(id.trim()));
const selected = BENCHES.filter((bench) => !only || only.includes(bench.id));
const runs = Math.max(1, Number(values.runs));
const write = values.write || !only;

const COLUMNS: Array<[keyof Row, string]> = [
	['measurement', 'Measurement'],
	['case', 'Case'],
	['package', 'Package'],
	['baseline', 'Naive baseline'],
	['ratio', 'Package ÷ baseline'],
	['target', 'Target'],
	['met', 'Met'],
	['runs', 'Runs'],
];

function table(rows: Row[]): string {
	const lines = [
		`| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
		`| ${COLUMNS.map(() => '---').join(' | ')} |`,
		...rows.map((row) => `| ${COLUMNS.map(([key]) => String(row[key])).join(' | ')} |`),
	];
	return lines.join('\n');
}

const info = machine();
const rows: Row[] = [];
const notes: string[] = [];
const started = Date.now();
for (const bench of selected) {
	console.log(`\n${bench.id}. ${bench.title}`);
	const benchStarted = Date.now();
	try {
		const benchRows = await bench.run({
			runs,
			log: (message) => console.log(message),
			note: (message) => {
				console.log(`  note: ${message}`);
				notes.push(`${bench.id}. ${message}`);
			},
		});
		rows.push(...benchRows);
		console.log(table(benchRows));
	} catch (error) {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		console.error(`${bench.id}. failed: ${message}`);
		notes.push(`${bench.id}. failed: ${String(error).split('\n')[0]}`);
	}
	console.log(`(${((Date.now() - benchStarted) / 1000).toFixed(0)} s)`);
}
const loadAfter = loadavg()
	.map((value) => value.toFixed(2))
	.join(' / ');
const minutes = ((Date.now() - started) / 60000).toFixed(1);

console.log(`\n${table(rows)}`);

/** The bench a table row or note belongs to (they start with its number). */
const benchOf = (line: string) => Number(/^[|-] (\d+)\./.exec(line)?.[1]);
const order = (line: string) => BENCHES.findIndex((bench) => bench.id === benchOf(line));

if (write) {
	const path = join(import.meta.dirname, 'RESULTS.md');
	const rerun = only !== undefined && existsSync(path);
	// A re-run of some benches keeps the other benches' rows and notes from the file.
	const earlier = rerun ? readFileSync(path, 'utf8').split('\n') : [];
	const tableStart = earlier.findIndex((line) => line.startsWith('| Measurement'));
	const notesStart = earlier.indexOf('## Notes from this run');
	const keep = (line: string) => !selected.some((bench) => bench.id === benchOf(line));
	const replacedRerun = (line: string) =>
		/^- Re-run of ([\d, ]+):/
			.exec(line)?.[1]
			.split(',')
			.every((id) => selected.some((bench) => bench.id === Number(id.trim()))) ?? false;
	const keptRows = earlier.filter(
		(line, index) => index > tableStart + 1 && line.startsWith('| ') && keep(line),
	);
	const keptNotes =
		notesStart < 0
			? []
			: earlier.slice(notesStart).filter((line) => line.startsWith('- ') && keep(line));
	const header = rerun
		? [
				// An earlier re-run's line goes when this run replaces every row it wrote.
				...earlier
					.slice(0, tableStart)
					.filter((line) => line.startsWith('- ') && !replacedRerun(line)),
				`- Re-run of ${selected.map((bench) => bench.id).join(', ')}: ${info.date} (${minutes} min), load average ${info.load} at the start, ${loadAfter} at the end`,
			]
		: [
				`- Date: ${info.date} (whole run: ${minutes} min)`,
				`- Machine: ${info.cores} cores, ${info.memory} memory, CPU ${info.cpu}`,
				`- Load average (1/5/15 min): ${info.load} at the start, ${loadAfter} at the end`,
				`- Node ${info.node}; n8n-core ${info.n8nCore}, n8n-workflow ${info.n8nWorkflow}; n8n ${info.n8nE2e} for 5`,
			];
	const allRows = [...keptRows, ...table(rows).split('\n').slice(2)].sort(
		(a, b) => order(a) - order(b),
	);
	const allNotes = [...keptNotes, ...notes.map((note) => `- ${note}`)].sort(
		(a, b) => order(a) - order(b),
	);
	const shown = BENCHES.filter((bench) => allRows.some((line) => benchOf(line) === bench.id));
	const text = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.mts). Each figure is the median of the runs shown; the',
		'naive baselines ran in the same process, against the same sandbox, in the same run. Absolute',
		'times depend on the machine and on what else runs on it; compare the ratios. Nothing here is',
		'asserted: a target missed is reported, not failed.',
		'',
		...header,
		'',
		table([]),
		...allRows,
		'',
		...(allNotes.length ? ['## Notes from this run', '', ...allNotes, ''] : []),
		'## How each is measured',
		'',
		...shown.flatMap((bench) => [`${bench.id}. **${bench.title}.** ${bench.method}`, '']),
	].join('\n');
	writeFileSync(path, text);
	console.log('\nWritten to bench/RESULTS.md');
}
