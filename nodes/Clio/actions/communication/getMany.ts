import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { COMMUNICATION_FIELDS } from '../../clio/fields';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { returnAllAndLimit } from '../common/descriptions';
import { assertOneOf, linkedRecord } from '../common/input';
import { listWithLimit } from '../common/list';
import { contactLocator, matterLocator, userLocator } from '../common/locators';
import { isoTimestamp } from '../common/params';
import { COMMUNICATION_TYPES, communicationTypeOptions } from './fields';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		contactLocator({
			name: 'contact',
			required: false,
			description: 'Only emails and calls from or to this contact',
		}),
		createdSinceFilter('emails and calls'),
		{
			displayName: 'Date From',
			name: 'receivedSince',
			type: 'dateTime',
			default: '',
			description: 'Only emails and calls dated at or after this moment',
		},
		{
			displayName: 'Date To',
			name: 'receivedBefore',
			type: 'dateTime',
			default: '',
			description: 'Only emails and calls dated at or before this moment',
		},
		matterLocator({
			name: 'matter',
			required: false,
			description: 'Only emails and calls on this matter',
		}),
		searchFilter('Text found in the subject or body'),
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: communicationTypeOptions,
			default: 'EmailCommunication',
			description: 'Only emails or only phone calls',
		},
		updatedSinceFilter('emails and calls'),
		userLocator({
			name: 'user',
			required: false,
			description: 'Only emails and calls from or to this firm user',
		}),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const type =
		filters.type === undefined || filters.type === ''
			? undefined
			: assertOneOf(this, filters.type, COMMUNICATION_TYPES, itemIndex, 'Type');
	return await listWithLimit(this, itemIndex, '/communications.json', {
		fields: COMMUNICATION_FIELDS,
		type,
		matter_id: linkedRecord(this, itemIndex, 'filters', filters, 'matter', 'Matter')?.id,
		contact_id: linkedRecord(this, itemIndex, 'filters', filters, 'contact', 'Contact')?.id,
		user_id: linkedRecord(this, itemIndex, 'filters', filters, 'user', 'User')?.id,
		received_since: isoTimestamp(this, filters.receivedSince, itemIndex, 'Date From'),
		received_before: isoTimestamp(this, filters.receivedBefore, itemIndex, 'Date To'),
		...commonFilterQuery(this, filters, itemIndex),
	});
}
