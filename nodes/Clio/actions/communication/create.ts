import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { COMMUNICATION_FIELDS } from '../../clio/fields';
import { fieldsCollection } from '../common/collections';
import { assertOneOf, requiredText } from '../common/input';
import {
	COMMUNICATION_TYPES,
	communicationBody,
	createFields,
	dateField,
	receivedAt,
	typeField,
} from './fields';
import { recordRequest } from '../common/records';

export const description: INodeProperties[] = [
	typeField,
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Call with client about settlement',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		required: true,
		typeOptions: { rows: 4 },
		default: '',
		description: 'The text of the email, or the notes of the call',
	},
	{ ...dateField, description: `${dateField.description} Leave empty for now.` },
	fieldsCollection('additionalFields', createFields()),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const why = 'Clio needs a subject and a body on every email or call record.';
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {
		...communicationBody(this, itemIndex, 'additionalFields', values),
		type: assertOneOf(
			this,
			this.getNodeParameter('communicationType', itemIndex),
			COMMUNICATION_TYPES,
			itemIndex,
			'Type',
		),
		subject: requiredText(this, 'subject', itemIndex, 'Subject', why),
		body: requiredText(this, 'body', itemIndex, 'Body', why),
		received_at: receivedAt(
			this,
			this.getNodeParameter('receivedAt', itemIndex, ''),
			itemIndex,
			true,
		),
	};
	return await recordRequest(this, itemIndex, {
		method: 'POST',
		path: '/communications.json',
		fields: COMMUNICATION_FIELDS,
		body,
	});
}
