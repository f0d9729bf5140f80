import { deleteOperation } from '../common/delete';
import { activityField } from './fields';

export const { description, execute } = deleteOperation({
	field: activityField,
	label: 'Time Entry or Expense',
	record: 'time entry or expense',
	collection: 'activities',
});
