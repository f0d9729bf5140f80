// Redis and PostgreSQL for n8n's queue mode, started as ordinary processes on loopback with their
// data in a temporary folder outside the clone (installed by ./install-services.mjs).
import { execFileSync } from 'node:child_process';
import {
	chmodSync,
	chownSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	renameSync,
	rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { pollUntil } from './http.mts';
import { freePorts } from './ports.mts';
import { spawnGroup, type GroupProcess } from './process.mts';
import { postgresBinDir, redisServer } from './services-paths.mjs';

export interface Service {
	port: number;
	stop(): Promise<void>;
	logs(): string;
}

function missing(what: string): Error {
	return new Error(`${what} is not installed; run \`node local-n8n/install-services.mjs\` first`);
}

async function stopAndRemove(proc: GroupProcess, folder: string): Promise<void> {
	await proc.stop(5_000);
	rmSync(folder, { recursive: true, force: true });
}

export async function startRedis(): Promise<Service> {
	const binary = redisServer();
	if (!binary) throw missing('Redis');
	const [port] = await freePorts(1);
	const folder = mkdtempSync(join(tmpdir(), 'clio-redis-'));
	const proc = spawnGroup(
		binary,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			folder,
			'--save',
			'',
			'--appendonly',
			'no',
		],
		{ cwd: folder, env: process.env },
	);
	await pollUntil('Redis', 20_000, async () =>
		proc.logs().includes('Ready to accept connections') ? true : undefined,
	);
	return { port, stop: () => stopAndRemove(proc, folder), logs: () => proc.logs() };
}

/** PostgreSQL refuses to run as root: then its commands run as the `postgres` system user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', command, ...args]]
		: [command, args];
}

export interface Postgres extends Service {
	database: string;
	user: string;
}

export interface PostgresOptions {
	/**
	 * A data folder to start from (copied, never changed). When it does not exist yet, a fresh
	 * database is made, `prepare` runs against it (e.g. n8n's migrations) and the result is kept
	 * there for the next start.
	 */
	templateDir?: string;
	prepare?: (database: Postgres) => Promise<void>;
}

const DATABASE = 'n8n';

function serverArgs(data: string, sockets: string, port: number): string[] {
	return [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		sockets,
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	];
}

export async function startPostgres(opts: PostgresOptions = {}): Promise<Postgres> {
	const bin = postgresBinDir();
	if (!bin) throw missing('PostgreSQL');
	const [port] = await freePorts(1);
	const folder = mkdtempSync(join(tmpdir(), 'clio-postgres-'));
	const data = join(folder, 'data');
	const sockets = join(folder, 'sockets');
	mkdirSync(sockets);
	const owned = (dir: string) => {
		if (process.getuid?.() === 0) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
	};
	owned(folder);
	owned(sockets);
	chmodSync(folder, 0o700);
	const fromTemplate = opts.templateDir !== undefined && existsSync(opts.templateDir);
	if (fromTemplate) {
		execFileSync('cp', ['-a', opts.templateDir as string, data]);
	} else {
		const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'--encoding=UTF8',
			'--no-sync',
		]);
		execFileSync(initdb, initArgs, { stdio: 'pipe' });
	}
	const launch = async () => {
		const [postgres, args] = asServerUser(join(bin, 'postgres'), serverArgs(data, sockets, port));
		const proc = spawnGroup(postgres, args, { cwd: folder, env: process.env });
		await pollUntil('PostgreSQL', 30_000, async () =>
			proc.logs().includes('database system is ready to accept connections') ? true : undefined,
		);
		return proc;
	};
	let proc = await launch();
	const database: Postgres = {
		port,
		database: DATABASE,
		user: 'postgres',
		stop: () => stopAndRemove(proc, folder),
		logs: () => proc.logs(),
	};
	if (!fromTemplate) {
		const [psql, psqlArgs] = asServerUser(join(bin, 'psql'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-c',
			`CREATE DATABASE ${DATABASE}`,
		]);
		execFileSync(psql, psqlArgs, { stdio: 'pipe' });
		if (opts.templateDir && opts.prepare) {
			await opts.prepare(database);
			// A clean shutdown, then the data folder becomes the template (staged, then renamed).
			await proc.stop(30_000);
			const staged = `${opts.templateDir}.${process.pid}`;
			mkdirSync(dirname(staged), { recursive: true });
			execFileSync('cp', ['-a', data, staged]);
			try {
				renameSync(staged, opts.templateDir);
			} catch {
				// another test process made the template first
				rmSync(staged, { recursive: true, force: true });
			}
			proc = await launch();
		}
	}
	return database;
}

function uidOf(user: string): number {
	return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
	return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
