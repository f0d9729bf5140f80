import {
	ACTIVITY_FIELDS,
	CALENDAR_ENTRY_FIELDS,
	BILL_FIELDS,
	COMMUNICATION_FIELDS,
	CONTACT_FIELDS,
	DOCUMENT_FIELDS,
	FOLDER_FIELDS,
	MATTER_FIELDS,
	TASK_FIELDS,
} from '../../clio/fields';

// The models a Clio webhook can watch (api-facts §8.2), with the list endpoint that reads the same
// records: it gives the "Fetch Test Event" sample and the catch-up after a lapse.

export interface WebhookModel {
	value: string;
	name: string;
	/** List endpoint, e.g. `/matters.json`; the record is `/matters/{id}.json`. */
	path: string;
	/** api-facts §8.2: created/updated/deleted, matters also matter_opened/pended/closed. */
	events: string[];
	/** What a delivery carries by default: few fields, since each watched field can fire `updated` (§8.7). */
	defaultFields: string;
	/** Fields used when the full record is fetched after a delivery. */
	recordFields: string;
	/** The list endpoint has `updated_since` (needed to catch up after a lapse). */
	updatedSince: boolean;
	/** The `order` giving the newest records first, where the list endpoint has one (api-facts §3.3). */
	newestFirst?: string;
	/** The list endpoint may be ordered by `updated_at` (api-facts §3.3). */
	orderByUpdatedAt: boolean;
}

const BASIC_EVENTS = ['created', 'updated', 'deleted'];

export const MATTER_EVENTS = [...BASIC_EVENTS, 'matter_opened', 'matter_pended', 'matter_closed'];

/** Payments have no `deleted` event (api-facts §8.2). */
export const PAYMENT_EVENTS = ['created', 'updated'];

export const WEBHOOK_MODELS: WebhookModel[] = [
	{
		value: 'matter',
		newestFirst: 'updated_at(desc)',
		name: 'Matter',
		path: '/matters.json',
		events: MATTER_EVENTS,
		defaultFields:
			'id,etag,display_number,description,status,updated_at,client{id,name},matter_stage{id,name},practice_area{id,name}',
		recordFields: MATTER_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: true,
	},
	{
		value: 'activity',
		newestFirst: 'updated_at(desc)',
		name: 'Activity (Time or Expense Entry)',
		path: '/activities.json',
		events: BASIC_EVENTS,
		// The fields of the polling event and the Clio node, so a delivery has the same shape, hours
		// (quantity_in_hours) next to Clio's seconds (quantity) included.
		defaultFields: ACTIVITY_FIELDS,
		recordFields: ACTIVITY_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: true,
	},
	{
		value: 'bill',
		newestFirst: 'id(desc)',
		name: 'Bill',
		path: '/bills.json',
		events: BASIC_EVENTS,
		// The fields of the polling event and the Clio node, so a delivery has the same shape.
		defaultFields: BILL_FIELDS,
		recordFields: BILL_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: false,
	},
	{
		value: 'calendar_entry',
		name: 'Calendar Entry',
		path: '/calendar_entries.json',
		events: BASIC_EVENTS,
		// The fields of the polling event and the Clio node, so a delivery has the same shape.
		defaultFields: CALENDAR_ENTRY_FIELDS,
		recordFields: CALENDAR_ENTRY_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: false,
	},
	{
		value: 'communication',
		newestFirst: 'id(desc)',
		name: 'Communication',
		path: '/communications.json',
		events: BASIC_EVENTS,
		// The fields of the polling event and the Clio node, so a delivery has the same shape.
		defaultFields: COMMUNICATION_FIELDS,
		recordFields: COMMUNICATION_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: false,
	},
	{
		value: 'contact',
		newestFirst: 'id(desc)',
		name: 'Contact',
		path: '/contacts.json',
		events: BASIC_EVENTS,
		defaultFields:
			'id,etag,name,type,primary_email_address,primary_phone_number,is_client,updated_at',
		recordFields: CONTACT_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: false,
	},
	{
		value: 'document',
		newestFirst: 'updated_at(desc)',
		name: 'Document',
		path: '/documents.json',
		events: BASIC_EVENTS,
		defaultFields:
			'id,etag,name,filename,content_type,size,created_at,updated_at,parent{id,name},matter{id,display_number}',
		recordFields: DOCUMENT_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: true,
	},
	{
		value: 'folder',
		newestFirst: 'id(desc)',
		name: 'Folder',
		path: '/folders.json',
		events: BASIC_EVENTS,
		defaultFields: 'id,etag,name,created_at,updated_at,parent{id,name},matter{id,display_number}',
		recordFields: FOLDER_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: false,
	},
	{
		value: 'task',
		newestFirst: 'id(desc)',
		name: 'Task',
		path: '/tasks.json',
		events: BASIC_EVENTS,
		defaultFields:
			'id,etag,name,status,priority,due_at,completed_at,updated_at,matter{id,display_number},assignee{id,name}',
		recordFields: TASK_FIELDS,
		updatedSince: true,
		orderByUpdatedAt: false,
	},
	{
		value: 'clio_payments_payment',
		name: 'Clio Payments Payment',
		path: '/clio_payments/payments.json',
		events: PAYMENT_EVENTS,
		defaultFields: 'id,amount,currency,state,description,created_at,updated_at,contact{id,name}',
		recordFields:
			'id,amount,currency,state,description,confirmation_number,email_address,created_at,updated_at,contact{id,name},bills{id,number},matters{id,display_number}',
		// api-facts §8.1 lists no `updated_since` for payments: a lapse cannot be caught up.
		updatedSince: false,
		orderByUpdatedAt: false,
	},
];

export function webhookModel(value: string): WebhookModel | undefined {
	return WEBHOOK_MODELS.find((model) => model.value === value);
}

/** The record's own path, e.g. `/matters/12.json`. */
export function recordPath(model: WebhookModel, id: number | string): string {
	return model.path.replace(/\.json$/, `/${id}.json`);
}

/** api-facts §8.2 watched fields needed to tell a matter's stage change. */
export const STAGE_FIELDS = ['matter_stage{id,name}', 'matter_stage_updated_at'];

/** Adds fields to a `fields` string unless already there (top-level names compared). */
export function withFields(fields: string, extra: string[]): string {
	const names = new Set(topLevelFields(fields).map((field) => field.replace(/\{.*$/s, '')));
	const added = extra.filter((field) => !names.has(field.replace(/\{.*$/s, '')));
	return [fields, ...added].filter((part) => part !== '').join(',');
}

/** Splits a `fields` string on the commas outside braces. */
export function topLevelFields(fields: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const char of fields) {
		if (char === '{') depth += 1;
		if (char === '}') depth -= 1;
		if (char === ',' && depth === 0) {
			parts.push(current.trim());
			current = '';
		} else {
			current += char;
		}
	}
	parts.push(current.trim());
	return parts.filter((part) => part !== '');
}
