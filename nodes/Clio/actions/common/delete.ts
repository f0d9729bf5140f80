import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { asNodeError, isNotFoundError } from '../../transport/errors';
import { clioApiRequest } from '../../transport/request';
import type { ClioOperation } from '../types';
import { recordId } from './params';

export interface DeleteTarget {
	/** Clio's word for the record, e.g. "contact", used in the reason of a delete that found nothing. */
	record: string;
	/** The API path of one record, e.g. `/contacts/12.json`. */
	path: string;
	id: number;
}

/**
 * Deletes one record, idempotent in effect: a record that is already gone (404) is reported as
 * `deleted: false` with the reason instead of failing the item, so a workflow run twice, or an item
 * retried after a lost answer, ends in the same state without an error. Other refusals (403, 409…)
 * still fail the item.
 */
export async function deleteRecord(
	ctx: IExecuteFunctions,
	itemIndex: number,
	target: DeleteTarget,
): Promise<IDataObject> {
	try {
		await clioApiRequest(ctx, { method: 'DELETE', path: target.path, itemIndex });
	} catch (error) {
		if (!isNotFoundError(error)) throw asNodeError(ctx, error, itemIndex);
		return {
			id: target.id,
			deleted: false,
			reason: `No ${target.record} with ID ${target.id} was found in Clio: it was already deleted, or the connected user cannot see it. Nothing was changed.`,
		};
	}
	return { id: target.id, deleted: true };
}

/**
 * A Delete operation: the field that picks the record (a resource locator or an ID field) and a
 * DELETE of `/<collection>/<id>.json`.
 */
export function deleteOperation(options: {
	field: INodeProperties;
	label: string;
	record: string;
	collection: string;
}): ClioOperation {
	return {
		description: [options.field],
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const id = recordId(this, options.field.name, itemIndex, options.label);
			return await deleteRecord(this, itemIndex, {
				record: options.record,
				path: `/${options.collection}/${id}.json`,
				id,
			});
		},
	};
}
