// What every benchmark shares: the result row, medians, the machine description, a sandbox with a
// connected credential, and the count of Clio API requests it logged.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

import { type LogEntry, type Sandbox, startSandbox } from '../test/sandbox/index.mts';
import { type CredentialStore, clioCredential } from '../test/unit/support/n8n.mts';
import { N8N_VERSION } from '../local-n8n/paths.mjs';

/** One line of the results table. Figures are already formatted; nothing here is asserted. */
export interface Row {
	measurement: string;
	case: string;
	package: string;
	baseline: string;
	/** Package ÷ baseline (or as the row explains). */
	ratio: string;
	target: string;
	/** Whether the target was met: 'yes', 'no' or '–' (no target). */
	met: string;
	/** Runs behind the figures (medians when more than one). */
	runs: number;
}

export interface BenchContext {
	/** How many runs each measurement takes its median over (where the bench repeats). */
	runs: number;
	log(message: string): void;
	/** A remark for RESULTS.md (e.g. how long a slow case took). */
	note(message: string): void;
}

export interface Bench {
	id: number;
	title: string;
	/** How it is measured, for RESULTS.md. */
	method: string;
	run(ctx: BenchContext): Promise<Row[]>;
}

export function median(values: number[]): number {
	if (!values.length) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** File sizes and speeds count MB as 10⁶ bytes. */
export const MB = 1_000_000;
export const mbOf = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
/** MB/s of `bytes` in `millis`. */
export const rate = (bytes: number, millis: number) => bytes / MB / (millis / 1000);

export const ms = (value: number) =>
	value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
export const ratio = (value: number) =>
	`${value > 0 && value < 0.1 ? value.toPrecision(2) : value.toFixed(2)}×`;
export const met = (ok: boolean) => (ok ? 'yes' : 'no');

export interface Machine {
	date: string;
	cores: number;
	memory: string;
	cpu: string;
	node: string;
	n8nCore: string;
	n8nWorkflow: string;
	n8nE2e: string;
	load: string;
}

function packageVersion(name: string): string {
	const require = createRequire(import.meta.url);
	return (require(`${name}/package.json`) as { version: string }).version;
}

export function machine(): Machine {
	const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
	const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? '?';
	return {
		date: new Date().toISOString(),
		cores: cpus().length,
		memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
		cpu: model,
		node: process.version,
		n8nCore: packageVersion('n8n-core'),
		n8nWorkflow: packageVersion('n8n-workflow'),
		n8nE2e: N8N_VERSION,
		load: loadavg()
			.map((value) => value.toFixed(2))
			.join(' / '),
	};
}

export interface BenchSandbox {
	sandbox: Sandbox;
	token: string;
	credential: CredentialStore;
	/** A new access token with its own rate-limit window (Clio limits per token, api-facts §4). */
	freshCredential(): { token: string; credential: CredentialStore };
}

/** A sandbox (no rate limit unless given) with a connected credential; close it when done. */
export async function benchSandbox(
	options: Parameters<typeof startSandbox>[0] = {},
): Promise<BenchSandbox> {
	const sandbox = await startSandbox({ quiet: true, rateLimit: false, ...options });
	const freshCredential = () => {
		const tokens = sandbox.issueTokens();
		return { token: tokens.access_token, credential: clioCredential(sandbox.url, tokens) };
	};
	return { sandbox, ...freshCredential(), freshCredential };
}

/** Clio API requests logged since the log was last cleared. */
export function apiRequests(sandbox: Sandbox): LogEntry[] {
	return sandbox.log.entries.filter((entry) => entry.kind === 'api');
}

/**
 * Protocol violations the sandbox recorded (requests that do not conform to the Clio API). A
 * benchmark of non-conforming traffic would measure the wrong thing, so the run stops.
 */
export function assertConforming(sandbox: Sandbox, what: string): void {
	const violations = sandbox.log.violations();
	if (violations.length) {
		const list = violations.map((entry) => `${entry.method} ${entry.path}: ${entry.violations}`);
		throw new Error(`${what}: requests broke the Clio API contract:\n${list.join('\n')}`);
	}
}

/** Headers of a plain client of the Clio API (the naive baselines). */
export function clioHeaders(token: string, json = false): Record<string, string> {
	return {
		Authorization: `Bearer ${token}`,
		'X-API-VERSION': '4.0.9',
		Accept: 'application/json',
		...(json ? { 'Content-Type': 'application/json' } : {}),
	};
}

/** A plain fetch to the Clio API that fails on anything but 2xx (baselines, data set-up). */
export async function clioFetch<T>(
	sandbox: Sandbox,
	token: string,
	method: string,
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await fetch(`${sandbox.apiBase}${path}`, {
		method,
		headers: clioHeaders(token, body !== undefined),
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
	return (text ? JSON.parse(text) : {}) as T;
}

/**
 * Runs a bench child script (node, tsx, gc exposed) with `job` as JSON in the environment variable
 * `variable`, and returns the JSON of its last line of output.
 */
export async function runChild<T>(script: string, variable: string, job: unknown): Promise<T> {
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
		env: { ...process.env, [variable]: JSON.stringify(job) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	const line = out.trim().split('\n').at(-1) ?? '';
	if (code !== 0 || !line.startsWith('{')) {
		throw new Error(`${script} ended with ${code}:\n${err.slice(-4000)}\n${out}`);
	}
	return JSON.parse(line) as T;
}

/** CPU time (user + system) this process has used, in ms: in a bench, the sandbox's share. */
export function cpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

export interface CurlMeasure {
	ms: number;
	/** curl's own peak resident set (GNU time %M). */
	peak: number;
	/** curl's CPU time, user + system (GNU time %U %S). */
	cpuMs: number;
	/** CPU time the sandbox (this process) spent meanwhile. */
	sandboxCpuMs: number;
}

const execFileAsync = promisify(execFile);

/** Runs curl with `args` under GNU time: wall time, peak memory and CPU time, its and the sandbox's. */
export async function timedCurl(args: string[]): Promise<CurlMeasure> {
	const sandboxBefore = cpuMs();
	const begun = performance.now();
	const { stderr } = await execFileAsync(
		'/usr/bin/time',
		['-f', '%M %U %S', 'curl', '-f', '-S', '-s', '-m', '7200', ...args],
		{ maxBuffer: 1024 * 1024 },
	);
	const elapsed = performance.now() - begun;
	const [peakKb, user, system] = (stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
	return {
		ms: elapsed,
		peak: peakKb * 1024,
		cpuMs: (user + system) * 1000,
		sandboxCpuMs: cpuMs() - sandboxBefore,
	};
}

/** "1.2 s CPU (+ sandbox 0.8 s)": where the CPU time of a transfer went. */
export const cpuOf = (own: number, sandbox: number) =>
	`${(own / 1000).toFixed(1)} s CPU (+ sandbox ${(sandbox / 1000).toFixed(1)} s)`;

export interface CpuFigures {
	package: number;
	sandbox: number;
	curl: number;
	curlSandbox: number;
}

/** Medians of the CPU times of the package's runs and of curl's, each with the sandbox's. */
export function cpuFigures(
	ours: Array<{ cpuMs: number; sandboxCpuMs: number }>,
	curl: CurlMeasure[],
): CpuFigures {
	return {
		package: median(ours.map((r) => r.cpuMs)),
		sandbox: median(ours.map((r) => r.sandboxCpuMs)),
		curl: median(curl.map((r) => r.cpuMs)),
		curlSandbox: median(curl.map((r) => r.sandboxCpuMs)),
	};
}

/** The row of a transfer's CPU times, the package's against curl's. */
export function cpuRow(measurement: string, label: string, cpu: CpuFigures, runs: number): Row {
	return {
		measurement,
		case: label,
		package: cpuOf(cpu.package, cpu.sandbox),
		baseline: `curl ${cpuOf(cpu.curl, cpu.curlSandbox)}`,
		ratio: ratio(cpu.package / cpu.curl),
		target: '–',
		met: '–',
		runs,
	};
}
