// Child processes in their own process group, with a captured log tail, killed as a group on stop
// and whenever the test process exits or is interrupted (no orphaned n8n or task runners).
import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

const LOG_TAIL_CHARS = 64_000;
const liveGroups = new Set<number>();
let exitHooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// group already gone
	}
}

function installExitHooks(): void {
	if (exitHooksInstalled) return;
	exitHooksInstalled = true;
	process.on('exit', () => {
		for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
	});
	const signals: Array<[NodeJS.Signals, number]> = [
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	];
	for (const [signal, code] of signals) {
		process.once(signal, () => {
			for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
			process.exit(code);
		});
	}
}

export interface GroupProcess {
	pid: number;
	/** Resolves with the exit code (or the signal name) once the leader has exited. */
	exited: Promise<number | string>;
	isRunning(): boolean;
	/** Last LOG_TAIL_CHARS characters of stdout+stderr. */
	logs(): string;
	/** SIGTERM to the group, SIGKILL after graceMs; resolves when the leader has exited. */
	stop(graceMs?: number): Promise<void>;
}

export interface SpawnGroupOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Full log is appended here as well (the tail alone may miss the start-up lines). */
	logFile?: string;
	/** Called with every chunk of output (e.g. to echo it when debugging). */
	onOutput?: (text: string) => void;
}

// Leader of the group: runs the command, ignores signals (the whole group gets them) so it can report
// the command's exit code, and kills the group if the test process vanishes without cleaning up
// (SIGKILL, a crash in a hook).
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [parentPid, command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
const timer = setInterval(() => {
	try { process.kill(Number(parentPid), 0); } catch { process.kill(-process.pid, 'SIGKILL'); }
}, 1000);
child.on('exit', (code, signal) => {
	clearInterval(timer);
	process.exit(code ?? (signal ? 128 : 1));
});
`;

export function spawnGroup(command: string, args: string[], opts: SpawnGroupOptions): GroupProcess {
	installExitHooks();
	const child = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), command, ...args], {
		cwd: opts.cwd,
		env: opts.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
	const pid = child.pid;
	liveGroups.add(pid);
	let tail = '';
	const file: WriteStream | undefined = opts.logFile
		? createWriteStream(opts.logFile, { flags: 'a' })
		: undefined;
	const onData = (chunk: Buffer): void => {
		const text = chunk.toString('utf8');
		tail = (tail + text).slice(-LOG_TAIL_CHARS);
		file?.write(text);
		opts.onOutput?.(text);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let running = true;
	const exited = new Promise<number | string>((resolve) => {
		child.once('exit', (code, signal) => {
			running = false;
			// The leader is gone; make sure nothing it started survives it.
			killGroup(pid, 'SIGKILL');
			liveGroups.delete(pid);
			file?.end();
			resolve(code ?? signal ?? 'unknown');
		});
		child.once('error', (error) => {
			onData(Buffer.from(`\n[spawn error] ${error.message}\n`));
		});
	});
	return {
		pid,
		exited,
		isRunning: () => running,
		logs: () => tail,
		async stop(graceMs = 10_000) {
			if (!running) return;
			killGroup(pid, 'SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const forced = new Promise<void>((resolve) => {
				timer = setTimeout(() => {
					killGroup(pid, 'SIGKILL');
					resolve();
				}, graceMs);
			});
			await Promise.race([exited, forced]);
			clearTimeout(timer);
			await exited;
		},
	};
}
