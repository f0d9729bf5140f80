import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DOCUMENT_AUTOMATION_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { requiredText } from '../common/input';
import { matterLocator } from '../common/locators';
import { recordId } from '../common/params';
import { downloadToBinary } from '../document/download';
import { documentIdField, outputBinaryField, readDocuments } from '../document/fields';
import { pollUntil, timeoutField } from '../document/polling';

export const description: INodeProperties[] = [
	{
		...documentIdField(
			'The template to fill in, by the ID Clio gives it (see Get Many)',
			'Template ID',
		),
		name: 'templateId',
	},
	matterLocator({ description: 'The matter whose details fill the template' }),
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Engagement Letter',
		description: 'The name of the generated document',
	},
	{
		displayName: 'Formats',
		name: 'formats',
		type: 'multiOptions',
		required: true,
		options: [
			{ name: 'PDF', value: 'pdf' },
			{ name: 'Same as the Template', value: 'original' },
		],
		default: ['pdf'],
		description: 'Generate a PDF, a file in the template’s own format (for example Word), or both',
	},
	{
		displayName: 'Download Files',
		name: 'download',
		type: 'boolean',
		default: false,
		description: 'Whether to add each generated file to its output item as binary data',
	},
	{ ...outputBinaryField(), displayOptions: { show: { download: [true] } } },
	timeoutField('the generated documents'),
];

const FORMATS = ['pdf', 'original'];

// api-facts §6.9: states of a document automation; the last three are final.
const FINAL_STATES = new Set(['completed', 'failed', 'empty']);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const templateId = recordId(this, 'templateId', itemIndex, 'Template ID');
	const matterId = recordId(this, 'matterId', itemIndex, 'Matter');
	const filename = requiredText(
		this,
		'fileName',
		itemIndex,
		'File Name',
		'Clio needs a name for the generated document.',
	);
	const formats = (this.getNodeParameter('formats', itemIndex, []) as string[]).filter((format) =>
		FORMATS.includes(format),
	);
	if (!formats.length) {
		throw new NodeOperationError(this.getNode(), 'Formats: no format chosen', {
			itemIndex,
			description: 'Choose "PDF", "Same as the Template", or both.',
		});
	}
	const download = this.getNodeParameter('download', itemIndex, false) as boolean;
	const timeoutMs =
		Math.max(1, Number(this.getNodeParameter('timeoutSeconds', itemIndex, 300))) * 1000;

	const created = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'POST',
		path: '/document_automations.json',
		query: { fields: DOCUMENT_AUTOMATION_FIELDS },
		body: {
			document_template: { id: templateId },
			matter: { id: matterId },
			filename,
			formats,
		},
		itemIndex,
	});
	const automationId = Number(created.data.id);
	let automation = created.data;
	const finished = await pollUntil(timeoutMs, async () => {
		if (FINAL_STATES.has(String(automation.state))) return automation;
		const response = await clioApiRequest<{ data: IDataObject }>(this, {
			method: 'GET',
			path: `/document_automations/${automationId}.json`,
			query: { fields: DOCUMENT_AUTOMATION_FIELDS },
			itemIndex,
		});
		automation = response.data;
		return FINAL_STATES.has(String(automation.state)) ? automation : undefined;
	});

	const state = String(automation.state);
	if (!finished) {
		throw new NodeOperationError(
			this.getNode(),
			`The document was not generated within ${timeoutMs / 1000} seconds`,
			{
				itemIndex,
				description: `Clio’s generation ${automationId} is still "${state}". It may finish later and then appear in matter ${matterId}’s documents. Raise "Timeout (Seconds)" to wait longer.`,
			},
		);
	}
	const documentIds = ((automation.documents as IDataObject[] | undefined) ?? []).map((document) =>
		Number(document.id),
	);
	if (state !== 'completed' || !documentIds.length) {
		const why =
			state === 'failed'
				? 'Clio reported that the generation failed. Check the template in Clio (Documents → Templates) and that the matter has the details it uses.'
				: 'The template produced no document for this matter. Check that the template has content and merge fields Clio can fill.';
		throw new NodeOperationError(
			this.getNode(),
			`Generating "${filename}" from template ${templateId} ended as "${state}"`,
			{ itemIndex, description: `${why} (Clio’s generation ${automationId}.)` },
		);
	}

	const documents = await readDocuments(this, itemIndex, documentIds);
	if (!download) return documents.map((document) => ({ json: document }));
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const items: INodeExecutionData[] = [];
	for (const document of documents) {
		const binary = await downloadToBinary(this, itemIndex, document);
		items.push({ json: document, binary: { [property]: binary } });
	}
	return items;
}
