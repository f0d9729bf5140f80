// n8n as firms scale it (queue mode): PostgreSQL and Redis, one main (activation, polling and the
// Clio Trigger's heartbeat; production webhooks off), one worker (runs every execution) and several
// `n8n webhook` processes (receive Clio's deliveries) behind one address. Binary data lives in the
// database so every process reads what another wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { e2eOwner, instanceSecrets, n8nEnvironment } from './environment.mts';
import { pollUntil } from './http.mts';
import { defaultLine, n8nPaths, type N8nLine } from './paths.mjs';
import { freePorts } from './ports.mts';
import { type N8n, type StartOptions, startN8n } from './n8n.mts';
import { spawnGroup, type GroupProcess } from './process.mts';
import { type Routing, startWebhookProxy, type WebhookProxy } from './proxy.mts';
import { postgresBinDir } from './services-paths.mjs';
import { type Postgres, type Service, startPostgres, startRedis } from './services.mts';

export interface ClusterOptions
	extends Pick<StartOptions, 'packageDir' | 'verbose' | 'env' | 'line'> {
	/** `n8n webhook` processes behind the address (default 2). */
	webhookProcesses?: number;
	/** How the address spreads requests over them (default: by URL path). */
	routing?: Routing;
	/** Executions a worker runs at once (n8n's default is 10). */
	workerConcurrency?: number;
}

export type ClusterProcess = 'main' | 'worker' | `webhook${number}`;

export interface N8nCluster {
	/** The main instance: REST and public API, publishing, executions. */
	main: N8n;
	/** The address Clio delivers to (n8n's WEBHOOK_URL). */
	proxy: WebhookProxy;
	/** Production webhook base, as n8n gives it to nodes: `<proxy>/webhook`. */
	webhookBaseUrl: string;
	worker(): GroupProcess;
	webhookProcess(index: number): GroupProcess;
	/** Stops one process and starts it again; resolves once it is ready. */
	restart(process: ClusterProcess): Promise<void>;
	/** Every process's log tail, for failure messages. */
	logs(): string;
	stop(): Promise<void>;
}

interface Member {
	start(): GroupProcess;
	ready(proc: GroupProcess): Promise<void>;
	proc?: GroupProcess;
}

