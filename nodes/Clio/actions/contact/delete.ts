import { deleteOperation } from '../common/delete';
import { contactLocator } from '../common/locators';

export const { description, execute } = deleteOperation({
	field: contactLocator({
		description: 'The contact to delete. Clio removes it for good; it cannot be restored.',
	}),
	label: 'Contact',
	record: 'contact',
	collection: 'contacts',
});
