import type { CustomFieldValueRec } from './custom-field-values.mts';
import type { NestedRec, Rec, Store } from './store.mts';
import { contactName } from './resources/contacts.mts';
import { ACCOUNT_ROOT_FOLDER_ID, createRecordFolder } from './resources/folders.mts';
import { displayNumber } from './resources/matters.mts';

/** Deterministic data set: the same seed always gives the same records (timestamps are relative
 * to the sandbox clock at start). */

export function mulberry32(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FIRST = [
	'Alex',
	'Jordan',
	'Taylor',
	'Morgan',
	'Casey',
	'Riley',
	'Jamie',
	'Avery',
	'Quinn',
	'Harper',
	'Rowan',
	'Emerson',
	'Sam',
	'Charlie',
	'Dana',
	'Robin',
	'Noel',
	'Blair',
	'Reese',
	'Kendall',
];
const LAST = [
	'Smith',
	'Johnson',
	'Nguyen',
	'Garcia',
	'Brown',
	'Miller',
	'Davis',
	'Martin',
	'Lee',
	'Walker',
	'Hall',
	'Young',
	'King',
	'Wright',
	'Lopez',
	'Hill',
	'Scott',
	'Green',
	'Adams',
	'Baker',
	'Nelson',
	'Carter',
	'Mitchell',
	'Perez',
	'Roberts',
];
const COMPANY_WORDS = [
	'Acme',
	'Northwind',
	'Blue Harbor',
	'Summit',
	'Pioneer',
	'Cedar',
	'Granite',
	'Lakeside',
	'Redwood',
	'Silverline',
	'Maple',
	'Orion',
];
const COMPANY_SUFFIX = ['LLC', 'Inc.', 'Ltd.', 'Holdings', 'Partners', 'Group'];

const PRACTICE_AREAS: [string, string, string, string[]][] = [
	['Family Law', 'FAM', 'family', ['Intake', 'Discovery', 'Mediation', 'Trial', 'Closed Out']],
	['Personal Injury', 'PI', 'personal_injury', ['Intake', 'Treatment', 'Demand', 'Litigation']],
	['Estate Planning', 'EST', 'estate_planning', ['Consultation', 'Drafting', 'Signing']],
	['Corporate', 'CORP', 'corporate', ['Engagement', 'Due Diligence', 'Negotiation', 'Closing']],
	[
		'Criminal Defense',
		'CRIM',
		'criminal',
		['Arraignment', 'Pre-Trial', 'Trial', 'Sentencing', 'Appeal'],
	],
];

/** Matter custom fields: one of each of the 12 field types (api-facts §7.1). */
const MATTER_FIELDS: [string, string][] = [
	['Conflict Checked', 'checkbox'],
	['Opposing Party', 'contact'],
	['Claim Amount', 'currency'],
	['Incident Date', 'date'],
	['Hearing Time', 'time'],
	['Adjuster Email', 'email'],
	['Related Matter', 'matter'],
	['Court File Count', 'numeric'],
	['Referral Source', 'picklist'],
	['Case Summary', 'text_area'],
	['Court File Number', 'text_line'],
	['Portal Link', 'url'],
];

const CONTACT_FIELDS: [string, string][] = [
	['VIP', 'checkbox'],
	['Client Since', 'date'],
	['Preferred Name', 'text_line'],
	['Contact Preference', 'picklist'],
	['Secondary Email', 'email'],
	['LinkedIn', 'url'],
];

export const SEED_USER_COUNT = 5;
export const SEED_CONTACT_COUNT = 250;

export function seedStore(store: Store, opts: { seed: number; matters: number }): void {
	const rnd = mulberry32(opts.seed);
	const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
	const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
	const nowMs = store.clock.now().getTime();
	const DAY = 86_400_000;
	/** A created_at/updated_at pair within the last two years. */
	const stamps = () => {
		const created = nowMs - int(30, 730) * DAY - int(0, DAY - 1);
		const updated = created + Math.floor(rnd() * (nowMs - created - DAY));
		return {
			created_at: new Date(created).toISOString(),
			updated_at: new Date(updated).toISOString(),
		};
	};
	const dateOf = (iso: string) => iso.slice(0, 10);
	const silent = { silent: true };
	const insert = (table: string, attrs: Record<string, unknown>) =>
		store.insert(table, attrs, silent);

	// Users — user 1 is who_am_i, with a default calendar (api-facts §9.3, §9.8).
	const userNames: [string, string, string][] = [
		['Alex', 'Morgan', 'Attorney'],
		['Priya', 'Shah', 'Attorney'],
		['Daniel', 'Okafor', 'Attorney'],
		['Mei', 'Tanaka', 'NonAttorney'],
		['Lucas', 'Fischer', 'NonAttorney'],
	];
	userNames.forEach(([first, last, sub], i) =>
		insert('users', {
			...stamps(),
			first_name: first,
			last_name: last,
			email: `${first}.${last}@sandbox-law.example`.toLowerCase(),
			enabled: true,
			roles: i === 0 ? ['admin'] : [],
			subscription_type: sub,
			account_owner: i === 0,
			default_calendar_id: 100 + i + 1,
			time_zone: 'Eastern Time (US & Canada)',
			rate: sub === 'Attorney' ? 350 - i * 25 : 120,
			phone_number: `555-010${i}`,
			account_name: 'Sandbox Law LLP',
		}),
	);

	for (const [name, code, category, stages] of PRACTICE_AREAS) {
		const area = insert('practice_areas', { ...stamps(), name, code, category });
		stages.forEach((stage, order) =>
			insert('matter_stages', { ...stamps(), name: stage, order, practice_area_id: area.id }),
		);
	}
	const stagesByArea = new Map<number, Rec[]>();
	for (const s of store.matterStages.values()) {
		stagesByArea.set(s.practice_area_id, [...(stagesByArea.get(s.practice_area_id) ?? []), s]);
	}

	const customField = (parent: string, [name, type]: [string, string], order: number) => {
		const at = stamps();
		const field = insert('custom_fields', {
			...at,
			name,
			parent_type: parent,
			field_type: type,
			displayed: true,
			deleted: false,
			required: false,
			display_order: order,
			picklist_options: [] as NestedRec[],
		});
		if (type === 'picklist') {
			const options =
				parent === 'Matter'
					? ['Referral', 'Website', 'Advertising', 'Walk-in']
					: ['Email', 'Phone', 'Mail'];
			for (const option of options) {
				field.picklist_options.push(store.nested({ option, deleted_at: null }, at.created_at));
			}
			// A deleted option stays listed with its deleted_at (api-facts §7.1).
			field.picklist_options[field.picklist_options.length - 1].deleted_at = at.updated_at;
		}
		return field;
	};
	const matterFields = MATTER_FIELDS.map((f, i) => customField('Matter', f, i));
	const contactFields = CONTACT_FIELDS.map((f, i) => customField('Contact', f, i));

	// The account's root folder (api-facts §6.8).
	insert('folders', {
		...stamps(),
		id: ACCOUNT_ROOT_FOLDER_ID,
		name: 'Root',
		parent_id: null,
		root: true,
		locked: false,
		deleted_at: null,
		matter_id: null,
		contact_id: null,
	});

	const contactIds: number[] = [];
	for (let i = 0; i < SEED_CONTACT_COUNT; i++) {
		const company = i % 4 === 3;
		const first = pick(FIRST);
		const last = pick(LAST);
		const at = stamps();
		const slug = company
			? `info${i}@company${i}.example`
			: `${first}.${last}${i}@mail.example`.toLowerCase();
		const contact = insert('contacts', {
			...at,
			type: company ? 'Company' : 'Person',
			name: company ? `${pick(COMPANY_WORDS)} ${pick(COMPANY_SUFFIX)}` : undefined,
			first_name: company ? undefined : first,
			last_name: company ? undefined : last,
			company_id: null,
			email_addresses:
				i % 5 === 4
					? []
					: [store.nested({ name: 'Work', address: slug, default_email: true }, at.created_at)],
			phone_numbers: [
				store.nested(
					{ name: 'Work', number: `555-${String(1000 + i)}`, default_number: true },
					at.created_at,
				),
			],
			addresses:
				i % 3 === 0
					? [
							store.nested(
								{
									name: 'Work',
									street: `${int(1, 999)} Main St`,
									city: 'Springfield',
									province: 'IL',
									postal_code: '62701',
									country: 'US',
								},
								at.created_at,
							),
						]
					: [],
			custom_field_values: [] as CustomFieldValueRec[],
		});
		contact.folder_id = createRecordFolder(
			store,
			{ contact_id: contact.id },
			contactName(contact),
			true,
		).id;
		if (i % 6 === 0) {
			contact.custom_field_values.push(
				store.nested(
					{
						id: `checkbox-${store.nextNestedId()}`,
						custom_field_id: contactFields[0].id,
						value: i % 12 === 0,
					},
					at.updated_at,
				),
				store.nested(
					{
						id: `text_line-${store.nextNestedId()}`,
						custom_field_id: contactFields[2].id,
						value: contactName(contact).split(' ')[0],
					},
					at.updated_at,
				),
			);
		}
		contactIds.push(contact.id);
	}
	// Some people work for the seeded companies.
	const companyIds = [...store.contacts.values()]
		.filter((c) => c.type === 'Company')
		.map((c) => c.id);
	for (const c of store.contacts.values()) {
		if (c.type === 'Person' && c.id % 7 === 0) c.company_id = companyIds[c.id % companyIds.length];
	}

	const areaIds = [...store.practiceAreas.keys()];
	const attorneyIds = [1, 2, 3];
	for (let i = 1; i <= opts.matters; i++) {
		const client = store.contacts.get(pick(contactIds)) as Rec;
		const areaId = pick(areaIds);
		const stages = stagesByArea.get(areaId) as Rec[];
		const r = rnd();
		const status = r < 0.6 ? 'open' : r < 0.8 ? 'pending' : 'closed';
		const at = stamps();
		const stageId = rnd() < 0.85 ? pick(stages).id : null;
		const values: CustomFieldValueRec[] = [];
		if (i % 3 === 0) {
			const picklist = matterFields[8];
			values.push(
				store.nested(
					{
						id: `text_line-${store.nextNestedId()}`,
						custom_field_id: matterFields[10].id,
						value: `CV-${2020 + (i % 5)}-${String(i).padStart(5, '0')}`,
					},
					at.updated_at,
				),
				store.nested(
					{
						id: `picklist-${store.nextNestedId()}`,
						custom_field_id: picklist.id,
						value: picklist.picklist_options[i % 3].id,
					},
					at.updated_at,
				),
				store.nested(
					{
						id: `currency-${store.nextNestedId()}`,
						custom_field_id: matterFields[2].id,
						value: int(1000, 250000),
					},
					at.updated_at,
				),
			);
			if (i % 6 === 0) {
				values.push(
					store.nested(
						{
							id: `date-${store.nextNestedId()}`,
							custom_field_id: matterFields[3].id,
							value: dateOf(at.created_at),
						},
						at.updated_at,
					),
					store.nested(
						{
							id: `checkbox-${store.nextNestedId()}`,
							custom_field_id: matterFields[0].id,
							value: true,
						},
						at.updated_at,
					),
				);
			}
		}
		const matter = insert('matters', {
			...at,
			number: i,
			display_number: displayNumber(i, client),
			description: `${pick(['Smith v.', 'Estate of', 'In re', 'Contract review for', 'Claim of'])} ${contactName(client)}`,
			status,
			client_id: client.id,
			practice_area_id: areaId,
			matter_stage_id: stageId,
			matter_stage_updated_at: stageId ? at.updated_at : null,
			responsible_attorney_id: pick(attorneyIds),
			originating_attorney_id: pick(attorneyIds),
			responsible_staff_id: rnd() < 0.5 ? 4 : 5,
			billable: rnd() < 0.9,
			billing_method: pick(['hourly', 'hourly', 'flat', 'contingency']),
			open_date: dateOf(at.created_at),
			pending_date: status === 'pending' ? dateOf(at.updated_at) : null,
			close_date: status === 'closed' ? dateOf(at.updated_at) : null,
			location: null,
			client_reference: null,
			custom_field_values: values,
		});
		const folder = createRecordFolder(store, { matter_id: matter.id }, matter.display_number, true);
		matter.folder_id = folder.id;
		if (i <= 50) {
			for (const name of ['Pleadings', 'Correspondence']) {
				store.insert(
					'folders',
					{
						...at,
						name,
						parent_id: folder.id,
						root: false,
						locked: false,
						deleted_at: null,
						matter_id: matter.id,
						contact_id: null,
					},
					silent,
				);
			}
		}
	}

	const matterIds = [...store.matters.keys()];
	if (matterIds.length) {
		for (let i = 0; i < 300; i++) {
			const at = stamps();
			const status = pick(['pending', 'pending', 'in_progress', 'complete']);
			insert('tasks', {
				...at,
				name: pick([
					'Draft motion',
					'Call client',
					'File documents',
					'Review contract',
					'Prepare hearing',
				]),
				description: `Follow-up item ${i + 1}`,
				status,
				priority: pick(['High', 'Normal', 'Normal', 'Low']),
				permission: 'public',
				due_at: new Date(nowMs + int(-30, 60) * DAY).toISOString(),
				completed_at: status === 'complete' ? at.updated_at : null,
				matter_id: pick(matterIds),
				assignee: { id: int(1, SEED_USER_COUNT), type: 'User' },
				assigner_id: 1,
			});
		}
	}
	for (let i = 0; i < 300; i++) {
		const at = stamps();
		const onMatter = matterIds.length > 0 && i % 4 !== 3;
		insert('notes', {
			...at,
			type: onMatter ? 'Matter' : 'Contact',
			matter_id: onMatter ? pick(matterIds) : null,
			contact_id: onMatter ? null : pick(contactIds),
			subject: pick(['Phone call', 'Meeting notes', 'Strategy', 'Client update']),
			detail: `Seeded note ${i + 1}.`,
			date: dateOf(at.created_at),
			author_id: int(1, SEED_USER_COUNT),
		});
	}
}
