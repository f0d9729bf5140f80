import type { AddressInfo } from 'node:net';
import { createClock } from './clock.mts';
import { createResponder, Views, type ResourceModule, type SandboxContext } from './context.mts';
import { errors } from './errors.mts';
import { createFaults } from './faults.mts';
import { parseFields, project } from './fields.mts';
import { findOr404 } from './filters.mts';
import { createLog, type RequestLog } from './log.mts';
import { createOAuth } from './oauth.mts';
import { paginate } from './paging.mts';
import { createRateLimiter } from './rate-limit.mts';
import { seedStore } from './seed.mts';
import { createSandboxServer, Router } from './server.mts';
import { findOperation, operations } from './spec.mts';
import { Store } from './store.mts';
import * as contacts from './resources/contacts.mts';
import * as customFields from './resources/custom-fields.mts';
import * as folders from './resources/folders.mts';
import * as matterStages from './resources/matter-stages.mts';
import * as matters from './resources/matters.mts';
import * as notes from './resources/notes.mts';
import * as practiceAreas from './resources/practice-areas.mts';
import * as tasks from './resources/tasks.mts';
import * as users from './resources/users.mts';
import * as webhooks from './resources/webhooks.mts';
import * as storage from './resources/storage.mts';
import * as documents from './resources/documents.mts';
import * as documentVersions from './resources/document-versions.mts';
import * as documentTemplates from './resources/document-templates.mts';
import * as documentAutomations from './resources/document-automations.mts';
import * as chatModel from './resources/chat-model.mts';
import * as calendars from './resources/calendars.mts';
import * as calendarEntries from './resources/calendar-entries.mts';
import * as activityDescriptions from './resources/activity-descriptions.mts';
import * as expenseCategories from './resources/expense-categories.mts';
import * as activities from './resources/activities.mts';
import * as bills from './resources/bills.mts';
import * as communications from './resources/communications.mts';
import * as relationships from './resources/relationships.mts';
import type {
	Clock,
	FaultRule,
	RateLimitOptions,
	RetryAfterFormat,
	SandboxOptions,
	SpecReadings,
	TokenSet,
} from './types.mts';

export type { LogEntry, FaultRule, SandboxOptions, SpecReadings } from './types.mts';
export type { SandboxContext, ApiRequest, ApiResult, ResourceModule } from './context.mts';
export type { Store, Rec } from './store.mts';

export const CLIENT_ID = 'sandbox-client-id';
export const CLIENT_SECRET = 'sandbox-client-secret';

/** Resource modules, one per Clio resource; each registers its routes on the context. */
export const RESOURCES: ResourceModule[] = [
	users.register,
	practiceAreas.register,
	matterStages.register,
	customFields.register,
	folders.register,
	contacts.register,
	matters.register,
	tasks.register,
	notes.register,
	communications.register,
	bills.register,
	relationships.register,
	webhooks.register,
	storage.register,
	documentVersions.register,
	documents.register,
	documentTemplates.register,
	documentAutomations.register,
	chatModel.register,
	calendars.register,
	calendarEntries.register,
	activityDescriptions.register,
	expenseCategories.register,
	activities.register,
];

export interface Sandbox {
	url: string;
	apiBase: string;
	clientId: string;
	clientSecret: string;
	issueTokens(): TokenSet;
	/** Accepts an access and refresh token pair issued by an earlier sandbox run. */
	restoreTokens(saved: { access_token: string; refresh_token: string }): TokenSet;
	clock: Pick<Clock, 'now' | 'advance' | 'set'>;
	log: RequestLog;
	faults: { add(rule: FaultRule): void; clear(): void };
	store: Store;
	/** The reading of each spec conflict in force; assign to switch while running. */
	readings: SpecReadings;
	/** Outbound webhook deliveries and controls (resources/webhooks.mts). */
	webhooks: webhooks.WebhookControls;
	/** Origin of the object storage behind upload/download URLs (resources/storage.mts). */
	storageUrl: string;
	/** Document automation, stage-triggered generation and upload helpers (resources/documents.mts). */
	documents: documents.DocumentControls;
	/** Bill state moves and new draft bills, made in Clio's screens rather than the API (resources/bills.mts). */
	bills: bills.BillControls;
	setRateLimit(rl: RateLimitOptions | false, retryAfter?: RetryAfterFormat): void;
	/** Registers more resource modules on the running sandbox. */
	use(...modules: ResourceModule[]): void;
	close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const clock = createClock(opts.now);
	const store = new Store(clock);
	const log = createLog();
	const faults = createFaults();
	const rateLimiter = createRateLimiter(
		opts.rateLimit === undefined ? { limit: 10000, windowMs: 60000 } : opts.rateLimit,
		opts.retryAfter ?? 'seconds',
	);
	const oauth = createOAuth({
		clock,
		ttlSeconds: opts.accessTokenTtlSeconds ?? 30 * 24 * 3600, // api-facts §2.2: 30 days
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
	});
	const readings: SpecReadings = { personName: 'lenient', noteTypeCasing: 'either', ...opts.readings };
	const router = new Router();
	let url = '';
	let storageUrl = '';
	let seeded: { seed: number; matters: number } | undefined;
	const afterSeed: ((seed: { seed: number; matters: number }) => void)[] = [];
	const closers: (() => void | Promise<void>)[] = [];

