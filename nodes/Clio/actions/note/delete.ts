import { deleteOperation } from '../common/delete';

export const { description, execute } = deleteOperation({
	field: {
		displayName: 'Note ID',
		name: 'noteId',
		type: 'number',
		required: true,
		default: 0,
		description: 'The number Clio gives the note, for example from the output of Get Many',
	},
	label: 'Note ID',
	record: 'note',
	collection: 'notes',
});
