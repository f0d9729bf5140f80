// Benchmarks of the package against naive baselines measured in the same run, on the Clio sandbox
// and (5) a real n8n 2.41.1. Each prints its rows; the table goes to bench/RESULTS.md.
//
//   npm run bench                       build, run all five, write bench/RESULTS.md
//   npx tsx bench/run.mts --only 1,3    run some (prints only; add --write to write the file)
//   --runs N                            runs per median (default 5; upload and webhook use fewer)
//
// 1 poll requests (Clio Trigger, newDocument)   2 upload memory and speed (vs curl -T)
// 3 custom field writes (vs one PATCH per field)  4 300 requests under 50 per 10 s (vs fetch loop)
// 5 webhook delivery → n8n execution start (needs the build in dist/)
//
// Figures are medians of several runs; absolute times depend on the machine and its load. Nothing
// here asserts timing: a missed target is reported, not failed.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { customFields } from './custom-fields.mts';
import { polling } from './polling.mts';
import { rateLimit } from './rate-limit.mts';
import { type Bench, machine, type Row } from './support.mts';
import { upload } from './upload.mts';
import { webhookLatency } from './webhook-latency.mts';

const BENCHES: Bench[] = [polling, upload, customFields, rateLimit, webhookLatency];

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

if (write) {
	const text = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (bench/run.mts). Each figure is the median of the runs shown; the',
		'naive baselines ran in the same process, against the same sandbox, in the same run. Absolute',
		'times depend on the machine and on what else runs on it; compare the ratios. Nothing here is',
		'asserted: a target missed is reported, not failed.',
		'',
		`- Date: ${info.date} (whole run: ${minutes} min)`,
		`- Machine: ${info.cores} cores, ${info.memory} memory, CPU ${info.cpu}`,
		`- Load average (1/5/15 min): ${info.load} at the start, ${loadAfter} at the end`,
		`- Node ${info.node}; n8n-core ${info.n8nCore}, n8n-workflow ${info.n8nWorkflow}; n8n ${info.n8nE2e} for 5`,
		'',
		table(rows),
		'',
		...(notes.length
			? ['## Notes from this run', '', ...notes.map((note) => `- ${note}`), '']
			: []),
		'## How each is measured',
		'',
		...selected.flatMap((bench) => [`${bench.id}. **${bench.title}.** ${bench.method}`, '']),
	].join('\n');
	writeFileSync(join(import.meta.dirname, 'RESULTS.md'), text);
	console.log('\nWritten to bench/RESULTS.md');
}
