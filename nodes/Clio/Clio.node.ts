import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { buildProperties } from './actions/description';
import { route } from './actions/router';
import { methods } from './methods';

export class Clio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clio',
		name: 'clio',
		icon: { light: 'file:clio.svg', dark: 'file:clio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read and write matters, custom fields, documents, contacts, tasks, notes, time entries, expenses, calendar entries and communications, and read bills, in Clio Manage',
		defaults: { name: 'Clio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clioOAuth2Api', required: true }],
		properties: buildProperties(),
	};

	methods = methods;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
