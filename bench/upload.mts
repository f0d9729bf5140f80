// 2. Document → Upload of 10 MB, 200 MB and 1 GB from n8n's filesystem binary store to the
// sandbox's storage: peak memory growth of the uploading process and MB/s, against `curl -T` of the
// same file to a pre-signed URL of the same storage.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import {
	DEFAULT_MULTIPART_THRESHOLD,
	DEFAULT_PARTS_AT_ONCE,
	MAX_PARTS_PER_REQUEST,
	MIN_PART_SIZE,
} from '../nodes/Clio/clio/upload-plan.ts';
import type { Sandbox } from '../test/sandbox/index.mts';
import { largeFile } from '../test/unit/actions/document-support.mts';
import type { OAuth2Tokens } from '../test/unit/support/n8n.mts';
import {
	assertConforming,
	type Bench,
	benchSandbox,
	clioFetch,
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
import type { UploadJob, UploadMeasure } from './upload-child.mts';

const SIZES = [10 * MB, 200 * MB, 1000 * MB];
/** The node's defaults: parts from 100 MiB, 5 MiB each, 4 on their way at once (api-facts §6.6). */
const MULTIPART_FROM = DEFAULT_MULTIPART_THRESHOLD;
const PART = MIN_PART_SIZE;
const AT_ONCE = DEFAULT_PARTS_AT_ONCE;
/** Part URLs Clio gives per request (api-facts §6.6). */
const PARTS_PER_REQUEST = MAX_PARTS_PER_REQUEST;
const CHILD = join(import.meta.dirname, 'upload-child.mts');

interface Started {
	data: {
		id: number;
		latest_document_version: {
			uuid: string;
			put_url: string;
			put_headers: Array<{ name: string; value: string }>;
		};
	};
}

/** CPU time of reading a file and computing its MD5, which Clio's part URLs require. */
async function md5CpuMs(path: string): Promise<number> {
	const before = cpuMs();
	const hash = createHash('md5');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	hash.digest();
	return cpuMs() - before;
}

/** `curl -T` of a file to a pre-signed URL with its headers. */
async function curl(path: string, url: string, headers: Array<{ name: string; value: string }>) {
	const args = ['-o', '/dev/null', '-T', path];
	for (const header of headers) args.push('-H', `${header.name}: ${header.value}`);
	return await timedCurl([...args, url]);
}

interface PartLinks {
	data: {
		id: number;
		latest_document_version: {
			uuid: string;
			multiparts: Array<{
				part_number: number;
				put_url: string;
				put_headers: Array<{ name: string; value: string }>;
			}>;
		};
	};
}

/**
 * The node's multipart protocol by hand: the file split into 5 MiB part files with their MD5s,
 * every part URL asked for up front (untimed), then one `curl -T` per part, as many at once as the
 * node sends by default (timed), then the completing PATCH (untimed).
 */
async function curlMultipart(
	sandbox: Sandbox,
	token: string,
	path: string,
	size: number,
	matterId: number,
	dir: string,
): Promise<CurlMeasure> {
	const partsDir = join(dir, 'parts');
	await mkdir(partsDir, { recursive: true });
	const entries: Array<{ part_number: number; content_length: string; content_md5: string }> = [];
	const files: string[] = [];
	const source = await open(path);
	try {
		for (let offset = 0; offset < size; offset += PART) {
			const bytes = Buffer.allocUnsafe(Math.min(PART, size - offset));
			await source.read(bytes, 0, bytes.length, offset);
			const file = join(partsDir, String(files.length + 1));
			await writeFile(file, bytes);
			files.push(file);
			entries.push({
				part_number: files.length,
				content_length: String(bytes.length),
				content_md5: createHash('md5').update(bytes).digest('base64'),
			});
		}
	} finally {
		await source.close();
	}
	const batches = Array.from(
		{ length: Math.ceil(entries.length / PARTS_PER_REQUEST) },
		(_, index) => entries.slice(index * PARTS_PER_REQUEST, (index + 1) * PARTS_PER_REQUEST),
	);
	const fields = 'id,latest_document_version{uuid,multiparts}';
	const started = await clioFetch<PartLinks>(
		sandbox,
		token,
		'POST',
		`/documents.json?fields=${fields}`,
		{
			data: {
				name: 'curl parts.pdf',
				parent: { type: 'Matter', id: matterId },
				multiparts: batches[0],
			},
		},
	);
	const { id } = started.data;
	const { uuid } = started.data.latest_document_version;
	const links = [...started.data.latest_document_version.multiparts];
	for (const batch of batches.slice(1)) {
		const more = await clioFetch<PartLinks>(
			sandbox,
			token,
			'PATCH',
			`/documents/${id}.json?fields=${fields}`,
			{
				data: { uuid, fully_uploaded: false, multiparts: batch },
			},
		);
		links.push(...more.data.latest_document_version.multiparts);
	}
	let peak = 0;
	let curlCpu = 0;
	const queue = links.sort((a, b) => a.part_number - b.part_number);
	const sandboxBefore = cpuMs();
	const begun = performance.now();
	await Promise.all(
		Array.from({ length: AT_ONCE }, async () => {
			for (let link = queue.shift(); link; link = queue.shift()) {
				const part = await curl(files[link.part_number - 1], link.put_url, link.put_headers);
				peak = Math.max(peak, part.peak);
				curlCpu += part.cpuMs;
			}
		}),
	);
	const elapsed = performance.now() - begun;
	const sandboxCpuMs = cpuMs() - sandboxBefore;
	await clioFetch(sandbox, token, 'PATCH', `/documents/${id}.json?fields=id`, {
		data: { uuid, fully_uploaded: true },
	});
	await rm(partsDir, { recursive: true, force: true });
	return { ms: elapsed, peak, cpuMs: curlCpu, sandboxCpuMs };
}

/** Steps 1 and 3 of the upload by hand, step 2 by `curl -T` (timed alone); also the document. */
export async function curlUpload(
	sandbox: Sandbox,
	token: string,
	path: string,
	matterId: number,
): Promise<CurlMeasure & { documentId: number }> {
	const started = await clioFetch<Started>(
		sandbox,
		token,
		'POST',
		'/documents.json?fields=id,latest_document_version{uuid,put_url,put_headers}',
		{ data: { name: 'curl upload.pdf', parent: { type: 'Matter', id: matterId } } },
	);
	const version = started.data.latest_document_version;
	const measure = await curl(path, version.put_url, version.put_headers);
	await clioFetch(sandbox, token, 'PATCH', `/documents/${started.data.id}.json?fields=id`, {
		data: { uuid: version.uuid, fully_uploaded: true },
	});
	return { ...measure, documentId: started.data.id };
}

interface NodeMeasure {
	/** From the node's start until its completing PATCH reached the sandbox. */
	transferMs: number;
	totalMs: number;
	growth: number;
	sampledGrowth: number;
	/** The uploading process's CPU time during the upload. */
	cpuMs: number;
	/** The sandbox's during the whole child process (warm-up and joining the parts included). */
	sandboxCpuMs: number;
}

async function nodeUpload(
	sandbox: Sandbox,
	tokens: OAuth2Tokens,
	path: string,
	size: number,
	matterId: number,
): Promise<NodeMeasure> {
	sandbox.log.clear();
	const sandboxBefore = cpuMs();
	const measure = await runChild<UploadMeasure>(CHILD, 'BENCH_UPLOAD', {
		url: sandbox.url,
		tokens,
		path,
		fileName: 'scan.pdf',
		matterId,
	} satisfies UploadJob);
	const sandboxCpuMs = cpuMs() - sandboxBefore;
	assertConforming(sandbox, 'Document → Upload');
	const version = measure.document.latest_document_version as IDataObject;
	if (version.fully_uploaded !== true || version.size !== size) {
		throw new Error(`The upload ended as ${JSON.stringify(version)}`);
	}
	// The completing PATCH (the last one): what follows is the sandbox joining the parts.
	const completion = sandbox.log.entries.filter(
		(entry) => entry.kind === 'api' && entry.method === 'PATCH',
	);
	const completedAt = Date.parse(completion.at(-1)?.at ?? '');
	return {
		transferMs: completedAt - measure.startedAt,
		totalMs: measure.ms,
		growth: (measure.peak >= 0 ? measure.peak : measure.sampledPeak) - measure.rssBefore,
		sampledGrowth: measure.sampledPeak - measure.rssBefore,
		cpuMs: measure.cpuMs,
		sandboxCpuMs,
	};
}

export const upload: Bench = {
	id: 2,
	title: 'Upload of 10 MB, 200 MB and 1 GB from n8n’s binary store',
	method: `Each upload runs Clio → Document → Upload (into a matter, default options: single PUT below 100 MiB, else 5 MiB parts with Content-MD5, ${AT_ONCE} parts on their way at once, each part's MD5 computed as it is read) in a child process, from a binary item in n8n-core's filesystem binary store (random bytes, copied into the store before timing). A 1 KB upload first loads every module, then the peak resident set is reset (\`/proc/self/clear_refs\`) and read back as \`VmHWM\` after the upload: growth = peak − resident set before (a 10 ms \`process.memoryUsage.rss()\` sampler agrees). MB/s counts from the node's start until its completing PATCH reaches the sandbox (POST and part-URL requests included; the sandbox's joining of the parts after that is excluded — real storage does that server-side). Baseline: \`curl -T\` of the same file to a pre-signed \`put_url\` from \`POST /documents.json\` with its \`put_headers\` (one PUT; curl's whole-process peak from GNU time). For 200 MB and 1 GB a second baseline does what the node does — the same 5 MiB parts with their Content-MD5, ${AT_ONCE} at once — with one \`curl -T\` per part (part files, their MD5s and part URLs prepared untimed, so this baseline is not charged for reading and hashing the file, which the node's time includes). A fresh sandbox per run; the order of package and baselines rotates from run to run. CPU time: the node's process during the transfer (process.cpuUsage) and curl's (GNU time, user + system), each with the CPU time the sandbox — the bench's own process — spent meanwhile. MB = 10⁶ bytes.`,
	async run(ctx) {
		const dir = await mkdtemp(join(tmpdir(), 'clio-bench-upload-'));
		const rows: Row[] = [];
		try {
			for (const size of SIZES) {
				const runs = size >= 1000 * MB ? Math.min(ctx.runs, 3) : ctx.runs;
				const multipart = size >= MULTIPART_FROM;
				const path = await largeFile(dir, size);
				const md5Ms = multipart ? await md5CpuMs(path) : 0;
				const ours: NodeMeasure[] = [];
				const single: CurlMeasure[] = [];
				const parts: CurlMeasure[] = [];
				const sizeStarted = Date.now();
				for (let index = 0; index < runs; index++) {
					const bed = await benchSandbox({ matters: 20 });
					try {
						const tokens = bed.sandbox.issueTokens();
						const steps = [
							async () => ours.push(await nodeUpload(bed.sandbox, tokens, path, size, 3)),
							async () => single.push(await curlUpload(bed.sandbox, bed.token, path, 4)),
						];
						if (multipart) {
							steps.push(async () =>
								parts.push(await curlMultipart(bed.sandbox, bed.token, path, size, 5, dir)),
							);
						}
						// Who goes first alternates, so a warm cache or a busy neighbour favours no one.
						for (let step = 0; step < steps.length; step++) {
							await steps[(step + index) % steps.length]();
						}
					} finally {
						await bed.sandbox.close();
					}
					const mine = ours.at(-1) as NodeMeasure;
					const other = single.at(-1) as CurlMeasure;
					const split = parts.at(-1);
					ctx.log(
						`  ${mbOf(size)} run ${index + 1}: package ${rate(size, mine.transferMs).toFixed(0)} MB/s, +${mbOf(mine.growth)} (sampled +${mbOf(mine.sampledGrowth)}), total ${ms(mine.totalMs)}; curl ${rate(size, other.ms).toFixed(0)} MB/s${split ? `, curl parts ${rate(size, split.ms).toFixed(0)} MB/s` : ''}`,
					);
				}
				await rm(path, { force: true });
				if (size >= 1000 * MB) {
					ctx.note(
						`1 GB: ${runs} runs of the package, curl and curl in parts took ${((Date.now() - sizeStarted) / 1000).toFixed(0)} s in all (file creation included).`,
					);
				}
				const speed = median(ours.map((r) => rate(size, r.transferMs)));
				const curlSpeed = median(single.map((r) => rate(size, r.ms)));
				const growth = median(ours.map((r) => r.growth));
				const label = size >= 1000 * MB ? '1 GB' : mbOf(size).replace('.0', '');
				const partCount = Math.ceil(size / PART);
				const speedRow = (baseline: CurlMeasure[], what: string): Row => {
					const baseSpeed = median(baseline.map((r) => rate(size, r.ms)));
					return {
						measurement: '2. Upload speed',
						case: `${label}${multipart ? `, ${partCount} parts of 5 MiB, ${AT_ONCE} at once` : ', one PUT'}${what}`,
						package: `${speed.toFixed(0)} MB/s (${ms(median(ours.map((r) => r.transferMs)))})`,
						baseline: `${baseSpeed.toFixed(0)} MB/s (${ms(median(baseline.map((r) => r.ms)))})`,
						ratio: ratio(speed / baseSpeed),
						target: what ? '–' : '≥ 0.90× curl',
						met: what ? '–' : met(speed >= 0.9 * baseSpeed),
						runs,
					};
				};
				rows.push(speedRow(single, ''));
				const cpu = cpuFigures(ours, single);
				if (multipart && speed < 0.9 * curlSpeed) {
					ctx.note(
						`${label} below target, CPU-bound: the uploading process used ${ms(cpu.package)} of CPU and the sandbox ${ms(cpu.sandbox)} (its joining of the parts included), against curl's ${ms(cpu.curl)} and the sandbox's ${ms(cpu.curlSandbox)} for the single PUT, on 2 cores that the uploader, the storage and other work share (load average ${loadavg()[0].toFixed(2)} at the end). Reading the file and computing its MD5 alone takes ${ms(md5Ms)} of CPU here: Clio signs each part's URL for its Content-MD5, so the node must hash every byte before sending it; the single PUT sends no checksum.`,
					);
				}
				if (multipart) rows.push(speedRow(parts, ' vs curl in the same parts'));
				rows.push(cpuRow('2. Upload CPU time', label, cpu, runs));
				rows.push({
					measurement: '2. Upload peak RSS growth',
					case: label,
					package: `+${mbOf(growth)}`,
					baseline: `curl peak ${mbOf(median(single.map((r) => r.peak)))}`,
					ratio: '–',
					target: multipart ? '< 64 MB' : '–',
					met: multipart ? met(growth < 64 * MB) : '–',
					runs,
				});
			}
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		return rows;
	},
};
