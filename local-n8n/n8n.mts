// Starts a real n8n (cached Node 24 + n8n 2.41.1 or 1.123.x, see ./install.mjs) headless on
// loopback, with this repository's built package installed as a community package, and drives it
// over HTTP. What differs between the lines (owner, readiness, publish vs activate, manual runs,
// credential schema) is handled here, so one test runs on both.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIAL_BLANKING_VALUE } from 'n8n-workflow';
import { defaultLine, n8nPaths, type N8nLine } from './paths.mjs';
import { installCommunityPackage, type InstalledPackage } from './community-package.mts';
import { importCredentials } from './credentials.mts';
import { e2eOwner, instanceSecrets, n8nEnvironment, type Owner } from './environment.mts';
import { authCookie, pollUntil, requestJson, type Method } from './http.mts';
import { freePorts } from './ports.mts';
import { spawnGroup, type GroupProcess } from './process.mts';
import { seedDatabase } from './template-database.mts';
import type {
	CredentialTestResult,
	Execution,
	NewCredential,
	PublicationStatus,
	WorkflowDefinition,
} from './types.mts';

const SETTLED = new Set(['success', 'error', 'canceled', 'crashed']);
const BROWSER_ID = 'clio-e2e-browser';

export interface StartOptions {
	/** The n8n line: '2' (2.41.1) or '1' (1.123.x). Default: CLIO_N8N_LINE, else '2'. */
	line?: N8nLine;
	/** Repository root holding package.json and dist/ (the built package). Omit to start without it. */
	packageDir?: string;
	port?: number;
	/** Reuse a folder (and its database); by default a fresh one under os.tmpdir(). */
	userFolder?: string;
	/** Extra or overriding environment variables for n8n. */
	env?: Record<string, string>;
	/** Credentials written with `n8n import:credentials` before the first start (plain data). */
	importCredentials?: Array<NewCredential & { id: string }>;
	startTimeoutMs?: number;
	/** Echo n8n's output to this process's stderr. Also on with CLIO_E2E_VERBOSE=1. */
	verbose?: boolean;
	/** The owner account; by default one with a random password per process. */
	owner?: Owner;
}

export interface ExecutionQuery {
	status?: string;
	includeData?: boolean;
	limit?: number;
}

export interface N8n {
	line: N8nLine;
	/** The n8n version running, e.g. 2.41.1. */
	version: string;
	baseUrl: string;
	webhookBaseUrl: string;
	apiKey: string;
	ownerEmail: string;
	ownerPassword: string;
	userFolder: string;
	installedPackage?: InstalledPackage;
	/** Milliseconds the last (re)start took until n8n was ready. */
	startupMs: number;
	api<T>(method: Method, path: string, body?: unknown): Promise<T>;
	/** The owner's session headers (cookie, browser id), for requests a browser would make. */
	sessionHeaders(): Record<string, string>;
	/** /rest with the owner's cookie; answers `{ data }` are unwrapped. */
	rest<T>(method: Method, path: string, body?: unknown): Promise<T>;
	createCredential(cred: NewCredential): Promise<{ id: string }>;
	/** Writes credentials with the CLI (plain data is encrypted with the instance key). */
	importCredentials(creds: Array<NewCredential & { id: string }>): Promise<void>;
	/** n8n's own credential test (`POST /rest/credentials/test`) for a stored credential. */
	testCredential(id: string): Promise<CredentialTestResult>;
	createWorkflow(wf: WorkflowDefinition): Promise<{ id: string }>;
	/** Publishes (2.x) or activates (1.x) the workflow and waits until its triggers are live. */
	publish(id: string, timeoutMs?: number): Promise<void>;
	/** Unpublishes (2.x) or deactivates (1.x) the workflow. */
	unpublish(id: string): Promise<void>;
	/** 2.x only: the publication service's state of the workflow. */
	publicationStatus(id: string): Promise<PublicationStatus>;
	executions(workflowId: string, opts?: ExecutionQuery): Promise<Execution[]>;
	/** Waits until at least `count` executions of the workflow have finished; oldest first. */
	waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<Execution[]>;
	/** Runs the saved workflow from a Manual Trigger node and waits for it to finish. */
	runManually(workflowId: string, triggerNodeName?: string, timeoutMs?: number): Promise<Execution>;
	execution(id: string): Promise<Execution>;
	restart(): Promise<void>;
	/** Kills the process group; removes the temporary user folder (unless CLIO_E2E_KEEP=1). */
	stop(): Promise<void>;
	logs(): string;
	/** Process group id of the running n8n (undefined once stopped). */
	pid(): number | undefined;
	/**
	 * Starts another n8n command (`worker`, `webhook`) with this instance's environment, user folder
	 * and package, plus `env`; its full log goes to `<user folder>/<logName>.log`.
	 */
	spawn(args: string[], env: Record<string, string>, logName: string): GroupProcess;
}

