import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchDefinitions, type ParentType, parentTypeField } from './definitions';

export const description: INodeProperties[] = [
	parentTypeField,
	{
		displayName: 'Include Deleted Fields',
		name: 'includeDeleted',
		type: 'boolean',
		default: false,
		description: 'Whether to list fields that were deleted in Clio too',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const parentType = this.getNodeParameter('parentType', itemIndex, 'matter') as ParentType;
	const includeDeleted = this.getNodeParameter('includeDeleted', itemIndex, false) as boolean;
	const definitions = await fetchDefinitions(this, parentType, includeDeleted);
	return definitions as unknown as IDataObject[];
}
