import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError } from '../transport/errors';
import { operations } from './resources';
import type { ExecutionState, OperationResult } from './types';

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const isItem = typeof entry === 'object' && entry !== null && 'json' in entry && typeof entry.json === 'object';
		const item: INodeExecutionData = isItem ? (entry as INodeExecutionData) : { json: entry as IDataObject };
		return { ...item, pairedItem: { item: itemIndex } };
	});
}

/** Dispatches each input item to its resource's operation; one failing item fails alone with Continue On Fail. */
export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const state: ExecutionState = { memo: new Map() };
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const handler = operations[resource]?.[operation];
		try {
			if (!handler) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" is not known for the resource "${resource}"`,
					{ itemIndex },
				);
			}
			output.push(...toItems(await handler.execute.call(this, itemIndex, state), itemIndex));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			const failure: IDataObject = { error: error.message };
			// `details` (not another key) keeps the item eligible for n8n's error output.
			if (error.description) failure.details = error.description;
			output.push({ json: failure, pairedItem: { item: itemIndex } });
		}
	}
	return [output];
}