	const ctx: SandboxContext = {
		store,
		clock,
		errors,
		views: new Views(store),
		respond: createResponder(),
		paging: { paginate },
		fields: { parse: parseFields, project },
		route(method, specPath, handler) {
			const key = `${method.toUpperCase()} ${specPath}`;
			if (!operations().some((op) => op.key === key)) {
				throw new Error(`${key} is not an operation of the Clio spec`);
			}
			router.api.set(key, handler);
		},
		raw(method, path, kind, handler, rawOpts) {
			router.raw.unshift({ method: method.toUpperCase(), path, kind, handler, ...rawOpts });
		},
		storageUrl: () => storageUrl,
		afterSeed(fn) {
			if (seeded) fn(seeded);
			else afterSeed.push(fn);
		},
		onClose(fn) {
			closers.push(fn);
		},
		showRoute(resource, table) {
			ctx.route('GET', `/${table}/{id}.json`, (req) =>
				ctx.respond.one(
					req,
					ctx.views.of(resource, findOr404(store.table(table), req.params.id), req.query),
				),
			);
		},
		updateRoute(resource, table, prepare) {
			ctx.route('PATCH', `/${table}/{id}.json`, (req) => {
				const rec = findOr404(store.table(table), req.params.id);
				ctx.respond.ifMatch(req, rec);
				const mutate = prepare(rec, (req.body?.data ?? {}) as Record<string, any>, req);
				store.update(table, rec, mutate);
				return ctx.respond.one(req, ctx.views.of(resource, rec, req.query));
			});
		},
		deleteRoute(table) {
			ctx.route('DELETE', `/${table}/{id}.json`, (req) => {
				store.remove(table, findOr404(store.table(table), req.params.id).id);
				return ctx.respond.none();
			});
		},
		baseUrl: () => url,
		log,
		options: opts,
		readings,
	};

	ctx.raw('GET', '/oauth/authorize', 'oauth', oauth.authorizePage);
	ctx.raw('POST', '/oauth/authorize', 'oauth', oauth.authorizeDecision);
	ctx.raw('POST', '/oauth/token', 'oauth', oauth.tokenEndpoint);
	ctx.raw('POST', '/oauth/deauthorize', 'oauth', oauth.deauthorize);
	for (const register of RESOURCES) register(ctx);

	seeded = { seed: opts.seed ?? 1, matters: opts.matters ?? 1000 };
	seedStore(store, seeded);
	for (const fn of afterSeed.splice(0)) fn(seeded);

	const deps = { clock, log, faults, rateLimiter, oauth, quiet: opts.quiet ?? false };
	const listen = async (port: number) => {
		const server = createSandboxServer(router, deps, () => url);
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		return server;
	};
	const server = await listen(opts.port ?? 0);
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	// A second origin for storage URLs: clients must not send the Clio token there (api-facts §6.4).
	const storageServer = await listen(0);
	storageUrl = `http://127.0.0.1:${(storageServer.address() as AddressInfo).port}`;
	// Warm the operation index so the first request is not slower than the rest.
	findOperation('GET', '/users/who_am_i');

	return {
		url,
		apiBase: `${url}/api/v4`,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		issueTokens: () => oauth.issueTokens(),
		restoreTokens: (saved) => oauth.restoreTokens(saved),
		clock,
		log,
		faults,
		store,
		readings,
		setRateLimit: (rl, retryAfter) => rateLimiter.set(rl, retryAfter),
		use: (...modules) => modules.forEach((register) => register(ctx)),
		webhooks: webhooks.webhookControls(ctx),
		storageUrl,
		documents: documents.documentControls(ctx),
		bills: bills.billControls(ctx),
		close: async () => {
			await Promise.all(
				[server, storageServer].map(
					(s) =>
						new Promise<void>((resolve, reject) => {
							s.closeAllConnections();
							s.close((err) => (err ? reject(err) : resolve()));
						}),
				),
			);
			for (const fn of closers.splice(0)) await fn();
		},
	};
}
