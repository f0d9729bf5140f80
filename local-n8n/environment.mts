// The environment n8n runs with: isolated user folder and ports, owner bootstrapped from env (2.x),
// nothing that reaches the internet, faster publication polling; per n8n line (1.x or 2.x).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSync } from 'bcryptjs';
import type { N8nLine } from './paths.mjs';

export interface Owner {
	email: string;
	password: string;
	passwordHash: string;
}

let owner: Owner | undefined;

/** The owner account n8n is started with, signing in with this password. */
export function ownerWithPassword(password: string): Owner {
	return { email: 'owner@example.com', password, passwordHash: hashSync(password, 10) };
}

/** A password n8n's own rules accept (8 or more characters, a digit and a capital letter). */
export function randomPassword(): string {
	return `Clio-${randomBytes(9).toString('base64url')}-9`;
}

/**
 * The login of a data folder kept between starts: the password `chosen` (N8N_OWNER_PASSWORD for
 * `npm start`), else the one made at the first start. Either is kept in the folder, so the next
 * start signs in the same way.
 */
export function folderOwner(userFolder: string, chosen?: string): Owner {
	const file = join(userFolder, 'clio-owner.json');
	const saved = existsSync(file)
		? (JSON.parse(readFileSync(file, 'utf8')) as { password?: string }).password
		: undefined;
	const password = chosen || saved || randomPassword();
	if (password !== saved) writeFileSync(file, JSON.stringify({ password }), { mode: 0o600 });
	return ownerWithPassword(password);
}

/** One owner per test process (bcrypt is slow in JS; hash once). */
export function e2eOwner(): Owner {
	owner ??= ownerWithPassword(randomPassword());
	return owner;
}

export interface InstanceSecrets {
	encryptionKey: string;
	jwtSecret: string;
}

/** Fresh secrets, keeping the encryption key of a reused user folder (its data is encrypted with it). */
export function instanceSecrets(userFolder: string): InstanceSecrets {
	const configFile = join(userFolder, '.n8n', 'config');
	const stored = existsSync(configFile)
		? (JSON.parse(readFileSync(configFile, 'utf8')) as { encryptionKey?: string }).encryptionKey
		: undefined;
	return {
		encryptionKey: stored ?? randomBytes(24).toString('hex'),
		jwtSecret: randomBytes(24).toString('hex'),
	};
}

// Modules a node package never touches; some call api.n8n.io, all cost start-up time. n8n refuses
// to start when this list names a module it does not know, so it is kept per line.
const UNUSED_MODULES: Record<N8nLine, string[]> = {
	2: [
		'agents',
		'agent-evals',
		'insights',
		'external-secrets',
		'oauth-server',
		'mcp',
		'mcp-registry',
		'provisioning',
		'breaking-changes',
		'source-control',
		'promotions',
		'chat-hub',
		'sso-oidc',
		'sso-saml',
		'log-streaming',
		'ldap',
		'quick-connect',
		'workflow-builder',
		'favorites',
		'instance-ai',
		'instance-registry',
		'otel',
		'token-exchange',
		'instance-version-history',
		'workflow-reviews',
		'engine-v2',
		'instance-reporting',
		'data-table',
	],
	1: [
		'insights',
		'external-secrets',
		'data-table',
		'mcp',
		'chat-hub',
		'provisioning',
		'breaking-changes',
	],
};

/** What differs between the lines at start-up. */
function lineEnvironment(line: N8nLine, owner: Owner): Record<string, string> {
	if (line === '1') {
		return {
			// 1.x has no owner from the environment (the runner calls POST /rest/owner/setup) and runs
			// Code nodes in-process unless task runners are switched on, as 2.x always has them.
			N8N_RUNNERS_ENABLED: 'true',
			// 1.x serves /rest/settings (its readiness signal and the owner set-up state) only with the UI
			N8N_DISABLE_UI: 'false',
		};
	}
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: owner.email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: owner.passwordHash,
		N8N_INSTANCE_OWNER_FIRST_NAME: 'E2E',
		N8N_INSTANCE_OWNER_LAST_NAME: 'Owner',
		// the publication outbox is polled every 15 s by default; the wait is pure latency here
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '250',
	};
}

export interface EnvironmentInput {
	line: N8nLine;
	userFolder: string;
	port: number;
	brokerPort: number;
	secrets: InstanceSecrets;
	nodeBinDir: string;
	owner: Owner;
	overrides?: Record<string, string>;
}

/** Variables of the parent that would leak into the instance (another n8n's config, DB, paths). */
function inheritedEnvironment(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL|GENERIC_TIMEZONE|NODE_OPTIONS|NODE_PATH)/.test(key)
		)
			continue;
		env[key] = value;
	}
	return env;
}

export function n8nEnvironment(input: EnvironmentInput): NodeJS.ProcessEnv {
	const base = `http://127.0.0.1:${input.port}/`;
	return {
		...inheritedEnvironment(),
		PATH: `${input.nodeBinDir}:${process.env.PATH ?? ''}`,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: input.userFolder,
		N8N_ENCRYPTION_KEY: input.secrets.encryptionKey,
		N8N_USER_MANAGEMENT_JWT_SECRET: input.secrets.jwtSecret,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(input.port),
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: base,
		N8N_EDITOR_BASE_URL: base,
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(input.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// offline: no telemetry, templates, banners, version checks, registry look-ups, AI
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_DISABLED_MODULES: UNUSED_MODULES[input.line].join(','),
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_DISABLE_UI: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...lineEnvironment(input.line, input.owner),
		...input.overrides,
	};
}
