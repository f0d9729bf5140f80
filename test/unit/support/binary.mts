// Binary items kept in n8n's binary data store (filesystem mode): the item carries only an id and
// metadata, the bytes live in a file under the temporary n8n user folder, as in n8n 2.x.
import { randomUUID } from 'node:crypto';

import { BinaryDataService, copyBinaryFile } from 'n8n-core';
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { WORKFLOW_ID } from './context.mts';
import { Container, runtime } from './runtime.mts';

export interface BinaryItemOptions {
	/** The binary property name (default `data`, as n8n's own file nodes use). */
	property?: string;
	json?: IDataObject;
}

/** An input item whose binary property holds a copy of the file at `path`, stored by id. */
export async function binaryItemFromFile(
	path: string,
	fileName: string,
	mimeType: string,
	options: BinaryItemOptions = {},
): Promise<INodeExecutionData> {
	await runtime();
	const binary = await copyBinaryFile(WORKFLOW_ID, randomUUID(), path, fileName, mimeType);
	return { json: options.json ?? {}, binary: { [options.property ?? 'data']: binary } };
}

function binaryOf(item: INodeExecutionData, property: string): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`The item has no binary property "${property}"`);
	return binary;
}

/** The bytes of a binary property, read back through n8n's binary data service. */
export async function readBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	await runtime();
	return await Container.get(BinaryDataService).getAsBuffer(binaryOf(item, property));
}

/** The file on disk behind a binary property (only for data stored by id). */
export async function binaryFilePath(item: INodeExecutionData, property = 'data'): Promise<string> {
	await runtime();
	const { id } = binaryOf(item, property);
	if (!id)
		throw new Error(`Binary property "${property}" is held in memory, not in the binary store`);
	return Container.get(BinaryDataService).getPath(id);
}
