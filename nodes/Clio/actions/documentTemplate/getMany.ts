import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DOCUMENT_TEMPLATE_FIELDS } from '../../clio/fields';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	updatedSinceFilter,
} from '../common/collections';
import { returnAllAndLimit } from '../common/descriptions';
import { listWithLimit } from '../common/list';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([createdSinceFilter('templates'), updatedSinceFilter('templates')]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { created_since, updated_since } = commonFilterQuery(this, filters, itemIndex);
	return await listWithLimit(this, itemIndex, '/document_templates.json', {
		fields: DOCUMENT_TEMPLATE_FIELDS,
		created_since,
		updated_since,
	});
}
