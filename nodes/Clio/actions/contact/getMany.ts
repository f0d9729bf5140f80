import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CONTACT_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { assertOneOf } from '../common/input';
import { listWithLimit } from '../common/list';
import { contactTypeOptions } from './fields';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		{
			displayName: 'Clients Only',
			name: 'clientOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to return only contacts that are the client of at least one matter',
		},
		createdSinceFilter('contacts'),
		searchFilter('Text found in the contact’s name or email address'),
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: contactTypeOptions,
			default: 'Person',
			description: 'Only people or only companies',
		},
		updatedSinceFilter('contacts'),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const type =
		filters.type === undefined || filters.type === ''
			? undefined
			: assertOneOf(
					this,
					filters.type,
					contactTypeOptions.map((option) => option.value),
					itemIndex,
					'Type',
				);
	return await listWithLimit(this, itemIndex, '/contacts.json', {
		fields: CONTACT_FIELDS,
		type,
		client_only: filters.clientOnly === true ? true : undefined,
		...commonFilterQuery(this, filters, itemIndex),
	});
}
