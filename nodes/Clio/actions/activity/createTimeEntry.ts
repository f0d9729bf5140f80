import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldsCollection } from '../common/collections';
import { optionalRecordId } from '../common/params';
import {
	activityBody,
	activityDescriptionOption,
	activityMatterField,
	createActivity,
	dateField,
	durationField,
	durationInSeconds,
	entryDate,
	nonBillableOption,
	noteField,
	rateOption,
	userOption,
} from './fields';

export const description: INodeProperties[] = [
	activityMatterField,
	{ ...durationField, required: true },
	noteField,
	dateField,
	fieldsCollection('additionalFields', [
		activityDescriptionOption,
		nonBillableOption,
		rateOption,
		userOption,
	]),
];

// api-facts §9.4: `quantity` is in seconds for the API version the package sends.
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const quantity = durationInSeconds(
		this,
		this.getNodeParameter('duration', itemIndex, ''),
		itemIndex,
	);
	const matterId = optionalRecordId(this, 'matterId', itemIndex, 'Matter');
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = activityBody(this, itemIndex, 'additionalFields', {
		...values,
		note: this.getNodeParameter('note', itemIndex, '') as string,
	});
	return await createActivity(this, itemIndex, {
		type: 'TimeEntry',
		date: entryDate(this, this.getNodeParameter('date', itemIndex, ''), itemIndex),
		quantity,
		...(matterId ? { matter: { id: matterId } } : {}),
		...body,
	});
}
