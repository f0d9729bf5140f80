// 6. Document → Download of 10 MB, 200 MB and 1 GB from the sandbox's storage into n8n's
// filesystem binary store: MB/s and peak memory growth of the downloading process, against `curl`
// of the same pre-signed URL into a file.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Sandbox } from '../test/sandbox/index.mts';
import { largeFile, sha256OfFile } from '../test/unit/actions/document-support.mts';
import type { DownloadJob, DownloadMeasure } from './download-child.mts';
import { curlUpload } from './upload.mts';
import {
	assertConforming,
	type Bench,
	benchSandbox,
	clioHeaders,
	cpuFigures,
	cpuMs,
	cpuRow,
	type CurlMeasure,
	MB,
	mbOf,
	median,
	met,
	ms,
	rate,
	ratio,
	type Row,
	runChild,
	timedCurl,
} from './support.mts';

const SIZES = [10 * MB, 200 * MB, 1000 * MB];
const CHILD = join(import.meta.dirname, 'download-child.mts');

/** A document holding the file, uploaded by hand (POST, `curl -T`, PATCH); untimed. */
async function storeDocument(sandbox: Sandbox, token: string, path: string): Promise<number> {
	return (await curlUpload(sandbox, token, path, 3)).documentId;
}

/** Clio's download link asked for untimed, then `curl` of the storage URL into a file (timed). */
async function curlDownload(
	sandbox: Sandbox,
	token: string,
	documentId: number,
	target: string,
	size: number,
): Promise<CurlMeasure> {
	const redirect = await fetch(`${sandbox.apiBase}/documents/${documentId}/download.json`, {
		headers: clioHeaders(token),
		redirect: 'manual',
	});
	const location = redirect.headers.get('location');
	if (redirect.status !== 303 || !location) {
		throw new Error(`The download link came as ${redirect.status} without a Location`);
	}
	const url = new URL(location, sandbox.apiBase).toString();
	const measure = await timedCurl(['-o', target, url]);
	const written = (await stat(target)).size;
	await rm(target, { force: true });
	if (written !== size) throw new Error(`curl wrote ${written} bytes of ${size}`);
	return measure;
}

export const download: Bench = {
	id: 6,
	title: 'Download of 10 MB, 200 MB and 1 GB into n8n’s binary store',
	method:
		"Each download runs Clio → Document → Download in a child process whose n8n-core runtime uses the filesystem binary store, for a document the sandbox holds on disk (random bytes, uploaded untimed). A small download first loads every module, then the peak resident set is reset (`/proc/self/clear_refs`) and read back as `VmHWM` after the download: growth = peak − resident set before (a 10 ms sampler agrees). MB/s counts from the node's start until it returns the item, its file complete in the binary store (the document read, Clio's 303 and the storage GET included); the stored file's SHA-256 must equal the original's. Baseline: `curl -o` of the same document's pre-signed storage URL (asked for untimed from `GET /documents/{id}/download.json`) into a file on the same disk; curl's whole-process peak from GNU time. The order of package and curl alternates from run to run. CPU time: the node's process during the transfer (process.cpuUsage) and curl's (GNU time, user + system), each with the CPU time the sandbox — the bench's own process — spent meanwhile. MB = 10⁶ bytes.",
	async run(ctx) {
		const dir = await mkdtemp(join(tmpdir(), 'clio-bench-download-'));
		const rows: Row[] = [];
		const bed = await benchSandbox({ matters: 20 });
		const { sandbox, token } = bed;
		try {
			const warmUpDocumentId = await storeDocument(sandbox, token, await largeFile(dir, 4096));
			for (const size of SIZES) {
				const runs = size >= 1000 * MB ? Math.min(ctx.runs, 3) : ctx.runs;
				const path = await largeFile(dir, size);
				const expected = await sha256OfFile(path);
				const documentId = await storeDocument(sandbox, token, path);
				await rm(path, { force: true });
				const ours: Array<DownloadMeasure & { sandboxCpuMs: number }> = [];
				const theirs: CurlMeasure[] = [];
				for (let index = 0; index < runs; index++) {
					const steps = [
						async () => {
							sandbox.log.clear();
							const sandboxBefore = cpuMs();
							const measure = await runChild<DownloadMeasure>(CHILD, 'BENCH_DOWNLOAD', {
								url: sandbox.url,
								tokens: sandbox.issueTokens(),
								documentId,
								warmUpDocumentId,
							} satisfies DownloadJob);
							const sandboxCpuMs = cpuMs() - sandboxBefore;
							assertConforming(sandbox, 'Document → Download');
							if (measure.size !== size || measure.sha256 !== expected) {
								throw new Error(`The download stored ${measure.size} bytes, not the file`);
							}
							ours.push({ ...measure, sandboxCpuMs });
						},
						async () =>
							theirs.push(
								await curlDownload(sandbox, token, documentId, join(dir, 'curl-copy'), size),
							),
					];
					for (let step = 0; step < steps.length; step++) {
						await steps[(step + index) % steps.length]();
					}
					const mine = ours.at(-1) as DownloadMeasure;
					const other = theirs.at(-1) as CurlMeasure;
					ctx.log(
						`  ${(size / MB).toFixed(0)} MB run ${index + 1}: package ${rate(size, mine.ms).toFixed(0)} MB/s, +${mbOf(mine.peak - mine.rssBefore)} (sampled +${mbOf(mine.sampledPeak - mine.rssBefore)}); curl ${rate(size, other.ms).toFixed(0)} MB/s`,
					);
				}
				const label = size >= 1000 * MB ? '1 GB' : `${size / MB} MB`;
				const speed = median(ours.map((r) => rate(size, r.ms)));
				const curlSpeed = median(theirs.map((r) => rate(size, r.ms)));
				const growth = median(
					ours.map((r) => (r.peak >= 0 ? r.peak : r.sampledPeak) - r.rssBefore),
				);
				const cpu = cpuFigures(ours, theirs);
				if (speed < 0.9 * curlSpeed) {
					ctx.note(
						`${label} below target: the downloading process used ${ms(cpu.package)} of CPU (n8n's node run, the HTTP client, writing the binary store; its time also holds the document read and Clio's 303 before the storage GET, curl's only the GET) and the sandbox ${ms(cpu.sandbox)}, against curl's ${ms(cpu.curl)} and the sandbox's ${ms(cpu.curlSandbox)}, on 2 cores shared with the storage and other work (load average ${loadavg()[0].toFixed(2)} at the end).`,
					);
				}
				rows.push(
					{
						measurement: '6. Download speed',
						case: label,
						package: `${speed.toFixed(0)} MB/s (${ms(median(ours.map((r) => r.ms)))})`,
						baseline: `curl ${curlSpeed.toFixed(0)} MB/s (${ms(median(theirs.map((r) => r.ms)))})`,
						ratio: ratio(speed / curlSpeed),
						target: '≥ 0.90× curl',
						met: met(speed >= 0.9 * curlSpeed),
						runs,
					},
					{
						measurement: '6. Download peak RSS growth',
						case: label,
						package: `+${mbOf(growth)}`,
						baseline: `curl peak ${mbOf(median(theirs.map((r) => r.peak)))}`,
						ratio: '–',
						target: '< 64 MB',
						met: met(growth < 64 * MB),
						runs,
					},
					cpuRow('6. Download CPU time', label, cpu, runs),
				);
			}
		} finally {
			await sandbox.close();
			await rm(dir, { recursive: true, force: true });
		}
		return rows;
	},
};
