import type { INodeProperties } from 'n8n-workflow';

export const relationshipIdField: INodeProperties = {
	displayName: 'Relationship ID',
	name: 'relationshipId',
	type: 'number',
	required: true,
	default: 0,
	description:
		'The number Clio gives the link between the contact and the matter, for example from the output of Get Many',
};
