import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

type Json = Record<string, any>;

const MIB = 1024 * 1024;
const UPLOAD_FIELDS =
	'id,latest_document_version{id,uuid,put_url,put_headers,multiparts,version_number}';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('base64');
/** api-facts §6.5: put_headers is an array of {name, value}. */
const headerMap = (list: { name: string; value: string }[]) =>
	Object.fromEntries(list.map((h) => [h.name, h.value]));

/** Step 2: PUT to storage — never with the Clio token. */
async function put(url: string, headers: Record<string, string>, body: Uint8Array) {
	const res = await fetch(url, { method: 'PUT', headers, body });
	return { status: res.status, text: await res.text() };
}

/** An XML error element from S3's body. */
const xml = (text: string, tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text)?.[1];

describe('documents', () => {
	let c: Client;
	let matterId: number;

	before(async () => {
		c = await openSandbox({ matters: 30 });
		matterId = (
			await c.post('/matters.json?fields=id', {
				data: { client: { id: 1 }, description: 'Document uploads' },
			})
		).body.data.id;
	});
	after(() => c.sandbox.close());
	beforeEach(() => c.sandbox.faults.clear());

	/** Step 1: POST /documents; returns the document id and its pending version. */
	async function create(data: Json) {
		const res = await c.post(`/documents.json?fields=${UPLOAD_FIELDS}`, { data });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return { id: res.body.data.id as number, version: res.body.data.latest_document_version };
	}

	/** Step 3: PATCH {uuid, fully_uploaded: true}. */
	const complete = (id: number, uuid: string) =>
		c.patch(`/documents/${id}.json?fields=id,latest_document_version{fully_uploaded,size}`, {
			data: { uuid, fully_uploaded: true },
		});

	/** The three steps of a single-PUT upload (api-facts §6.5). */
	async function upload(
		name: string,
		bytes: Uint8Array,
		parent: Json = { id: matterId, type: 'Matter' },
	) {
		const { id, version } = await create({ name, parent });
		const stored = await put(version.put_url, headerMap(version.put_headers), bytes);
		assert.equal(stored.status, 200, stored.text);
		const done = await complete(id, version.uuid);
		assert.equal(done.status, 200, JSON.stringify(done.body));
		return { id, version };
	}

	/** GET /documents/{id}/download → 303, then the signed URL without Authorization. */
	async function download(id: number, query = '') {
		const res = await fetch(`${c.sandbox.apiBase}/documents/${id}/download.json${query}`, {
			headers: { Authorization: `Bearer ${c.token}` },
			redirect: 'manual',
		});
		assert.equal(res.status, 303);
		await res.arrayBuffer();
		const location = res.headers.get('location') as string;
		assert.ok(location.startsWith(c.sandbox.storageUrl), location);
		const file = await fetch(location);
		return {
			location,
			status: file.status,
			headers: file.headers,
			bytes: Buffer.from(await file.arrayBuffer()),
		};
	}

	const listIds = async (query: string) =>
		((await c.get(`/documents.json?fields=id&${query}`)).body.data as Json[]).map((d) => d.id);

	it('seeds documents with versions in matter folders, categories and templates', async () => {
		const docs = await c.get(
			'/documents.json?matter_id=2&fields=id,name,parent{id,name},document_category{id,name},latest_document_version{version_number,fully_uploaded}',
		);
		assert.deepEqual(docs.body.data.map((d: Json) => d.name).sort(), [
			'Complaint.docx',
			'Engagement Letter.pdf',
		]);
		const complaint = docs.body.data.find((d: Json) => d.name === 'Complaint.docx');
		assert.equal(complaint.parent.name, 'Pleadings');
		assert.equal(complaint.document_category.name, 'Pleadings');
		assert.deepEqual(complaint.latest_document_version, {
			version_number: 2,
			fully_uploaded: true,
		});
		// Listing versions needs the version id (a required query parameter in the spec).
		const v1 = [...c.sandbox.store.table('document_versions').values()].find(
			(v) => v.document_id === complaint.id && v.version_number === 1,
		) as Json;
		const first = await download(complaint.id, `?document_version_id=${v1.id}`);
		assert.match(first.bytes.toString(), /Complaint \(draft 1\)/);
		const list = await c.get(
			'/folders/list.json?parent_id=' + complaint.parent.id + '&fields=id,type,name',
		);
		assert.deepEqual(list.body.data, [
			{ id: complaint.id, type: 'Document', name: 'Complaint.docx' },
		]);
		const seeded = await download(complaint.id);
		assert.match(seeded.bytes.toString(), /Complaint \(draft 2\)/);
	});

	it('uploads in three steps and downloads the same bytes', async () => {
		const bytes = randomBytes(3 * MIB + 17);
		const { id } = await upload('Scan.pdf', bytes);
		const file = await download(id);
		assert.equal(file.status, 200);
		assert.equal(sha256(file.bytes), sha256(bytes));
		assert.equal(file.headers.get('content-type'), 'application/pdf');
		assert.equal(file.headers.get('content-disposition'), 'attachment; filename="Scan.pdf"');
		const doc = await c.get(
			`/documents/${id}.json?fields=id,name,filename,size,content_type,matter{id},parent{id},latest_document_version{version_number,fully_uploaded,size}`,
		);
		assert.equal(doc.body.data.size, bytes.length);
		assert.equal(doc.body.data.matter.id, matterId);
		assert.deepEqual(doc.body.data.latest_document_version, {
			version_number: 1,
			fully_uploaded: true,
			size: bytes.length,
		});
	});

	it('hands out put_headers as an array with encryption and content type', async () => {
		const { version } = await create({
			name: 'Notes.txt',
			parent: { id: matterId, type: 'Matter' },
		});
		assert.deepEqual(version.put_headers, [
			{ name: 'x-amz-server-side-encryption', value: 'AES256' },
			{ name: 'Content-Type', value: 'text/plain' },
		]);
		const url = new URL(version.put_url);
		assert.equal(url.origin, c.sandbox.storageUrl);
		assert.notEqual(url.origin, c.sandbox.url);
		assert.ok(url.searchParams.get('X-Amz-Signature'));
		assert.equal(url.searchParams.get('X-Amz-Expires'), '600');
	});

	it('uploads an empty file and a file with a non-ASCII name', async () => {
		const empty = await upload('Empty.txt', new Uint8Array(0));
		const none = await download(empty.id);
		assert.equal(none.bytes.length, 0);
		assert.equal(none.headers.get('content-length'), '0');

		const name = 'Schriftsatz – Müller 契約.pdf';
		const bytes = randomBytes(4096);
		const { id } = await upload(name, bytes);
		const file = await download(id);
		assert.equal(sha256(file.bytes), sha256(bytes));
		const disposition = file.headers.get('content-disposition') as string;
		// RFC 5987: an ASCII fallback plus the UTF-8 name.
		assert.match(disposition, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
		assert.equal(decodeURIComponent(disposition.split("UTF-8''")[1]), name);
		const doc = await c.get(`/documents/${id}.json?fields=name,filename`);
		assert.deepEqual(doc.body.data, { name, filename: name });
	});

	it('hides a document until it is fully uploaded unless show_uncompleted=true', async () => {
		const { id, version } = await create({
			name: 'Pending.pdf',
			parent: { id: matterId, type: 'Matter' },
		});
		assert.ok(!(await listIds(`matter_id=${matterId}`)).includes(id));
		assert.ok((await listIds(`matter_id=${matterId}&show_uncompleted=true`)).includes(id));
		assert.ok(c.sandbox.store.incompleteDocuments().some((d) => d.id === id));
		const shown = await c.get(
			`/documents/${id}.json?fields=latest_document_version{fully_uploaded}`,
		);
		assert.equal(shown.body.data.latest_document_version.fully_uploaded, false);
		// Nothing to download before step 3.
		assert.equal((await c.get(`/documents/${id}/download.json`)).status, 404);

		assert.equal(
			(await put(version.put_url, headerMap(version.put_headers), Buffer.from('x'))).status,
			200,
		);
		assert.equal((await complete(id, version.uuid)).status, 200);
		assert.ok((await listIds(`matter_id=${matterId}`)).includes(id));
		assert.ok(!c.sandbox.store.incompleteDocuments().some((d) => d.id === id));
	});

	it('answers UploadNotFoundError when the bytes were never PUT, and refuses a second completion', async () => {
		const { id, version } = await create({
			name: 'Missing.pdf',
			parent: { id: matterId, type: 'Matter' },
		});
		const res = await complete(id, version.uuid);
		assert.equal(res.status, 422);
		assert.deepEqual(res.body.error, {
			type: 'UploadNotFoundError',
			message: `A matching remote file was not found for the file named Missing.pdf with UUID ${version.uuid}`,
		});
		await put(version.put_url, headerMap(version.put_headers), Buffer.from('late'));
		assert.equal((await complete(id, version.uuid)).status, 200);
		const again = await complete(id, version.uuid);
		assert.equal(again.status, 422);
		assert.match(again.body.error.message, /already marked as fully uploaded/);
		const unknown = await complete(id, '00000000-0000-0000-0000-000000000000');
		assert.equal(unknown.status, 404);
	});

	it('answers UploadTimeoutError through a fault; the retried completion succeeds', async () => {
		const { id, version } = await create({
			name: 'Slow.pdf',
			parent: { id: matterId, type: 'Matter' },
		});
		await put(version.put_url, headerMap(version.put_headers), Buffer.from('slow'));
		c.sandbox.faults.add({
			method: 'PATCH',
			path: new RegExp(`/documents/${id}(\\.json)?$`),
			status: 422,
			body: {
				error: {
					type: 'UploadTimeoutError',
					message: 'A timeout occurred verifying the remote file. Please try the request again.',
				},
			},
		});
		const first = await complete(id, version.uuid);
		assert.equal(first.status, 422);
		assert.equal(first.body.error.type, 'UploadTimeoutError');
		const retry = await complete(id, version.uuid);
		assert.equal(retry.status, 200);
		assert.equal(retry.body.data.latest_document_version.fully_uploaded, true);
	});

	it('refuses an Authorization header at storage, on PUT and on download', async () => {
		const { id, version } = await create({
			name: 'Auth.pdf',
			parent: { id: matterId, type: 'Matter' },
		});
		const refused = await put(
			version.put_url,
			{ ...headerMap(version.put_headers), Authorization: `Bearer ${c.token}` },
			Buffer.from('secret'),
		);
		assert.equal(refused.status, 400);
		assert.equal(xml(refused.text, 'Code'), 'InvalidArgument');
		assert.equal(xml(refused.text, 'ArgumentName'), 'Authorization');
		assert.equal((await complete(id, version.uuid)).body.error.type, 'UploadNotFoundError');

		await put(version.put_url, headerMap(version.put_headers), Buffer.from('secret'));
		await complete(id, version.uuid);
		const redirect = await fetch(`${c.sandbox.apiBase}/documents/${id}/download.json`, {
			headers: { Authorization: `Bearer ${c.token}` },
			redirect: 'manual',
		});
		const location = redirect.headers.get('location') as string;
		const withToken = await fetch(location, { headers: { Authorization: `Bearer ${c.token}` } });
		assert.equal(withToken.status, 400);
		assert.equal(xml(await withToken.text(), 'Code'), 'InvalidArgument');
		// A redirect followed automatically leaves the token behind: storage is another origin.
		const followed = await fetch(`${c.sandbox.apiBase}/documents/${id}/download.json`, {
			headers: { Authorization: `Bearer ${c.token}` },
		});
		assert.equal(followed.status, 200);
		assert.equal(await followed.text(), 'secret');
		const withAuth = c.sandbox.log.entries.filter(
			(e) => e.kind === 'storage' && e.headers.authorization !== undefined,
		);
		assert.equal(withAuth.length, 2);
	});

	it('demands exactly the signed put_headers and a live signature', async () => {
		const { id, version } = await create({
			name: 'Headers.pdf',
			parent: { id: matterId, type: 'Matter' },
		});
		const headers = headerMap(version.put_headers);
		const body = Buffer.from('%PDF-1.4');
		const missing = await put(version.put_url, { 'Content-Type': 'application/pdf' }, body);
		assert.equal(missing.status, 403);
		assert.equal(xml(missing.text, 'Code'), 'SignatureDoesNotMatch');
		const other = await put(
			version.put_url,
			{ ...headers, 'Content-Type': 'application/octet-stream' },
			body,
		);
		assert.equal(other.status, 403);
		assert.equal(xml(other.text, 'Code'), 'SignatureDoesNotMatch');
		const unsigned = await put(version.put_url, { ...headers, 'x-amz-meta-note': 'x' }, body);
		assert.equal(unsigned.status, 403);
		assert.equal(xml(unsigned.text, 'Code'), 'AccessDenied');
		const tampered = new URL(version.put_url);
		tampered.searchParams.set('X-Amz-Signature', 'f'.repeat(64));
		assert.equal((await put(tampered.href, headers, body)).status, 403);
		// A chunked body (no Content-Length) is refused, as S3 does on a pre-signed PUT.
		const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = request(version.put_url, { method: 'PUT', headers }, (res) => {
				let text = '';
				res.on('data', (chunk) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode as number, text }));
			});
			req.on('error', reject);
			req.write(body);
			req.end();
		});
		assert.equal(chunked.status, 411);
		assert.equal(xml(chunked.text, 'Code'), 'MissingContentLength');
		assert.equal((await complete(id, version.uuid)).body.error.type, 'UploadNotFoundError');

		// api-facts §6.5: the single PUT URL lasts 10 minutes.
		c.sandbox.clock.advance(11 * 60 * 1000);
		const expired = await put(version.put_url, headers, body);
		assert.equal(expired.status, 403);
		assert.equal(xml(expired.text, 'Message'), 'Request has expired');
	});

	it('uploads more than 50 parts with MD5 checks, asking for the 51st URL by PATCH', async () => {
		const partCount = 51;
		const part = (n: number) => {
			const size = n === partCount ? 123_457 : 5 * MIB;
			const b = Buffer.alloc(size, n);
			b.writeUInt32BE(n, 0);
			return b;
		};
		const whole = createHash('sha256');
		const parts = Array.from({ length: partCount }, (_, i) => {
			const b = part(i + 1);
			whole.update(b);
			return { part_number: i + 1, content_length: String(b.length), content_md5: md5(b) };
		});
		const parent = { id: matterId, type: 'Matter' };

		const tooMany = await c.post('/documents.json', {
			data: { name: 'Big.bin', parent, multiparts: parts },
		});
		assert.equal(tooMany.status, 422);
		const tooSmall = await c.post('/documents.json', {
			data: {
				name: 'Big.bin',
				parent,
				multiparts: [
					{ part_number: 1, content_length: '1000' },
					{ part_number: 2, content_length: '1000' },
				],
			},
		});
		assert.equal(tooSmall.status, 422);
		assert.match(tooSmall.body.error.message, /at least 5 MB/);

		const { id, version } = await create({
			name: 'Big.bin',
			parent,
			multiparts: parts.slice(0, 50),
		});
		assert.equal(version.multiparts.length, 50);
		assert.equal(version.put_url, null);
		assert.deepEqual(version.multiparts[0].put_headers, [
			{ name: 'Content-Length', value: String(5 * MIB) },
			{ name: 'Content-MD5', value: parts[0].content_md5 },
		]);
		const more = await c.patch(
			`/documents/${id}.json?fields=latest_document_version{uuid,multiparts}`,
			{
				data: { uuid: version.uuid, fully_uploaded: false, multiparts: parts.slice(50) },
			},
		);
		assert.equal(more.status, 200, JSON.stringify(more.body));
		assert.deepEqual(
			more.body.data.latest_document_version.multiparts.map((p: Json) => p.part_number),
			[51],
		);
		const urls = [...version.multiparts, ...more.body.data.latest_document_version.multiparts];

		// A part whose bytes do not match its Content-MD5 gets S3's BadDigest.
		const first = urls[0];
		const wrong = Buffer.alloc(5 * MIB, 0xff);
		const bad = await put(first.put_url, headerMap(first.put_headers), wrong);
		assert.equal(bad.status, 400);
		assert.equal(xml(bad.text, 'Code'), 'BadDigest');
		assert.equal(xml(bad.text, 'CalculatedDigest'), md5(wrong));

		// Parts may arrive in any order; completing early finds a part missing.
		for (const p of urls.slice(1).reverse()) {
			const res = await put(p.put_url, headerMap(p.put_headers), part(p.part_number));
			assert.equal(res.status, 200, res.text);
		}
		assert.equal((await complete(id, version.uuid)).body.error.type, 'UploadNotFoundError');
		assert.equal((await put(first.put_url, headerMap(first.put_headers), part(1))).status, 200);
		const done = await complete(id, version.uuid);
		assert.equal(done.status, 200);
		const size = 50 * 5 * MIB + 123_457;
		assert.equal(done.body.data.latest_document_version.size, size);

		const file = await download(id);
		assert.equal(file.bytes.length, size);
		assert.equal(sha256(file.bytes), whole.digest('hex'));
	});

	it('adds a new version to the same document; an unfinished one leaves the last completed', async () => {
		const v1 = Buffer.from('version one');
		const v2 = Buffer.from('version two');
		const { id, version: first } = await upload('Contract.docx', v1);
		const second = await create({ name: 'Contract.docx', parent: { id, type: 'Document' } });
		assert.equal(second.id, id);
		assert.equal(second.version.version_number, 2);

		const before = await c.get(
			`/documents/${id}.json?fields=latest_document_version{version_number}`,
		);
		assert.equal(before.body.data.latest_document_version.version_number, 1);
		assert.ok(c.sandbox.store.incompleteDocuments().some((d) => d.id === id));
		assert.ok((await listIds(`matter_id=${matterId}`)).includes(id));

		await put(second.version.put_url, headerMap(second.version.put_headers), v2);
		assert.equal((await complete(id, second.version.uuid)).status, 200);
		// The spec makes the version `id` a required filter of the versions list.
		const version = async (versionId: number, query = '') =>
			(
				await c.get(
					`/documents/${id}/versions.json?id=${versionId}${query}&fields=document_id,version_number,fully_uploaded`,
				)
			).body.data;
		assert.deepEqual(await version(first.id), [
			{ document_id: id, version_number: 1, fully_uploaded: true },
		]);
		assert.deepEqual(await version(second.version.id), [
			{ document_id: id, version_number: 2, fully_uploaded: true },
		]);
		assert.equal((await download(id)).bytes.toString(), 'version two');
		const old = await download(id, `?document_version_id=${first.id}`);
		assert.equal(old.bytes.toString(), 'version one');

		// A third version that never completes: v2 stays the latest.
		const third = await create({ name: 'Contract.docx', parent: { id, type: 'Document' } });
		assert.equal(third.version.version_number, 3);
		const latest = await c.get(
			`/documents/${id}.json?fields=latest_document_version{version_number}`,
		);
		assert.equal(latest.body.data.latest_document_version.version_number, 2);
		assert.equal((await download(id)).bytes.toString(), 'version two');
		assert.deepEqual(await version(third.version.id, '&fully_uploaded=true'), []);
		assert.deepEqual(await version(third.version.id, '&fully_uploaded=false'), [
			{ document_id: id, version_number: 3, fully_uploaded: false },
		]);
		assert.ok(c.sandbox.store.incompleteDocuments().some((d) => d.id === id));
		assert.equal((await c.sandbox.documents.content(id))?.toString(), 'version two');
	});

	it('renames, moves, trashes and restores', async () => {
		const { id } = await upload('Draft.docx', Buffer.from('draft'));
		const folders = await c.post('/folders.json?fields=id', {
			data: { name: 'Discovery', parent: { id: matterId, type: 'Matter' } },
		});
		const folderId = folders.body.data.id;
		const moved = await c.patch(`/documents/${id}.json?fields=name,parent{id}`, {
			data: { name: 'Final.docx', parent: { id: folderId, type: 'Folder' } },
		});
		assert.deepEqual(moved.body.data, { name: 'Final.docx', parent: { id: folderId } });
		assert.deepEqual(await listIds(`parent_id=${folderId}`), [id]);
		const matterRoot = (await c.get(`/matters/${matterId}.json?fields=folder{id}`)).body.data.folder
			.id;
		assert.ok(!(await listIds(`parent_id=${matterRoot}`)).includes(id));
		assert.ok((await listIds(`parent_id=${matterRoot}&scope=descendants`)).includes(id));

		// copy_version: an extension change on rename adds a version with the same bytes.
		const copied = await c.patch(
			`/documents/${id}.json?fields=name,latest_document_version{version_number,filename}`,
			{
				data: { name: 'Final.pdf', copy_version: true },
			},
		);
		assert.deepEqual(copied.body.data.latest_document_version, {
			version_number: 2,
			filename: 'Final.pdf',
		});
		assert.equal((await download(id)).bytes.toString(), 'draft');

		assert.equal((await c.del(`/documents/${id}.json`)).status, 204);
		assert.ok(!(await listIds(`matter_id=${matterId}`)).includes(id));
		const trashed = await c.get(
			`/documents.json?matter_id=${matterId}&include_deleted=true&fields=id,deleted_at`,
		);
		assert.ok(trashed.body.data.find((d: Json) => d.id === id).deleted_at);
		const restored = await c.patch(`/documents/${id}.json?fields=deleted_at`, {
			data: { restore: true },
		});
		assert.equal(restored.body.data.deleted_at, null);
		assert.ok((await listIds(`matter_id=${matterId}`)).includes(id));

		// Trashing the folder trashes what is in it.
		await c.del(`/folders/${folderId}.json`);
		assert.ok(!(await listIds(`matter_id=${matterId}`)).includes(id));
	});

	it('filters and orders like GET /documents', async () => {
		const a = await upload('Alpha memo.txt', Buffer.from('a'));
		const since = c.sandbox.clock.now().toISOString();
		const b = await upload('Beta memo.txt', Buffer.from('b'));
		assert.deepEqual(await listIds(`matter_id=${matterId}&query=memo`), [a.id, b.id]);
		assert.deepEqual(await listIds(`matter_id=${matterId}&query=memo&order=created_at(desc)`), [
			b.id,
			a.id,
		]);
		assert.deepEqual(await listIds(`matter_id=${matterId}&query=memo&order=name(asc)`), [
			a.id,
			b.id,
		]);
		assert.deepEqual(await listIds(`ids[]=${b.id}&ids[]=${a.id}`), [a.id, b.id]);
		assert.ok(!(await listIds(`matter_id=${matterId}&created_since=${since}`)).includes(a.id));
		const categories = await c.get('/document_categories.json?fields=id,name');
		const categoryId = categories.body.data.find((x: Json) => x.name === 'Contracts').id;
		await c.patch(`/documents/${a.id}.json`, { data: { document_category: { id: categoryId } } });
		assert.deepEqual(await listIds(`matter_id=${matterId}&document_category_id=${categoryId}`), [
			a.id,
		]);
		const contactDoc = await upload('ID.pdf', Buffer.from('id'), { id: 7, type: 'Contact' });
		assert.deepEqual(await listIds('contact_id=7'), [contactDoc.id]);
	});

	it('lists seeded templates and downloads one', async () => {
		const list = await c.get(
			'/document_templates.json?fields=id,filename,content_type,document_category{name}',
		);
		const names = list.body.data.map((t: Json) => t.filename);
		assert.ok(names.includes('Engagement Letter.docx'));
		const template = list.body.data.find((t: Json) => t.filename === 'Engagement Letter.docx');
		assert.equal(
			template.content_type,
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		);
		const res = await fetch(
			`${c.sandbox.apiBase}/document_templates/${template.id}/download.json`,
			{
				headers: { Authorization: `Bearer ${c.token}` },
				redirect: 'manual',
			},
		);
		assert.equal(res.status, 303);
		const file = await fetch(res.headers.get('location') as string);
		assert.match(await file.text(), /<<Matter\.DisplayNumber>>/);
	});

	it('generates documents by automation: queued, in_progress, then completed', async () => {
		const templates = await c.get('/document_templates.json?fields=id,filename');
		const templateId = templates.body.data.find(
			(t: Json) => t.filename === 'Engagement Letter.docx',
		).id;
		const generate = (matter: number) =>
			c.post('/document_automations.json?fields=id,state,export_formats,filename', {
				data: {
					document_template: { id: templateId },
					matter: { id: matter },
					filename: 'Engagement Letter',
					formats: ['pdf', 'original'],
				},
			});
		const created = await generate(3);
		assert.equal(created.status, 201);
		assert.equal(created.body.data.state, 'queued');
		const id = created.body.data.id;
		const show = `/document_automations/${id}.json?fields=id,state,documents{id,name}`;
		assert.equal((await c.get(show)).body.data.state, 'in_progress');
		const done = await c.get(show);
		assert.equal(done.body.data.state, 'completed');
		assert.deepEqual(done.body.data.documents.map((d: Json) => d.name).sort(), [
			'Engagement Letter.docx',
			'Engagement Letter.pdf',
		]);
		const pdf = done.body.data.documents.find((d: Json) => d.name.endsWith('.pdf'));
		assert.ok((await listIds('matter_id=3')).includes(pdf.id));
		const first = (await download(pdf.id)).bytes.toString();
		const matter3 = (await c.get('/matters/3.json?fields=display_number')).body.data.display_number;
		assert.ok(first.includes(matter3));

		// Another matter gives different content.
		const other = await generate(4);
		await c.sandbox.documents.flush();
		const otherDone = await c.get(
			`/document_automations/${other.body.data.id}.json?fields=state,documents{id,name}`,
		);
		assert.equal(otherDone.body.data.state, 'completed');
		const otherPdf = otherDone.body.data.documents.find((d: Json) => d.name.endsWith('.pdf'));
		assert.notEqual((await download(otherPdf.id)).bytes.toString(), first);
	});

	it('reaches failed and empty automation states when told to', async () => {
		const templateId = (await c.get('/document_templates.json?fields=id')).body.data[0].id;
		const data = {
			document_template: { id: templateId },
			matter: { id: 5 },
			filename: 'Letter',
			formats: ['pdf'],
		};
		for (const outcome of ['failed', 'empty'] as const) {
			c.sandbox.documents.automations({ outcome, polls: 1 });
			const created = await c.post('/document_automations.json', { data });
			const shown = await c.get(
				`/document_automations/${created.body.data.id}.json?fields=state,documents{id}`,
			);
			assert.deepEqual(shown.body.data, { state: outcome, documents: [] });
		}
		c.sandbox.documents.automations({ outcome: 'completed', polls: 2 });
		const missing = await c.post('/document_automations.json', {
			data: { ...data, document_template: { id: 999_999 } },
		});
		assert.equal(missing.status, 422);
	});

	it('generates documents some time after a matter enters a stage', async () => {
		const matter = (await c.get('/matters/6.json?fields=id,practice_area{id},matter_stage{id}'))
			.body.data;
		const stages = await c.get(
			`/matter_stages.json?practice_area_id=${matter.practice_area.id}&fields=id`,
		);
		const target = stages.body.data.find((s: Json) => s.id !== matter.matter_stage?.id).id;
		c.sandbox.documents.generateOnStage({
			stageId: target,
			delayMs: 60_000,
			names: ['Stage Checklist.pdf'],
		});
		const names = async () =>
			((await c.get('/documents.json?matter_id=6&fields=name')).body.data as Json[]).map(
				(d) => d.name,
			);
		await c.patch('/matters/6.json', { data: { matter_stage: { id: target } } });
		assert.ok(!(await names()).includes('Stage Checklist.pdf'));
		await c.sandbox.documents.flush();
		assert.ok((await names()).includes('Stage Checklist.pdf'));

		// With a short delay the generation happens on its own.
		const back = stages.body.data.find((s: Json) => s.id !== target).id;
		c.sandbox.documents.generateOnStage({
			stageId: back,
			delayMs: 20,
			names: ['Stage Letter.pdf'],
		});
		await c.patch('/matters/6.json', { data: { matter_stage: { id: back } } });
		await c.sandbox.documents.idle();
		assert.ok((await names()).includes('Stage Letter.pdf'));
	});

	it('sent no request that breaks the Clio API contract', () => {
		assert.deepEqual(
			c.sandbox.log.violations().map((e) => [e.method, e.path, e.violations]),
			[],
		);
	});
});
