import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { resources } from './resources';

/** The node's properties: Resource, then per resource its Operation and each operation's fields. */
export function buildProperties(): INodeProperties[] {
	const defaultResource = resources[0].value;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((resource) => ({
				name: resource.name,
				value: resource.value,
				description: resource.description,
			})),
			default: defaultResource,
		},
	];
	for (const resource of resources) {
		const defaultOperation = resource.defaultOperation ?? resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: resource.operations.map(({ value, name, action, description }) => ({
				name,
				value,
				action,
				description,
			})),
			default: defaultOperation,
		});
		for (const entry of resource.operations) {
			properties.push(
				...updateDisplayOptions(
					{ show: { resource: [resource.value], operation: [entry.value] } },
					entry.operation.description,
				),
			);
		}
	}
	return properties;
}
