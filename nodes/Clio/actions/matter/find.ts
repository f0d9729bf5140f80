import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MATTER_FIELDS } from '../../clio/fields';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { requiredText } from '../common/input';

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'findBy',
		type: 'options',
		options: [
			{
				name: 'Matter Number',
				value: 'displayNumber',
				description: 'The number shown on the matter in Clio, for example 00012-Smith',
			},
			{
				name: 'Client Reference',
				value: 'clientReference',
				description:
					'The client’s own reference for the matter. Clio cannot search it, so every matter is read (one request per 200 matters).',
			},
		],
		default: 'displayNumber',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		default: '',
		placeholder: '00012-Smith',
		description: 'Matched exactly, ignoring case and surrounding spaces',
	},
	{
		displayName: 'If Not Found',
		name: 'ifNotFound',
		type: 'options',
		options: [
			{
				name: 'Fail',
				value: 'error',
				description: 'Stop with an error (or an error item with Continue On Fail)',
			},
			{
				name: 'Output Nothing',
				value: 'empty',
				description: 'Give no item for this input, and go on',
			},
		],
		default: 'error',
	},
];

const same = (a: unknown, b: string) =>
	typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const byReference =
		this.getNodeParameter('findBy', itemIndex, 'displayNumber') === 'clientReference';
	const label = byReference ? 'Client Reference' : 'Matter Number';
	const value = requiredText(
		this,
		'value',
		itemIndex,
		'Value',
		`Give the ${label.toLowerCase()} to look for.`,
	);
	// api-facts §5.4: `query` searches display_number (not client_reference), as a wildcard.
	const query = byReference ? {} : { query: value };
	const all = await clioApiRequestAllItems(
		this,
		'/matters.json',
		{ fields: MATTER_FIELDS, ...query },
		{ itemIndex },
	);
	const matches = all.filter((matter) =>
		same(byReference ? matter.client_reference : matter.display_number, value),
	);
	if (matches.length === 1) return [matches[0]];
	if (matches.length > 1) {
		const listed = matches
			.slice(0, 10)
			.map((matter) => `${String(matter.display_number)} (ID ${String(matter.id)})`)
			.join(', ');
		throw new NodeOperationError(
			this.getNode(),
			`${label}: ${matches.length} matters match "${value}"`,
			{
				itemIndex,
				description: `Several matters have this ${label.toLowerCase()}: ${listed}${matches.length > 10 ? ', …' : ''}. Use Matter → Get with the matter’s ID instead.`,
			},
		);
	}
	if (this.getNodeParameter('ifNotFound', itemIndex, 'error') === 'empty') return [];
	throw new NodeOperationError(this.getNode(), `${label}: no matter matches "${value}"`, {
		itemIndex,
		description: `No matter visible to the connected Clio user has exactly this ${label.toLowerCase()}. Check the value, or set "If Not Found" to "Output Nothing".`,
	});
}
