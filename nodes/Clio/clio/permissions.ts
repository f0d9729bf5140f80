// Which permission of the Clio developer app a request path needs (api-facts §2.3), so a 403 can
// tell the user exactly which box to tick on the app.
const PERMISSION_BY_RESOURCE: Array<[RegExp, string]> = [
	[/^\/(documents|folders|document_|trash)/, 'Documents'],
	[/^\/custom_field/, 'Custom Fields'],
	[/^\/(matters|matter_stages|practice_areas|relationships)/, 'Matters'],
	[/^\/contacts/, 'Contacts'],
	[/^\/(tasks|task_types)/, 'Tasks'],
	[/^\/notes/, 'Matters or Contacts (notes follow the record they belong to)'],
	[/^\/(users|groups)/, 'Users'],
	[/^\/webhooks/, 'Webhooks (plus the permission of the watched record type)'],
	[/^\/(calendar|calendars)/, 'Calendars'],
	[/^\/activities/, 'Activities'],
	[/^\/(bills|billable)/, 'Billing'],
];

export function permissionFor(path: string): string | undefined {
	const relative = path.replace(/^.*\/api\/v4/, '');
	return PERMISSION_BY_RESOURCE.find(([pattern]) => pattern.test(relative))?.[1];
}
