import { deleteOperation } from '../common/delete';

export const { description, execute } = deleteOperation({
	field: {
		displayName: 'Folder ID',
		name: 'folderId',
		type: 'number',
		required: true,
		default: 0,
		description:
			'The folder to delete, by the number Clio gives it (for example from the output of Get Many). Clio moves it, with the folders and documents inside it, to its trash.',
	},
	label: 'Folder ID',
	record: 'folder',
	collection: 'folders',
});
