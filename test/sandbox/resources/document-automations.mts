import { perSandbox, recordFields, type SandboxContext } from '../context.mts';
import { common, findOr404 } from '../filters.mts';
import type { Rec } from '../store.mts';
import { contactName } from './contacts.mts';
import { templateKey } from './document-templates.mts';
import { createStoredDocument } from './document-versions.mts';
import { objectStorage } from './storage.mts';

type Json = Record<string, any>;

/**
 * Document automation (api-facts §6.9): POST /document_automations queues the generation of a
 * template for a matter; it runs asynchronously (queued → in_progress → completed, or failed /
 * empty) and a completed automation lists the documents it put in the matter's folder.
 *
 * Progress is controllable: an automation finishes on its `polls`-th GET (the earlier ones show
 * `in_progress`) or once `delayMs` has passed — on the sandbox clock or in real time — whichever
 * comes first (defaults: 2 polls, 2000 ms, outcome `completed`).
 *
 * Clio also generates documents when a matter enters a stage that has automation attached; the
 * sandbox does so for the stages given to `generateOnStage`.
 */

export type AutomationOutcome = 'completed' | 'failed' | 'empty';

export interface AutomationPolicy {
	/** The GET of the automation that shows it finished (earlier GETs show `in_progress`). */
	polls: number;
	/** Time after creation at which it finishes without being polled. */
	delayMs: number;
	outcome: AutomationOutcome;
}

export interface StageGeneration {
	/** When a matter's stage changes to this stage … */
	stageId: number;
	/** … after this many ms (real time; default 1000) … */
	delayMs?: number;
	/** … documents with these names appear in the matter's folder. */
	names: string[];
}

export interface AutomationControls {
	/** How automations created from now on progress (see the module comment). */
	automations(policy: Partial<AutomationPolicy>): void;
	/** Generates documents when a matter moves into a stage, after a delay. */
	generateOnStage(rule: StageGeneration): void;
	/** Finishes every pending automation and stage generation now. */
	flush(): Promise<void>;
	/** Resolves once no automation or stage generation is pending. */
	idle(): Promise<void>;
}

const DEFAULT_POLICY: AutomationPolicy = { polls: 2, delayMs: 2000, outcome: 'completed' };

interface Job {
	timer: NodeJS.Timeout;
	/** Runs the job now (once); resolves when it has finished. */
	start: () => Promise<void>;
	done: Promise<void>;
}

class Automations {
	policy: AutomationPolicy = { ...DEFAULT_POLICY };
	readonly rules: StageGeneration[] = [];
	private readonly jobs = new Map<string, Job>();
	private seq = 0;

	constructor(private readonly ctx: SandboxContext) {
		ctx.onClose(() => {
			for (const job of this.jobs.values()) clearTimeout(job.timer);
			this.jobs.clear();
		});
		ctx.store.events.on('change', ({ table, event, record, previous }) => {
			if (table !== 'matters' || event !== 'updated' || !previous) return;
			if (record.matter_stage_id === previous.matter_stage_id) return;
			for (const rule of this.rules) {
				if (rule.stageId !== record.matter_stage_id) continue;
				this.schedule(`stage-${++this.seq}`, rule.delayMs ?? 1000, () =>
					this.generateForStage(record, rule),
				);
			}
		});
	}

	/** Runs `run` after `delayMs` unless something starts it earlier. */
	schedule(id: string, delayMs: number, run: () => void | Promise<void>): void {
		let started: Promise<void> | undefined;
		let finished!: () => void;
		const done = new Promise<void>((resolve) => (finished = resolve));
		const start = () =>
			(started ??= (async () => {
				clearTimeout(job.timer);
				try {
					await run();
				} catch (err) {
					if (!this.ctx.options.quiet) console.error('sandbox: document job failed', err);
				} finally {
					this.jobs.delete(id);
					finished();
				}
			})());
		const job: Job = { timer: setTimeout(start, delayMs), start, done };
		job.timer.unref();
		this.jobs.set(id, job);
	}

	/** Runs a pending job now (an automation that finished by being polled). */
	runNow(id: string): Promise<void> {
		return this.jobs.get(id)?.start() ?? Promise.resolve();
	}

	async flush(): Promise<void> {
		await Promise.all([...this.jobs.values()].map((j) => j.start()));
	}

	async idle(): Promise<void> {
		while (this.jobs.size) await Promise.all([...this.jobs.values()].map((j) => j.done));
	}

	/** Merge fields filled from the matter (api-facts §6.9: Clio merges matter data). */
	merge(text: string, matter: Rec): string {
		const { store } = this.ctx;
		const client = store.contacts.get(matter.client_id);
		const attorney = store.users.get(matter.responsible_attorney_id);
		const values: Record<string, string> = {
			'Matter.DisplayNumber': matter.display_number,
			'Matter.Description': matter.description ?? '',
			'Matter.Client.Name': client ? contactName(client) : '',
			'Matter.ResponsibleAttorney.Name': attorney
				? `${attorney.first_name} ${attorney.last_name}`
				: '',
			Today: this.ctx.clock.today(),
		};
		return text.replace(/<<([A-Za-z.]+)>>/g, (m, name: string) => values[name] ?? m);
	}

