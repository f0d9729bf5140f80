import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valuesByName } from '../../clio/custom-fields/read';
import type { ExecutionState } from '../types';
import {
	cachedDefinitions,
	fetchRecordValues,
	parentTypeField,
	readParentRecord,
	recordLocators,
} from './definitions';

export const description: INodeProperties[] = [parentTypeField, ...recordLocators];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	const record = readParentRecord(this, itemIndex);
	const [definitions, values] = await Promise.all([
		cachedDefinitions(this, state, record.parentType),
		fetchRecordValues(this, record.path, itemIndex),
	]);
	return {
		id: record.id,
		recordType: record.parentType,
		fields: valuesByName(values, definitions),
		custom_field_values: values as unknown as IDataObject[],
	};
}
