import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, int, str, textMatch } from '../filters.mts';
import type { Rec } from '../store.mts';

type Json = Record<string, any>;

/**
 * Tasks (api-facts §9.2): `priority` is capitalised in bodies/responses (High|Normal|Low) but
 * lowercase in the list filter; `status` is lowercase everywhere.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors, clock } = ctx;

	const assigneeView = (t: Rec) => {
		const a = t.assignee as { id: number; type: string };
		const rec = a.type === 'User' ? store.users.get(a.id) : store.contacts.get(a.id);
		if (!rec) return null;
		const name =
			a.type === 'User'
				? `${rec.first_name} ${rec.last_name}`
				: views.of('Contact', rec).fields.name;
		return {
			fields: { id: a.id, etag: rec.etag, type: a.type, name, identifier: `${a.type}-${a.id}` },
		};
	};

	views.define('Task', 'tasks', (t: Rec) => ({
		fields: {
			...recordFields(t),
			name: t.name,
			status: t.status,
			description: t.description,
			description_text_type: t.description_text_type ?? 'plain_text',
			priority: t.priority,
			due_at: t.due_at ?? null,
			permission: t.permission,
			completed_at: t.completed_at ?? null,
			notify_completion: t.notify_completion ?? false,
			statute_of_limitations: t.statute_of_limitations ?? false,
			time_estimated: t.time_estimated ?? null,
			time_entries_count: 0,
		},
		assoc: {
			matter: () => views.byId('Matter', t.matter_id),
			assignee: () => assigneeView(t),
			assigner: () => views.byId('User', t.assigner_id),
		},
	}));

	function validate(d: Json) {
		if (d.assignee) {
			const table = d.assignee.type === 'User' ? store.users : store.contacts;
			if (!table.has(d.assignee.id)) throw errors.validation('Assignee must exist');
		}
		if (d.matter?.id && !store.matters.has(d.matter.id))
			throw errors.validation('Matter must exist');
	}

	function write(t: Rec, d: Json) {
		for (const k of [
			'name',
			'description',
			'description_text_type',
			'priority',
			'due_at',
			'permission',
			'notify_completion',
			'statute_of_limitations',
			'time_estimated',
		]) {
			if (d[k] !== undefined) t[k] = d[k];
		}
		if (d.assignee) t.assignee = { id: d.assignee.id, type: d.assignee.type };
		if (d.matter !== undefined) t.matter_id = d.matter?.id ?? null;
		if (d.status !== undefined && d.status !== t.status) {
			t.status = d.status;
			t.completed_at = d.status === 'complete' ? clock.iso() : null;
		}
	}

	ctx.route('GET', '/tasks.json', (req) => {
		const q = req.query;
		const matterId = int(q, 'matter_id');
		const assigneeId = int(q, 'assignee_id');
		const assigneeType = str(q, 'assignee_type');
		const statuses = (q['statuses[]'] as string[] | undefined) ?? str(q, 'status')?.split(',');
		const priority = str(q, 'priority');
		const complete = bool(q, 'complete');
		const clientId = int(q, 'client_id');
		const from = str(q, 'due_at_from');
		const to = str(q, 'due_at_to');
		const present = bool(q, 'due_at_present');
		const list = common(store.tasks.values(), q).filter(
			(t) =>
				(matterId === undefined || t.matter_id === matterId) &&
				(assigneeId === undefined || t.assignee.id === assigneeId) &&
				(!assigneeType || t.assignee.type.toLowerCase() === assigneeType) &&
				(!statuses || statuses.includes(t.status)) &&
				(!priority || t.priority.toLowerCase() === priority) &&
				(complete === undefined || (t.status === 'complete') === complete) &&
				(clientId === undefined || store.matters.get(t.matter_id)?.client_id === clientId) &&
				(!from || (t.due_at && t.due_at >= from)) &&
				(!to || (t.due_at && t.due_at <= to)) &&
				(present === undefined || Boolean(t.due_at) === present) &&
				textMatch(str(q, 'query'), t.name, t.description),
		);
		return respond.list(req, list, (t) => views.of('Task', t));
	});

	ctx.showRoute('Task', 'tasks');

	ctx.route('POST', '/tasks.json', (req) => {
		const d = req.body?.data as Json;
		validate(d);
		const draft = {
			id: store.nextId('tasks'),
			status: 'pending',
			priority: 'Normal',
			permission: 'public',
			assigner_id: req.userId,
			matter_id: null,
			completed_at: null,
		} as unknown as Rec;
		write(draft, d);
		const task = store.insert('tasks', draft);
		return respond.one(req, views.of('Task', task), 201);
	});

	ctx.updateRoute('Task', 'tasks', (_task, d) => {
		validate(d);
		return (t) => write(t, d);
	});

	ctx.deleteRoute('tasks');
}