	private generateForStage(matter: Rec, rule: StageGeneration) {
		const { store } = this.ctx;
		const folder = store.folders.get(matter.folder_id);
		if (!folder) return;
		const stage = store.matterStages.get(rule.stageId);
		for (const name of rule.names) {
			createStoredDocument(this.ctx, {
				name,
				folder,
				userId: matter.responsible_attorney_id ?? 1,
				content: Buffer.from(
					this.merge(
						`${name}\nGenerated when the matter entered stage "${stage?.name ?? rule.stageId}".\nMatter: <<Matter.DisplayNumber>> — <<Matter.Description>>\nClient: <<Matter.Client.Name>>\n`,
						matter,
					),
				),
			});
		}
	}
}

const automations = perSandbox((ctx) => new Automations(ctx));

export function automationControls(ctx: SandboxContext): AutomationControls {
	const a = automations(ctx);
	return {
		automations: (policy) => {
			a.policy = { ...a.policy, ...policy };
		},
		generateOnStage: (rule) => {
			a.rules.push(rule);
		},
		flush: () => a.flush(),
		idle: () => a.idle(),
	};
}

const FINAL = new Set(['completed', 'failed', 'empty']);

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors, clock } = ctx;
	const runtime = automations(ctx);
	const storage = objectStorage(ctx);
	const table = () => store.table('document_automations');
	const jobId = (a: Rec) => `automation-${a.id}`;

	views.define('DocumentAutomation', 'document_automations', (a: Rec) => ({
		fields: {
			...recordFields(a),
			state: a.state,
			// The spec types export_formats as one string but describes "an array of what formats
			// were requested"; the array is what was sent.
			export_formats: a.export_formats,
			filename: a.filename,
		},
		assoc: {
			matter: () => views.byId('Matter', a.matter_id),
			document_template: () => views.byId('DocumentTemplate', a.document_template_id),
			documents: () =>
				(a.document_ids as number[])
					.map((id) => views.byId('Document', id))
					.filter((v) => v !== null),
		},
	}));

	/** Generates the documents (one per requested format) and records the outcome. */
	async function finish(a: Rec): Promise<void> {
		if (FINAL.has(a.state)) return;
		const matter = store.matters.get(a.matter_id);
		const template = store.table('document_templates').get(a.document_template_id);
		const folder = matter && store.folders.get(matter.folder_id);
		const source = template && (await storage.read(templateKey(template)));
		let outcome: AutomationOutcome = a.outcome;
		const ids: number[] = [];
		if (outcome === 'completed' && (!matter || !template || !folder || !source)) outcome = 'failed';
		if (outcome === 'completed' && matter && template && folder && source) {
			const merged = runtime.merge(source.toString('utf8'), matter);
			const templateExt = /\.[^.]+$/.exec(template.filename)?.[0] ?? '';
			for (const format of a.export_formats as string[]) {
				const ext = format === 'pdf' ? '.pdf' : templateExt;
				const name = a.filename.toLowerCase().endsWith(ext.toLowerCase())
					? a.filename
					: `${a.filename}${ext}`;
				const content = format === 'pdf' ? `%PDF-1.4\n${merged}%%EOF\n` : merged;
				const doc = createStoredDocument(ctx, {
					name,
					folder,
					userId: a.user_id,
					content: Buffer.from(content),
					content_type: format === 'pdf' ? 'application/pdf' : template.content_type,
					document_category_id: template.document_category_id,
				});
				ids.push(doc.id);
			}
		}
		store.update('document_automations', a, (x) => {
			x.state = outcome;
			x.document_ids = ids;
		});
	}

	/** Moves an automation along (see the module comment); `poll` counts a GET of it. */
	async function progress(a: Rec, poll: boolean): Promise<void> {
		if (FINAL.has(a.state)) return;
		if (poll) a.polls++;
		const elapsed = clock.now().getTime() - Date.parse(a.created_at);
		if (a.polls >= a.policy.polls || elapsed >= a.policy.delayMs) {
			await runtime.runNow(jobId(a));
		} else if (a.polls > 0 && a.state !== 'in_progress') {
			store.update('document_automations', a, (x) => (x.state = 'in_progress'));
		}
	}

	ctx.route('GET', '/document_automations.json', async (req) => {
		await Promise.all([...table().values()].map((a) => progress(a, false)));
		return respond.list(req, common(table().values(), req.query), (a) =>
			views.of('DocumentAutomation', a),
		);
	});

	ctx.route('GET', '/document_automations/{id}.json', async (req) => {
		const a = findOr404(table(), req.params.id);
		await progress(a, true);
		return respond.one(req, views.of('DocumentAutomation', a, req.query));
	});

	ctx.route('POST', '/document_automations.json', (req) => {
		const d = req.body?.data as Json;
		if (!store.table('document_templates').has(d.document_template.id)) {
			throw errors.validation('Document template must exist');
		}
		if (!store.matters.has(d.matter.id)) throw errors.validation('Matter must exist');
		if (!String(d.filename).trim()) throw errors.validation("Filename can't be blank");
		const formats = [...new Set(d.formats as string[])];
		if (!formats.length) throw errors.validation("Formats can't be blank");
		const a = store.insert('document_automations', {
			state: 'queued',
			export_formats: formats,
			filename: d.filename,
			matter_id: d.matter.id,
			document_template_id: d.document_template.id,
			document_ids: [],
			user_id: req.userId,
			polls: 0,
			policy: { ...runtime.policy },
			outcome: runtime.policy.outcome,
		});
		runtime.schedule(jobId(a), a.policy.delayMs, () => finish(a));
		return respond.one(req, views.of('DocumentAutomation', a), 201);
	});
}
