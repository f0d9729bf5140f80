import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { CALENDAR_FIELDS } from '../clio/fields';
import { clioBaseUrl } from '../clio/regions';
import { clioApiRequestAllItems } from '../transport/paginate';
import { clioApiRequest } from '../transport/request';

interface ListPage {
	data?: IDataObject[];
	meta?: { paging?: { next?: string } };
}

const PAGE = 50;

async function webAppBase(ctx: ILoadOptionsFunctions): Promise<string> {
	const credentials = await ctx.getCredentials('clioOAuth2Api');
	return clioBaseUrl(String(credentials.region ?? ''), String(credentials.customBaseUrl ?? ''));
}

async function search(
	ctx: ILoadOptionsFunctions,
	path: string,
	fields: string,
	filter: string | undefined,
	paginationToken: string | undefined,
	toResult: (record: IDataObject, web: string) => { name: string; value: string; url?: string },
	filterParameter = 'query',
	order?: string,
): Promise<INodeListSearchResult> {
	const page = await clioApiRequest<ListPage>(ctx, {
		method: 'GET',
		path: paginationToken ?? path,
		query: paginationToken
			? undefined
			: { fields, [filterParameter]: filter || undefined, order, limit: PAGE },
	});
	const web = await webAppBase(ctx);
	return {
		results: (page.data ?? []).map((record) => toResult(record, web)),
		paginationToken: page.meta?.paging?.next,
	};
}

export async function searchMatters(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(this, '/matters.json', 'id,display_number,description,client{id,name}', filter, paginationToken, (matter, web) => ({
		name: [matter.display_number, matter.description].filter(Boolean).join(' · ') || `Matter ${String(matter.id)}`,
		value: String(matter.id),
		url: `${web}/nc/#/matters/${String(matter.id)}`,
	}));
}

export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(this, '/contacts.json', 'id,name,type,primary_email_address', filter, paginationToken, (contact, web) => ({
		name: [contact.name, contact.primary_email_address].filter(Boolean).join(' · ') || `Contact ${String(contact.id)}`,
		value: String(contact.id),
		url: `${web}/nc/#/contacts/${String(contact.id)}`,
	}));
}

export async function searchUsers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		'/users.json',
		'id,name,email',
		filter,
		paginationToken,
		(user) => ({
			name: [user.name, user.email].filter(Boolean).join(' · ') || `User ${String(user.id)}`,
			value: String(user.id),
		}),
		'name',
	);
}

/** Time entries and expenses, newest first, searched by their note. */
export async function searchActivities(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		'/activities.json',
		'id,type,date,note,quantity_in_hours,price,matter{display_number}',
		filter,
		paginationToken,
		(activity) => ({ name: activityLabel(activity), value: String(activity.id) }),
		'query',
		'id(desc)',
	);
}

function activityLabel(activity: IDataObject): string {
	const matter = (activity.matter as IDataObject | null)?.display_number;
	const amount =
		activity.type === 'TimeEntry'
			? `${Number(activity.quantity_in_hours ?? 0)} h`
			: `expense ${String(activity.price ?? '')}`;
	return [activity.date, amount, matter, activity.note].filter(Boolean).join(' · ');
}

/** Calendar entries, searched by summary, description or location. */
export async function searchCalendarEntries(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await search(
		this,
		'/calendar_entries.json',
		'id,summary,start_at,all_day',
		filter,
		paginationToken,
		(entry) => ({
			name: [
				String(entry.start_at ?? '')
					.slice(0, 16)
					.replace('T', ' '),
				entry.summary,
			]
				.filter(Boolean)
				.join(' · '),
			value: String(entry.id),
		}),
	);
}

/** The calendars the connected user can see; Clio's calendar list has no text search. */
export async function searchCalendars(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const calendars = await clioApiRequestAllItems(this, '/calendars.json', {
		fields: CALENDAR_FIELDS,
	});
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: calendars
			.filter((calendar) => String(calendar.name).toLowerCase().includes(needle))
			.map((calendar) => ({ name: calendarLabel(calendar), value: String(calendar.id) }))
			.sort((a, b) => a.name.localeCompare(b.name)),
	};
}

/** A calendar's name, with whose it is and whether the connected user can only look at it. */
export function calendarLabel(calendar: IDataObject): string {
	const kind =
		calendar.type === 'UserCalendar'
			? calendar.permission === 'owner'
				? 'your calendar'
				: 'a user’s calendar'
			: calendar.type === 'AccountCalendar'
				? 'firm calendar'
				: undefined;
	const viewOnly = ['viewer', 'limited_viewer'].includes(String(calendar.permission))
		? 'view only'
		: undefined;
	const notes = [kind, viewOnly].filter(Boolean).join(', ');
	return notes ? `${String(calendar.name)} (${notes})` : String(calendar.name);
}
