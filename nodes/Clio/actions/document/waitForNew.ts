import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { isoTimestamp } from '../common/params';
import { folderPlaceFields, matterFolderId, readFolderPlace } from '../folder/fields';
import { type ExecutionState, memoize } from '../types';
import { pollUntil, timeoutField } from './polling';

export const description: INodeProperties[] = [
	...folderPlaceFields(
		'Where the documents are expected: in a matter’s documents, or in a folder given by its ID',
	),
	{
		displayName: 'Include Sub-Folders',
		name: 'includeSubFolders',
		type: 'boolean',
		default: true,
		description: 'Whether documents in the folders inside count as well, at every depth',
	},
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description:
			'Only documents created after this moment count. Default: the time of the change in the input item (its updated_at, else created_at, as Clio records and triggers give them), otherwise the moment this node started.',
	},
	{
		displayName: 'Name Contains',
		name: 'nameContains',
		type: 'string',
		default: '',
		description: 'Only documents whose name contains this text count',
	},
	{
		displayName: 'Minimum Number of Documents',
		name: 'minimumCount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'How many fully uploaded documents to wait for',
	},
	timeoutField('the documents'),
	{
		displayName: 'On Timeout',
		name: 'onTimeout',
		type: 'options',
		options: [
			{ name: 'Fail', value: 'error', description: 'Stop with an error saying what was found' },
			{ name: 'Output Nothing', value: 'nothing', description: 'Continue without output items' },
		],
		default: 'error',
	},
];

/** The moment of the change an input item describes: a Clio record's last change or creation. */
function eventTime(json: IDataObject): string | undefined {
	for (const key of ['updated_at', 'created_at']) {
		const value = json[key];
		if (typeof value === 'string' && !Number.isNaN(new Date(value).getTime())) return value;
	}
	return undefined;
}

function isFullyUploaded(document: IDataObject): boolean {
	return (
		(document.latest_document_version as IDataObject | null | undefined)?.fully_uploaded === true
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject[]> {
	const startedAt = await memoize(state, 'document.waitForNew.startedAt', async () =>
		new Date().toISOString(),
	);
	const place = readFolderPlace(this, itemIndex);
	const includeSubFolders = this.getNodeParameter('includeSubFolders', itemIndex, true) as boolean;
	const createdAfter =
		isoTimestamp(
			this,
			this.getNodeParameter('createdAfter', itemIndex, ''),
			itemIndex,
			'Created After',
		) ??
		isoTimestamp(
			this,
			eventTime(this.getInputData()[itemIndex]?.json ?? {}),
			itemIndex,
			'Created After',
		) ??
		startedAt;
	const nameContains = String(this.getNodeParameter('nameContains', itemIndex, '') ?? '').trim();
	const minimumCount = Math.max(1, Number(this.getNodeParameter('minimumCount', itemIndex, 1)));
	const timeoutMs =
		Math.max(1, Number(this.getNodeParameter('timeoutSeconds', itemIndex, 300))) * 1000;
	const onTimeout = this.getNodeParameter('onTimeout', itemIndex, 'error') as string;

	const parentId =
		place.type === 'Matter' ? await matterFolderId(this, itemIndex, place.id) : place.id;
	// api-facts §6.2, §6.5: documents still uploading are listed only with show_uncompleted; they are
	// read too, so that the wait goes on while one of them is unfinished.
	const query = {
		fields: DOCUMENT_FIELDS,
		parent_id: parentId,
		scope: includeSubFolders ? 'descendants' : 'children',
		created_since: createdAfter,
		query: nameContains || undefined,
		show_uncompleted: true,
	};
	let found = { complete: [] as IDataObject[], uploading: 0 };
	const ready = await pollUntil(timeoutMs, async (lastChance) => {
		const documents = await clioApiRequestAllItems(this, '/documents.json', query, { itemIndex });
		const complete = documents.filter(isFullyUploaded);
		found = { complete, uploading: documents.length - complete.length };
		if (complete.length < minimumCount) return undefined;
		// At the deadline, documents that never finish uploading do not hold back those that did.
		return found.uploading === 0 || lastChance ? complete : undefined;
	});
	if (ready) return ready;
	if (onTimeout === 'nothing') return [];
	const where = place.type === 'Matter' ? `matter ${place.id}` : `folder ${place.id}`;
	const { complete, uploading } = found;
	throw new NodeOperationError(
		this.getNode(),
		`No new documents arrived in time: ${complete.length} of ${minimumCount} after ${timeoutMs / 1000} seconds`,
		{
			itemIndex,
			description:
				`Waited for ${minimumCount} fully uploaded document(s)${nameContains ? ` named like "${nameContains}"` : ''} created in ${where} after ${createdAfter}; ` +
				`found ${complete.length}${uploading ? `, and ${uploading} still uploading` : ''}. Raise "Timeout (Seconds)", or set "On Timeout" to "Output Nothing".`,
		},
	);
}
