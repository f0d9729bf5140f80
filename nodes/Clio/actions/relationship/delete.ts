import { deleteOperation } from '../common/delete';
import { relationshipIdField } from './fields';

export const { description, execute } = deleteOperation({
	field: relationshipIdField,
	label: 'Relationship ID',
	record: 'relationship',
	collection: 'relationships',
});
