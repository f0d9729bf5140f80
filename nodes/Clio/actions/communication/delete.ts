import { deleteOperation } from '../common/delete';
import { communicationIdField } from './fields';

export const { description, execute } = deleteOperation({
	field: communicationIdField,
	label: 'Communication ID',
	record: 'communication',
	collection: 'communications',
});