export async function startCluster(opts: ClusterOptions): Promise<N8nCluster> {
	const count = opts.webhookProcesses ?? 2;
	const services: Service[] = [];
	let proxy: WebhookProxy | undefined;
	let main: N8n | undefined;
	const members = new Map<ClusterProcess, Member>();
	const stopAll = async () => {
		for (const member of members.values()) await member.proc?.stop(5_000);
		await main?.stop();
		await proxy?.close();
		for (const service of services.reverse()) await service.stop();
	};
	try {
		const redis = await startRedis();
		services.push(redis);
		const line = opts.line ?? defaultLine();
		const postgres: Postgres = await startPostgres({
			templateDir: postgresTemplateDir(line),
			prepare: (database) => migrateDatabase(database, line),
		});
		services.push(postgres);
		const ports = await freePorts(2 * count + 2);
		const webhookPorts = ports.slice(0, count);
		proxy = await startWebhookProxy(webhookPorts, opts.routing ?? 'path');
		const queueEnv: Record<string, string> = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			...databaseEnv(postgres),
			// n8n's default of 2 connections per process: under a burst of deliveries the webhook
			// processes time out waiting for one, answer 503 and lose runs they had accepted.
			DB_POSTGRESDB_POOL_SIZE: '10',
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			// Deliveries go to the webhook processes only, through the address in front of them.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			WEBHOOK_URL: `${proxy.url}/`,
			...opts.env,
		};
		main = await startN8n({
			packageDir: opts.packageDir,
			verbose: opts.verbose,
			env: queueEnv,
			line,
		});
		const instance = main;
		const [workerPort, ...brokerPorts] = ports.slice(count);
		members.set('worker', {
			start: () =>
				instance.spawn(
					['worker', `--concurrency=${opts.workerConcurrency ?? 10}`],
					{
						QUEUE_HEALTH_CHECK_ACTIVE: 'true',
						QUEUE_HEALTH_CHECK_PORT: String(workerPort),
						N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
						N8N_RUNNERS_BROKER_PORT: String(brokerPorts[0]),
					},
					'worker',
				),
			ready: async (proc) => {
				await waitReady(proc, 'worker', `http://127.0.0.1:${workerPort}/healthz/readiness`);
			},
		});
		webhookPorts.forEach((port, index) => {
			members.set(`webhook${index}`, {
				start: () =>
					instance.spawn(
						['webhook'],
						{ N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(brokerPorts[index + 1]) },
						`webhook${index}`,
					),
				ready: async (proc) => {
					await waitReady(proc, `webhook process ${index}`, `http://127.0.0.1:${port}/healthz`);
					await pollUntil(`webhook process ${index} listening`, 60_000, async () =>
						proc.logs().includes('Webhook listener waiting for requests') ? true : undefined,
					);
				},
			});
		});
		await Promise.all(
			[...members.values()].map(async (member) => {
				member.proc = member.start();
				await member.ready(member.proc);
			}),
		);
	} catch (error) {
		await stopAll();
		throw error;
	}
	const member = (name: ClusterProcess): Member => {
		const found = members.get(name);
		if (!found?.proc) throw new Error(`no cluster process ${name}`);
		return found;
	};
	const mainInstance = main;
	return {
		main: mainInstance,
		proxy,
		webhookBaseUrl: `${proxy.url}/webhook`,
		worker: () => member('worker').proc as GroupProcess,
		webhookProcess: (index) => member(`webhook${index}`).proc as GroupProcess,
		async restart(name) {
			if (name === 'main') {
				await mainInstance.restart();
				return;
			}
			const target = member(name);
			await target.proc?.stop();
			target.proc = target.start();
			await target.ready(target.proc);
		},
		logs() {
			const parts = [`--- main ---\n${mainInstance.logs().slice(-4000)}`];
			for (const [name, entry] of members) {
				parts.push(`--- ${name} ---\n${entry.proc?.logs().slice(-4000) ?? ''}`);
			}
			return parts.join('\n');
		},
		stop: stopAll,
	};
}

function databaseEnv(postgres: Postgres): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/** A PostgreSQL data folder with n8n's migrations applied, cached per n8n and PostgreSQL version. */
function postgresTemplateDir(line: N8nLine): string {
	const server = basename(dirname(postgresBinDir() ?? 'postgresql/unknown/bin'));
	const paths = n8nPaths(line);
	return join(paths.root, `pg${server}-template-n8n-${paths.version}`);
}

/** Runs n8n's migrations against the database once (any CLI command migrates on start-up). */
async function migrateDatabase(postgres: Postgres, line: N8nLine): Promise<void> {
	const paths = n8nPaths(line);
	const folder = mkdtempSync(join(tmpdir(), 'clio-n8n-migrate-'));
	try {
		const [port, brokerPort] = await freePorts(2);
		const env = n8nEnvironment({
			userFolder: folder,
			port,
			brokerPort,
			secrets: instanceSecrets(folder),
			nodeBinDir: paths.nodeBinDir,
			owner: e2eOwner(),
			line,
			overrides: { ...databaseEnv(postgres), N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'false' },
		});
		const proc = spawnGroup(paths.nodeBinary, [paths.n8nBin, 'list:workflow'], {
			cwd: folder,
			env,
		});
		const code = await proc.exited;
		if (code !== 0)
			throw new Error(`n8n's migrations failed (${code}):\n${proc.logs().slice(-4000)}`);
	} finally {
		rmSync(folder, { recursive: true, force: true });
	}
}

async function waitReady(proc: GroupProcess, name: string, url: string): Promise<void> {
	const exited = proc.exited.then((code) => {
		throw new Error(`${name} exited during start-up (${code}):\n${proc.logs().slice(-4000)}`);
	});
	const ready = pollUntil(`${name} readiness`, 120_000, async () => {
		try {
			const response = await fetch(url);
			await response.text();
			return response.status === 200 ? true : undefined;
		} catch {
			return undefined;
		}
	});
	await Promise.race([ready, exited]);
	exited.catch(() => undefined);
}
