import { deleteOperation } from '../common/delete';
import { documentIdField } from './fields';

// api-facts §6.1: DELETE moves the document to Clio's trash; 409 while it or a folder above it is
// being changed.
export const { description, execute } = deleteOperation({
	field: documentIdField(
		'The document to delete. Clio moves it to its trash, where it can be restored for 30 days.',
	),
	label: 'Document ID',
	record: 'document',
	collection: 'documents',
});
