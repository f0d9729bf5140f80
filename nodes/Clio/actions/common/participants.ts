import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contactLocator, userLocator } from './locators';

/**
 * People on a record who may be firm users or contacts (a communication's senders and receivers,
 * api-facts §9.6): a list of entries, each a user or a contact picked with a locator.
 */
export function participantsField(
	displayName: string,
	name: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Person',
		default: {},
		description,
		options: [
			{
				displayName: 'Person',
				name: 'person',
				values: [
					{
						displayName: 'Who',
						name: 'kind',
						type: 'options',
						options: [
							{ name: 'Contact', value: 'Contact', description: 'A client or other contact' },
							{ name: 'User', value: 'User', description: 'Someone at the firm' },
						],
						default: 'Contact',
					},
					{
						...contactLocator({ name: 'contact', required: false }),
						displayOptions: { show: { kind: ['Contact'] } },
					},
					{
						...userLocator({ name: 'user', required: false }),
						displayOptions: { show: { kind: ['User'] } },
					},
				],
			},
		],
	};
}

const URL_SEGMENT: Record<string, string> = { Contact: 'contacts', User: 'users' };

/** The ID in a locator value read as a whole (inside a list, n8n does not extract it). */
function locatorId(raw: unknown, kind: string): string {
	const value: IDataObject =
		raw && typeof raw === 'object' ? (raw as IDataObject) : { value: raw as string };
	const text = String(value.value ?? '').trim();
	if (value.mode !== 'url') return text;
	return new RegExp(`${URL_SEGMENT[kind]}/([0-9]+)`).exec(text)?.[1] ?? text;
}

/** The entries of a participants list as Clio's `[{ id, type }]`. */
export function readParticipants(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): Array<{ id: number; type: 'User' | 'Contact' }> {
	const entries = ((value as IDataObject | undefined)?.person as IDataObject[] | undefined) ?? [];
	return entries.map((entry, position) => {
		const kind = entry.kind === 'User' ? 'User' : 'Contact';
		const text = locatorId(kind === 'User' ? entry.user : entry.contact, kind);
		if (!/^[1-9][0-9]*$/.test(text)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${label} › Person ${position + 1}: "${text}" is not a Clio ${kind.toLowerCase()} ID`,
				{
					itemIndex,
					description: `Pick the ${kind.toLowerCase()} from the list, or give the number Clio gives them (for example 12345).`,
				},
			);
		}
		return { id: Number(text), type: kind };
	});
}
