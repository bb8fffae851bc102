import { WAIT_INDEFINITELY } from 'n8n-workflow';

import { sendAndWaitFields } from '../../../../nodes/InfobipTikTok/sendAndWait/description';
import { FREE_TEXT_FIELD, formFieldsFrom, readForm } from '../../../../nodes/InfobipTikTok/sendAndWait/form';
import { answeredPage, approvalPage, escapeHtml, formPage } from '../../../../nodes/InfobipTikTok/sendAndWait/page';
import { answerLinks, questionText, waitUntil } from '../../../../nodes/InfobipTikTok/sendAndWait/sendAndWait';

const ATTACK = `<script>alert("x")</script>' onload='x`;

describe('page rendering', () => {
	it('escapes every HTML special character', () => {
		expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
	});

	it('escapes titles, labels, placeholders, choices, values and errors from the workflow or the user', () => {
		const html = formPage({
			title: ATTACK,
			message: ATTACK,
			buttonLabel: ATTACK,
			fields: [
				{ label: ATTACK, type: 'dropdown', required: true, placeholder: ATTACK, choices: [ATTACK, 'b'], name: 'field-0' },
				{ label: 'Note', type: 'text', required: false, placeholder: '', choices: [], name: 'field-1' },
			],
			values: { 'field-1': ATTACK },
			errors: { 'field-0': ATTACK },
		});
		expect(html).not.toContain('<script>');
		expect(html).not.toMatch(/' onload='/);
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onload=&#39;x');
		expect(approvalPage({ title: ATTACK, message: '', buttonLabel: ATTACK, approved: true })).not.toContain('<script>');
	});

	it('is a small self-contained page for phones: viewport, inline CSS, no scripts, no outside resources', () => {
		const html = formPage({ title: 'Order', message: '', buttonLabel: 'Send', fields: [FREE_TEXT_FIELD] });
		expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
		expect(html).not.toMatch(/<script|<link|<img|src=|url\(|@import|https?:\/\//);
		expect(html.length).toBeLessThan(4000);
		expect(html).toContain('<textarea id="field-0" name="field-0" required>');
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
	});

	it('marks the decline button and keeps the choice in the posted form', () => {
		const html = approvalPage({ title: 'Refund?', message: '', buttonLabel: 'No thanks', approved: false });
		expect(html).toContain('value="decline"');
		expect(html).toContain('<button type="submit" class="secondary">No thanks</button>');
		expect(answeredPage('Done')).toMatch(/answer was recorded/);
	});

	it('keeps a rejected value and shows the problem beside its field', () => {
		const html = formPage({
			title: 'Order',
			message: '',
			buttonLabel: 'Send',
			fields: formFieldsFrom([{ fieldLabel: 'Order number', fieldType: 'number', requiredField: true }]),
			values: { 'field-0': 'abc' },
			errors: { 'field-0': 'Please enter a number.' },
		});
		expect(html).toContain('value="abc"');
		expect(html).toContain('aria-invalid="true"');
		expect(html).toContain('<p class="error">Please enter a number.</p>');
	});
});

describe('form fields', () => {
	const fields = formFieldsFrom([
		{ fieldLabel: 'Order number', fieldType: 'number', requiredField: true },
		{ fieldLabel: 'Email', fieldType: 'email' },
		{ fieldLabel: 'Size', fieldType: 'dropdown', fieldOptions: 'Small\nMedium, Large', requiredField: true },
		{ fieldLabel: 'Note', fieldType: 'text' },
	]);

	it('reads the Form Fields parameter', () => {
		expect(fields.map((field) => [field.name, field.label, field.type, field.required])).toEqual([
			['field-0', 'Order number', 'number', true],
			['field-1', 'Email', 'email', false],
			['field-2', 'Size', 'dropdown', true],
			['field-3', 'Note', 'text', false],
		]);
		expect(fields[2].choices).toEqual(['Small', 'Medium', 'Large']);
	});

	it.each([
		[[], /Form Fields: has no field/],
		[[{ fieldLabel: ' ' }], /field 1 > Label: is empty/],
		[[{ fieldLabel: 'A' }, { fieldLabel: 'A' }], /"A": is used by two fields/],
		[[{ fieldLabel: 'A', fieldType: 'date' }], /"A" > Type: must be one of/],
		[[{ fieldLabel: 'A', fieldType: 'dropdown', fieldOptions: ' , ' }], /"A" > Choices: is empty/],
	])('rejects a bad definition %j', (values, message) => {
		expect(() => formFieldsFrom(values)).toThrow(message);
	});

	it('turns a valid submission into values keyed by label, numbers as numbers, empty optional fields null', () => {
		expect(readForm(fields, { 'field-0': ' 1042 ', 'field-1': 'a@b.co', 'field-2': 'Medium', 'field-3': '' })).toEqual({
			values: { 'Order number': 1042, Email: 'a@b.co', Size: 'Medium', Note: null },
		});
	});

	it('names each problem of an invalid submission', () => {
		expect(readForm(fields, { 'field-0': 'twelve', 'field-1': 'nobody', 'field-2': 'Huge' })).toEqual({
			errors: {
				'field-0': 'Please enter a number.',
				'field-1': 'Please enter an email address.',
				'field-2': 'Please choose one of the options.',
			},
		});
		expect(readForm(fields, undefined)).toEqual({
			errors: { 'field-0': 'Please fill this in.', 'field-2': 'Please fill this in.' },
		});
	});

	it('reads fields posted as multipart form data (n8n: { data, files }) or flat', () => {
		expect(readForm([FREE_TEXT_FIELD], { data: { 'field-0': 'multipart' }, files: {} })).toEqual({ values: { Response: 'multipart' } });
		expect(readForm([FREE_TEXT_FIELD], { 'field-0': 'flat' })).toEqual({ values: { Response: 'flat' } });
	});

	it('requires the free text answer', () => {
		expect(readForm([FREE_TEXT_FIELD], { 'field-0': '  ' })).toEqual({ errors: { 'field-0': 'Please fill this in.' } });
		expect(readForm([FREE_TEXT_FIELD], { 'field-0': 'Yes, Tuesday' })).toEqual({ values: { Response: 'Yes, Tuesday' } });
	});
});

describe('question and wait', () => {
	const now = Date.UTC(2026, 10, 29, 12);

	it('waits indefinitely without Limit Wait Time', () => {
		expect(waitUntil(undefined)).toBe(WAIT_INDEFINITELY);
		expect(waitUntil({})).toBe(WAIT_INDEFINITELY);
	});

	it.each([
		[{ limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' }, now + 45 * 60_000],
		[{ limitType: 'afterTimeInterval', resumeAmount: 1.5, resumeUnit: 'hours' }, now + 90 * 60_000],
		[{ limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'days' }, now + 2 * 86_400_000],
		[{ limitType: 'afterTimeInterval', resumeAmount: 5, resumeUnit: 'seconds' }, now + 5_000],
		[{ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-01T09:00:00.000Z' }, Date.UTC(2026, 11, 1, 9)],
	])('limits the wait %j', (limit, expected) => {
		expect(waitUntil(limit, now).getTime()).toBe(expected);
	});

	it('rejects a wait limit it cannot read', () => {
		expect(() => waitUntil({ limitType: 'atSpecifiedTime', maxDateAndTime: 'soon' })).toThrow(/Max Date and Time: is not a date/);
		expect(() => waitUntil({ limitType: 'afterTimeInterval', resumeAmount: -1, resumeUnit: 'hours' })).toThrow(/Amount: must be/);
	});

	it('offers approve, approve and decline, or one link to the page', () => {
		expect(answerLinks('approval', {}, {})).toEqual([{ label: 'Approve', query: { approved: 'true' } }]);
		expect(answerLinks('approval', { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' }, {})).toEqual([
			{ label: 'Yes', query: { approved: 'true' } },
			{ label: 'No', query: { approved: 'false' } },
		]);
		expect(answerLinks('customForm', {}, { messageButtonLabel: 'Fill in' })).toEqual([{ label: 'Fill in', query: {} }]);
	});

	it('writes the links under the question, one per line', () => {
		expect(questionText(' Refund order 12? ', [{ label: 'Yes', url: 'https://n8n/y' }, { label: 'No', url: 'https://n8n/n' }])).toBe(
			'Refund order 12?\n\nYes: https://n8n/y\nNo: https://n8n/n',
		);
		expect(() => questionText('', [])).toThrow(/Message: is empty/);
	});
});

describe('description hygiene', () => {
	it('no text of the Send and Wait fields holds a tab (lint does not see them)', () => {
		const withTabs: string[] = [];
		const walk = (value: unknown, path: string) => {
			if (typeof value === 'string' && value.includes('\t')) withTabs.push(path);
			else if (typeof value === 'object' && value !== null) {
				for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
			}
		};
		walk(sendAndWaitFields, 'fields');
		expect(withTabs).toEqual([]);
	});
});
