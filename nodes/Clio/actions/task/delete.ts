import { deleteOperation } from '../common/delete';
import { taskIdField } from './fields';

export const { description, execute } = deleteOperation({
	field: taskIdField,
	label: 'Task ID',
	record: 'task',
	collection: 'tasks',
});