export async function startN8n(opts: StartOptions = {}): Promise<N8n> {
	const line = opts.line ?? defaultLine();
	const paths = n8nPaths(line);
	if (!existsSync(paths.readyMarker) || !existsSync(paths.nodeBinary)) {
		throw new Error(
			`n8n ${paths.version} is not installed in ${paths.root}; run \`node local-n8n/install.mjs ${line}\` first`,
		);
	}
	const ownsFolder = opts.userFolder === undefined;
	const userFolder = opts.userFolder ?? mkdtempSync(join(tmpdir(), 'clio-n8n-'));
	mkdirSync(join(userFolder, '.n8n'), { recursive: true });
	const installedPackage = opts.packageDir
		? installCommunityPackage(opts.packageDir, userFolder)
		: undefined;
	const [port, brokerPort] = opts.port
		? [opts.port, (await freePorts(2)).find((p) => p !== opts.port) as number]
		: await freePorts(2);
	const owner = opts.owner ?? e2eOwner();
	const secrets = instanceSecrets(userFolder);
	const env = n8nEnvironment({
		line,
		userFolder,
		port,
		brokerPort,
		secrets,
		nodeBinDir: paths.nodeBinDir,
		owner,
		overrides: opts.env,
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const verbose = opts.verbose ?? process.env.CLIO_E2E_VERBOSE === '1';
	// generous: a busy 2-core machine has seen n8n 1.x take well over a minute to start
	const startTimeoutMs = opts.startTimeoutMs ?? 300_000;
	const logFile = join(userFolder, 'n8n.log');
	const cli = (args: string[], cliEnv = env, cwd = userFolder): GroupProcess =>
		spawnGroup(paths.nodeBinary, [paths.n8nBin, ...args], {
			cwd,
			env: cliEnv,
			logFile: cliEnv === env ? logFile : undefined,
			onOutput: verbose ? (text) => process.stderr.write(text) : undefined,
		});

	let proc: GroupProcess | undefined;
	let cookie = '';
	let apiKey = '';
	let startupMs = 0;

	const logs = (): string => proc?.logs() ?? '';
	const fail = (message: string): Error =>
		new Error(`${message}\n--- n8n log tail ---\n${logs().slice(-8000)}`);

	async function login(): Promise<void> {
		const response = await requestJson<unknown>('POST', `${baseUrl}/rest/login`, {
			body: { emailOrLdapLoginId: owner.email, password: owner.password },
			headers: { 'browser-id': BROWSER_ID },
		});
		cookie = authCookie(response.headers);
	}

	// 2.x: /healthz/readiness and the start-up banner. 1.x answers readiness before its REST routes
	// exist, so it waits for /rest/settings, and creates the owner there (no owner from env).
	async function isReady(current: GroupProcess): Promise<boolean> {
		if (line === '2') {
			const response = await fetch(`${baseUrl}/healthz/readiness`);
			await response.text();
			return response.status === 200 && current.logs().includes('Editor is now accessible');
		}
		const response = await fetch(`${baseUrl}/rest/settings`);
		if (response.status !== 200) {
			await response.text();
			return false;
		}
		const settings = (await response.json()) as {
			data: { userManagement: { showSetupOnFirstLoad?: boolean } };
		};
		if (settings.data.userManagement.showSetupOnFirstLoad) {
			await requestJson('POST', `${baseUrl}/rest/owner/setup`, {
				body: { email: owner.email, password: owner.password, firstName: 'E2E', lastName: 'Owner' },
				headers: { 'browser-id': BROWSER_ID },
			});
		}
		return true;
	}

	async function launch(): Promise<void> {
		const started = Date.now();
		const current = cli(['start']);
		proc = current;
		const exitedEarly = current.exited.then((code) => {
			throw fail(`n8n exited during start-up (${code})`);
		});
		const ready = pollUntil('n8n readiness', startTimeoutMs, async () => {
			if (!(await isReady(current))) return undefined;
			await login();
			return true;
		});
		try {
			await Promise.race([ready, exitedEarly]);
		} catch (error) {
			await current.stop(2_000);
			throw error instanceof Error && error.message.includes('--- n8n log tail ---')
				? error
				: fail(error instanceof Error ? error.message : String(error));
		}
		exitedEarly.catch(() => undefined);
		startupMs = Date.now() - started;
	}

	async function createApiKey(): Promise<string> {
		// A kept user folder already has the key of an earlier start: replace it (labels are unique).
		type Key = { id: string; label: string };
		const listed = await rest<Key[] | { items?: Key[]; apiKeys?: Key[] }>('GET', '/api-keys');
		const existing = Array.isArray(listed) ? listed : (listed.items ?? listed.apiKeys ?? []);
		for (const key of existing.filter((entry) => entry.label === 'e2e')) {
			await rest('DELETE', `/api-keys/${key.id}`);
		}
		const scopes = await rest<string[]>('GET', '/api-keys/scopes');
		const created = await rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label: 'e2e',
			scopes,
			expiresAt: null,
		});
		return created.rawApiKey;
	}

	async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
		const response = await requestJson<T>(method, `${baseUrl}/api/v1${path}`, {
			body,
			headers: { 'x-n8n-api-key': apiKey },
		});
		return response.body;
	}

	async function rest<T>(method: Method, path: string, body?: unknown): Promise<T> {
		const response = await requestJson<unknown>(method, `${baseUrl}/rest${path}`, {
			body,
			headers: { cookie, 'browser-id': BROWSER_ID },
		});
		const payload = response.body;
		if (payload && typeof payload === 'object' && 'data' in payload) {
			return (payload as { data: T }).data;
		}
		return payload as T;
	}

	async function runCli(args: string[], cliEnv = env, cwd = userFolder): Promise<void> {
		const child = cli(args, cliEnv, cwd);
		const code = await child.exited;
		if (code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (${code}):\n${child.logs().slice(-4000)}`);
		}
	}

	/** Every execution of the workflow (all pages of the public API), oldest first. */
	async function executions(workflowId: string, q: ExecutionQuery = {}): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const params = new URLSearchParams({
				workflowId,
				includeData: String(q.includeData ?? true),
				limit: String(q.limit ?? 250),
			});
			if (q.status) params.set('status', q.status);
			if (cursor) params.set('cursor', cursor);
			const page = await api<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${params}`,
			);
			all.push(...page.data);
			cursor = q.limit === undefined ? (page.nextCursor ?? undefined) : undefined;
		} while (cursor);
		return all.sort((a, b) => Number(a.id) - Number(b.id));
	}

	async function execution(id: string): Promise<Execution> {
		return await api<Execution>('GET', `/executions/${id}?includeData=true`);
	}

	async function publicationStatus(id: string): Promise<PublicationStatus> {
		return await rest<PublicationStatus>('GET', `/workflows/${id}/publication-status`);
	}

	// The public API validates credential data against the type's schema. On 1.x that schema also
	// requires OAuth2's hidden fields (server URL, extra body properties) that the editor fills in;
	// they get the values the editor would save.
	async function credentialSchemaDefaults(cred: NewCredential): Promise<Record<string, unknown>> {
		if (line === '2') return cred.data;
		interface Schema {
			required?: string[];
			properties?: Record<string, { type?: string }>;
			allOf?: Schema[];
			then?: Schema;
			else?: Schema;
		}
		const schema = await api<Schema>('GET', `/credentials/schema/${cred.type}`);
		const types = new Map(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, v.type]));
		const required = new Set<string>();
		const walk = (part: Schema | undefined): void => {
			if (!part) return;
			for (const name of part.required ?? []) required.add(name);
			for (const sub of [...(part.allOf ?? []), part.then, part.else]) walk(sub);
		};
		walk(schema);
		const data = { ...cred.data };
		for (const name of required) {
			if (name in data) continue;
			const type = types.get(name);
			data[name] = type === 'boolean' ? false : type === 'number' ? 0 : '';
		}
		return data;
	}

	// The template is an SQLite file; a PostgreSQL instance migrates its own database.
	if ((env.DB_TYPE ?? 'sqlite') === 'sqlite')
		await seedDatabase(userFolder, {
			cacheRoot: paths.root,
			n8nVersion: paths.version,
			runCli: (folder, args) =>
				runCli(
					args,
					{ ...env, N8N_USER_FOLDER: folder, N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'false' },
					folder,
				),
		});
	if (opts.importCredentials?.length) {
		await importCredentials(opts.importCredentials, userFolder, runCli);
	}
	await launch();
	try {
		apiKey = await createApiKey();
	} catch (error) {
		await proc?.stop();
		throw error;
	}

	const instance: N8n = {
		line,
		version: paths.version,
		baseUrl,
		webhookBaseUrl: `${baseUrl}/webhook`,
		get apiKey() {
			return apiKey;
		},
		ownerEmail: owner.email,
		ownerPassword: owner.password,
		userFolder,
		installedPackage,
		get startupMs() {
			return startupMs;
		},
		api,
		rest,
		sessionHeaders: () => ({ cookie, 'browser-id': BROWSER_ID }),
		async createCredential(cred) {
			const created = await api<{ id: string }>('POST', '/credentials', {
				...cred,
				data: await credentialSchemaDefaults(cred),
			});
			return { id: created.id };
		},
		async importCredentials(creds) {
			await importCredentials(creds, userFolder, runCli);
		},
		async testCredential(id) {
			const stored = await rest<{ id: string; name: string; type: string; data: object }>(
				'GET',
				`/credentials/${id}?includeData=true`,
			);
			// GET answers `oauthTokenData: true`; the blanking sentinel makes the test merge the stored token.
			const data = { ...stored.data } as Record<string, unknown>;
			if (data.oauthTokenData === true) data.oauthTokenData = CREDENTIAL_BLANKING_VALUE;
			return await rest<CredentialTestResult>('POST', '/credentials/test', {
				credentials: { id: stored.id, name: stored.name, type: stored.type, data },
			});
		},
		async createWorkflow(wf) {
			const created = await api<{ id: string }>('POST', '/workflows', {
				settings: { executionOrder: 'v1' },
				...wf,
			});
			return { id: created.id };
		},
		async publish(id, timeoutMs = 60_000) {
			if (line === '1') {
				// 1.x activates synchronously: the triggers are live (or the error is here) on return.
				await api('POST', `/workflows/${id}/activate`, {}).catch((error: Error) => {
					throw fail(`activating workflow ${id} failed: ${error.message}`);
				});
				return;
			}
			const published = await api<{ activeVersionId?: string | null }>(
				'POST',
				`/workflows/${id}/publish`,
				{},
			);
			const versionId = published.activeVersionId ?? undefined;
			const final = await pollUntil(`publication of workflow ${id}`, timeoutMs, async () => {
				const status = await publicationStatus(id);
				if (status.status === 'in_progress' || status.status === 'not_published') return undefined;
				if (status.status === 'published' && versionId && status.liveVersionId !== versionId) {
					return undefined;
				}
				return status;
			}).catch((error: Error) => {
				throw fail(error.message);
			});
			if (final.status !== 'published') {
				const errors = final.triggers
					.filter((t) => t.errorMessage)
					.map((t) => `${t.nodeId}: ${t.errorMessage}`);
				throw fail(`publishing workflow ${id} ended ${final.status}: ${errors.join('; ')}`);
			}
		},
		async unpublish(id) {
			if (line === '1') {
				await api('POST', `/workflows/${id}/deactivate`, {});
				return;
			}
			await api('POST', `/workflows/${id}/unpublish`, {});
			await pollUntil(`unpublication of workflow ${id}`, 30_000, async () => {
				const status = await publicationStatus(id);
				return status.status === 'not_published' ? true : undefined;
			});
		},
		publicationStatus,
		executions,
		execution,
		async waitForExecutions(workflowId, count, timeoutMs = 30_000) {
			return await pollUntil(
				`${count} finished execution(s) of workflow ${workflowId}`,
				timeoutMs,
				async () => {
					// Polled without data (1.x keeps binary data inside the record), read once settled.
					const list = await executions(workflowId, { includeData: false });
					const settled = list.filter((e) => SETTLED.has(e.status));
					if (settled.length < count) return undefined;
					return await Promise.all(settled.map((entry) => execution(entry.id)));
				},
				500,
			).catch((error: Error) => {
				throw fail(error.message);
			});
		},
		async runManually(workflowId, triggerNodeName = 'Manual Trigger', timeoutMs = 30_000) {
			// 1.x runs the workflow the editor sends along; 2.x reads the saved one.
			const workflowData =
				line === '1'
					? await rest<Record<string, unknown>>('GET', `/workflows/${workflowId}`)
					: undefined;
			const started = await rest<{ executionId?: string }>('POST', `/workflows/${workflowId}/run`, {
				...(workflowData ? { workflowData } : {}),
				triggerToStartFrom: { name: triggerNodeName },
			});
			const executionId = started.executionId;
			if (!executionId) throw fail(`manual run of ${workflowId} returned no execution id`);
			return await pollUntil(`manual execution ${executionId}`, timeoutMs, async () => {
				const result = await execution(executionId);
				return SETTLED.has(result.status) ? result : undefined;
			}).catch((error: Error) => {
				throw fail(error.message);
			});
		},
		async restart() {
			await proc?.stop();
			await launch();
		},
		async stop() {
			await proc?.stop();
			if (ownsFolder && process.env.CLIO_E2E_KEEP !== '1') {
				rmSync(userFolder, { recursive: true, force: true });
			}
		},
		logs,
		pid: () => (proc?.isRunning() ? proc.pid : undefined),
		spawn(args, extraEnv, logName) {
			return spawnGroup(paths.nodeBinary, [paths.n8nBin, ...args], {
				cwd: userFolder,
				env: { ...env, ...extraEnv },
				logFile: join(userFolder, `${logName}.log`),
				onOutput: verbose ? (text) => process.stderr.write(text) : undefined,
			});
		},
	};
	return instance;
}
