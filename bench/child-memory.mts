// The peak memory of a bench child process: the peak resident set is reset (/proc/self/clear_refs)
// and read back (VmHWM) after the measured work; a 10 ms sampler of the resident set checks it.
import { readFileSync, writeFileSync } from 'node:fs';

export interface MemoryMeasure {
	rssBefore: number;
	/** VmHWM after the work (peak since the reset), or -1 when the reset is not possible. */
	peak: number;
	/** Highest resident set seen by sampling every 10 ms. */
	sampledPeak: number;
	/** CPU time (user + system) of the process during the work. */
	cpuMs: number;
}

function status(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
		readFileSync('/proc/self/status', 'utf8'),
	);
	return match ? Number(match[1]) * 1024 : -1;
}

function resetPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** Runs `work` (after a garbage collection, when exposed) and measures the memory it took. */
export async function measureMemory<T>(
	work: () => Promise<T>,
): Promise<MemoryMeasure & { result: T }> {
	(globalThis as { gc?: () => void }).gc?.();
	const rssBefore = status('VmRSS');
	const canReset = resetPeak();
	let sampledPeak = rssBefore;
	const cpuBefore = process.cpuUsage();
	const sampler = setInterval(() => {
		sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
	}, 10);
	try {
		const result = await work();
		const cpu = process.cpuUsage(cpuBefore);
		sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
		return {
			rssBefore,
			peak: canReset ? status('VmHWM') : -1,
			sampledPeak,
			cpuMs: (cpu.user + cpu.system) / 1000,
			result,
		};
	} finally {
		clearInterval(sampler);
	}
}

/** Writes the child's one line of JSON and exits (n8n-core may keep handles open). */
export function finish(result: unknown): void {
	process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
