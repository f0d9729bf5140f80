import type { IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import type { QueryValue } from '../../transport/query';
import { isNewRecord } from './cursor';
import { latestRecord } from './latest';
import { eventItem, type PollEvent } from './types';

function wholeNumber(ctx: IPollFunctions, value: unknown, label: string): number {
	const text = String(value ?? '').trim();
	if (!/^[1-9][0-9]*$/.test(text)) {
		throw new NodeOperationError(ctx.getNode(), `${label}: "${text}" is not a Clio ID`, {
			description: `The field "${label}" needs the numeric ID of a Clio record, for example 12345.`,
		});
	}
	return Number(text);
}

// api-facts §6.2: the list hides documents whose upload has not finished (`show_uncompleted`
// defaults to false). Finishing an upload updates the document, so the `updated_since` cursor
// meets it then, even when it was created long before; it is reported once, as new.
export const newDocument: PollEvent = {
	source(ctx) {
		const scope = ctx.getNodeParameter('documentScope', 'any') as string;
		const query: Record<string, QueryValue> = { fields: DOCUMENT_FIELDS };
		if (scope === 'matter') {
			query.matter_id = wholeNumber(
				ctx,
				ctx.getNodeParameter('matterId', '', { extractValue: true }),
				'Matter',
			);
		} else if (scope === 'folder') {
			// api-facts §6.2: `parent_id` is the folder; `descendants` includes its sub-folders.
			query.parent_id = wholeNumber(ctx, ctx.getNodeParameter('folderId', ''), 'Folder ID');
			query.scope = 'descendants';
		}
		return { path: '/documents.json', query, orderByUpdatedAt: true };
	},
	report(_ctx, state, window) {
		return window.records
			.filter((document) => isNewRecord(state, document))
			.map((document) => eventItem(document, 'newDocument'));
	},
	async sample(ctx, source) {
		const document = await latestRecord(ctx, source, 'created_at(desc)');
		return document && eventItem(document, 'newDocument');
	},
};
