import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CALENDAR_ENTRY_FIELDS } from '../../clio/fields';
import { recordId } from '../common/params';
import { recordRequest } from '../common/records';
import { calendarEntryField } from './fields';

export const description: INodeProperties[] = [calendarEntryField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const entryId = recordId(this, 'calendarEntryId', itemIndex, 'Calendar Entry');
	return await recordRequest(this, itemIndex, {
		method: 'GET',
		path: `/calendar_entries/${entryId}.json`,
		fields: CALENDAR_ENTRY_FIELDS,
	});
}
