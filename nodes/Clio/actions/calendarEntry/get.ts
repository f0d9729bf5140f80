import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CALENDAR_ENTRY_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { recordId } from '../common/params';
import { calendarEntryField } from './fields';

export const description: INodeProperties[] = [calendarEntryField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const entryId = recordId(this, 'calendarEntryId', itemIndex, 'Calendar Entry');
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/calendar_entries/${entryId}.json`,
		query: { fields: CALENDAR_ENTRY_FIELDS },
		itemIndex,
	});
	return response.data;
}
