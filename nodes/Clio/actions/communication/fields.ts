import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sortedByDisplayName } from '../common/collections';
import { assertOneOf, linkedRecord } from '../common/input';
import { matterLocator } from '../common/locators';
import { isoTimestamp } from '../common/params';
import { participantsField, readParticipants } from '../common/participants';

/** api-facts §9.6: the two kinds of communication Clio records. */
export const communicationTypeOptions = [
	{ name: 'Email', value: 'EmailCommunication', description: 'An email sent or received' },
	{ name: 'Phone Call', value: 'PhoneCommunication', description: 'A call made or taken' },
];
const TYPES = communicationTypeOptions.map((option) => option.value);

export const communicationIdField: INodeProperties = {
	displayName: 'Communication ID',
	name: 'communicationId',
	type: 'number',
	required: true,
	default: 0,
	description:
		'The number Clio gives the email or call record, for example from the output of Get Many',
};

export const typeField: INodeProperties = {
	displayName: 'Type',
	name: 'communicationType',
	type: 'options',
	options: communicationTypeOptions,
	default: 'PhoneCommunication',
	description: 'Whether this records an email or a phone call',
};

const dateField: INodeProperties = {
	displayName: 'Date',
	name: 'receivedAt',
	type: 'dateTime',
	default: '',
	description:
		'When the email was sent or received or the call took place. Give a time zone offset (for example 2026-03-02T15:30:00-05:00); without one, the n8n server’s time zone applies.',
};

/** Fields of Create's "Additional Fields" and of Update's "Update Fields". */
function sharedFields(): INodeProperties[] {
	return [
		matterLocator({
			name: 'matter',
			required: false,
			description: 'The matter the email or call is about',
		}),
		participantsField(
			'From',
			'senders',
			'Who sent the email or made the call: firm users or contacts',
		),
		participantsField(
			'To',
			'receivers',
			'Who received the email or took the call: firm users or contacts',
		),
	];
}

export const createFields = (): INodeProperties[] => sortedByDisplayName(sharedFields());

export const updateFields = (): INodeProperties[] =>
	sortedByDisplayName([
		...sharedFields(),
		{ ...dateField, description: `${dateField.description} Leave out to keep it.` },
		{ displayName: 'Subject', name: 'subject', type: 'string', default: '' },
		{ displayName: 'Body', name: 'body', type: 'string', typeOptions: { rows: 4 }, default: '' },
		{ ...typeField, name: 'type' },
	]);

export { dateField };

/** A date-time as Clio's ISO timestamp; empty means now when `orNow` is set. */
export function receivedAt(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	orNow: boolean,
): string | undefined {
	if ((value === undefined || value === null || value === '') && orNow)
		return new Date().toISOString();
	return isoTimestamp(ctx, value, itemIndex, 'Date');
}

/** Turns a collection's values into Clio's communication attributes (api-facts §9.6). */
export function communicationBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	for (const key of ['subject', 'body']) {
		if (values[key] === undefined) continue;
		const text = String(values[key]).trim();
		if (!text) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${key === 'subject' ? 'Subject' : 'Body'}: this field is empty`,
				{
					itemIndex,
					description:
						'Clio needs a subject and a body on every email or call record. Remove the field to keep the current text.',
				},
			);
		}
		body[key] = text;
	}
	if (values.type !== undefined)
		body.type = assertOneOf(ctx, values.type, TYPES, itemIndex, 'Type');
	if (values.receivedAt !== undefined)
		body.received_at = receivedAt(ctx, values.receivedAt, itemIndex, false);
	const matter = linkedRecord(ctx, itemIndex, collection, values, 'matter', 'Matter');
	if (matter) body.matter = matter;
	const senders = readParticipants(ctx, itemIndex, values.senders, 'From');
	if (senders.length) body.senders = senders;
	const receivers = readParticipants(ctx, itemIndex, values.receivers, 'To');
	if (receivers.length) body.receivers = receivers;
	return body;
}

export { TYPES as COMMUNICATION_TYPES };
