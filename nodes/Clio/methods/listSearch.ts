import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { clioBaseUrl } from '../clio/regions';
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
): Promise<INodeListSearchResult> {
	const page = await clioApiRequest<ListPage>(ctx, {
		method: 'GET',
		path: paginationToken ?? path,
		query: paginationToken ? undefined : { fields, [filterParameter]: filter || undefined, limit: PAGE },
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
