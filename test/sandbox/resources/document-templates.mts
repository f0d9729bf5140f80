import { recordFields, type SandboxContext } from '../context.mts';
import { common, findOr404 } from '../filters.mts';
import type { Rec } from '../store.mts';
import { contentTypeFor } from './document-versions.mts';
import { objectStorage, uploadPath } from './storage.mts';

type Json = Record<string, any>;

/**
 * Document templates (api-facts §6.9): files with merge fields that document automation fills
 * from a matter. Created from a BASE64 `file` in JSON; downloaded through a 303 like documents.
 */

/** api-facts §6.9: the template formats Clio supports. */
const FORMATS = ['doc', 'docx', 'ppt', 'pptx', 'xls', 'xlsx', 'pdf', 'xml'];

const SEEDED: [string, string][] = [
	['Engagement Letter.docx', 'Contracts'],
	['Fee Agreement.docx', 'Contracts'],
	['Demand Letter.docx', 'Correspondence'],
	['Closing Letter.pdf', 'Correspondence'],
];

export const templateKey = (t: Rec) => `template:${t.id}`;

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;
	const storage = objectStorage(ctx);
	const templates = () => store.table('document_templates');

	views.define('DocumentTemplate', 'document_templates', (t: Rec) => ({
		fields: {
			...recordFields(t),
			filename: t.filename,
			size: t.size,
			content_type: t.content_type,
		},
		assoc: {
			document_category: () => views.byId('DocumentCategory', t.document_category_id),
			last_modified_by: () => views.byId('User', t.last_modified_by_id),
		},
	}));

	function insertTemplate(
		attrs: { filename: string; content: Buffer; categoryId: number | null; userId: number },
		opts: { silent?: boolean } = {},
	): Rec {
		const t = store.insert(
			'document_templates',
			{
				filename: attrs.filename,
				size: attrs.content.length,
				content_type: contentTypeFor(attrs.filename),
				document_category_id: attrs.categoryId,
				last_modified_by_id: attrs.userId,
			},
			opts,
		);
		storage.putData(templateKey(t), attrs.content);
		return t;
	}

	ctx.route('GET', '/document_templates.json', (req) =>
		respond.list(req, common(templates().values(), req.query), (t) =>
			views.of('DocumentTemplate', t),
		),
	);
	ctx.showRoute('DocumentTemplate', 'document_templates');

	ctx.route('POST', '/document_templates.json', (req) => {
		const d = req.body?.data as Json;
		if (!d.filename) {
			throw errors.validation('Filename is required when the file is a BASE64-encoded string');
		}
		const ext = /\.([^.]+)$/.exec(d.filename as string)?.[1]?.toLowerCase() ?? '';
		if (!FORMATS.includes(ext)) {
			throw errors.validation(`Templates must be one of: ${FORMATS.join(', ')}`);
		}
		if (d.document_category && !store.table('document_categories').has(d.document_category.id)) {
			throw errors.validation('Document category must exist');
		}
		const content = Buffer.from(d.file as string, 'base64');
		const t = insertTemplate({
			filename: d.filename,
			content,
			categoryId: d.document_category?.id ?? null,
			userId: req.userId,
		});
		return respond.one(req, views.of('DocumentTemplate', t), 201);
	});

	ctx.route('DELETE', '/document_templates/{id}.json', (req) => {
		const t = findOr404(templates(), req.params.id);
		store.remove('document_templates', t.id);
		void storage.remove(templateKey(t));
		return respond.none();
	});

	// api-facts §6.9: a template's bytes come through a 303 to a signed storage URL.
	ctx.route('GET', '/document_templates/{id}/download.json', (req) => {
		const t = findOr404(templates(), req.params.id);
		const location = storage.presignGet(
			templateKey(t),
			uploadPath('document_template', t.id, t.filename),
			{ filename: t.filename, contentType: t.content_type },
			5 * 60,
		);
		return { status: 303, headers: { Location: location } };
	});

	ctx.afterSeed(() => {
		const category = (name: string) =>
			[...store.table('document_categories').values()].find((c) => c.name === name)?.id ?? null;
		for (const [filename, categoryName] of SEEDED) {
			const title = filename.replace(/\.[^.]+$/, '');
			insertTemplate(
				{
					filename,
					content: Buffer.from(
						[
							title,
							'Matter: <<Matter.DisplayNumber>> — <<Matter.Description>>',
							'Client: <<Matter.Client.Name>>',
							'Responsible attorney: <<Matter.ResponsibleAttorney.Name>>',
							'Date: <<Today>>',
							'',
						].join('\n'),
					),
					categoryId: category(categoryName),
					userId: 1,
				},
				{ silent: true },
			);
		}
	});
}
