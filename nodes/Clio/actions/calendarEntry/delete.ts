import { deleteOperation } from '../common/delete';
import { calendarEntryField } from './fields';

export const { description, execute } = deleteOperation({
	field: calendarEntryField,
	label: 'Calendar Entry',
	record: 'calendar entry',
	collection: 'calendar_entries',
});
