import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { USER_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import { listWithLimit } from '../common/list';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Enabled Only',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description: 'Whether to return only users who can sign in to Clio',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Return users whose name contains this text',
			},
			{
				displayName: 'Subscription Type',
				name: 'subscription_type',
				type: 'options',
				options: [
					{ name: 'Attorney', value: 'attorney' },
					{ name: 'Non-Attorney', value: 'nonattorney' },
				],
				default: 'attorney',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return await listWithLimit(this, itemIndex, '/users.json', {
		fields: USER_FIELDS,
		// Off means every user, not only the disabled ones.
		enabled: filters.enabled === true ? true : undefined,
		name: filters.name as string | undefined,
		subscription_type: filters.subscription_type as string | undefined,
	});
}
