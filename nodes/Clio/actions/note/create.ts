import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { NOTE_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { fieldsCollection } from '../common/collections';
import { isoDate, textParameter } from '../common/input';
import { noteOwnerFields, readNoteOwner } from './fields';

export const description: INodeProperties[] = [
	...noteOwnerFields,
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		description: 'The note’s title',
	},
	{
		displayName: 'Detail',
		name: 'detail',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description: 'The text of the note',
	},
	fieldsCollection('additionalFields', [
		{
			displayName: 'Date',
			name: 'date',
			type: 'dateTime',
			default: '',
			description: 'The day the note is about; Clio uses today when empty. Only the date is kept.',
		},
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const owner = readNoteOwner(this, itemIndex);
	const body: IDataObject = {};
	const subject = textParameter(this, 'subject', itemIndex);
	const detail = textParameter(this, 'detail', itemIndex);
	if (subject) body.subject = subject;
	if (detail) body.detail = detail;
	if (!subject && !detail) {
		throw new NodeOperationError(this.getNode(), 'Subject, Detail: both are empty', {
			itemIndex,
			description: 'Give the note a subject, a detail text, or both.',
		});
	}
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const date = isoDate(this, values.date, itemIndex, 'Date');
	if (date) body.date = date;
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'POST',
		path: '/notes.json',
		query: { fields: NOTE_FIELDS },
		body: { ...body, type: owner.type, [owner.key]: { id: owner.id } },
		itemIndex,
	});
	return response.data;
}
