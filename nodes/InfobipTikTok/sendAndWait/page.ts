import type { FormField } from './form';

/**
 * The pages a TikTok user sees after tapping a link: small, self-contained HTML (inline CSS, no scripts,
 * no external assets) that reads well at 390 px in TikTok's in-app browser. Every text from the workflow
 * or the user goes through escapeHtml.
 */

export function escapeHtml(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** Escaped text with its line breaks kept. */
const paragraph = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

/** Sent with every page: nothing may load from elsewhere, and the form may post only to this URL. */
export const PAGE_HEADERS: Record<string, string> = {
	'content-type': 'text/html; charset=utf-8',
	'content-security-policy':
		"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	'cache-control': 'no-store',
	'referrer-policy': 'no-referrer',
	'x-content-type-options': 'nosniff',
};

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f4f4f5;color:#18181b;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
main{max-width:32rem;margin:0 auto;padding:24px 16px}
.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.25rem;line-height:1.3;margin:0 0 12px}
p{margin:0 0 16px;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:16px 0 6px}
input,select,textarea{display:block;width:100%;font:inherit;padding:10px 12px;border:1px solid #a1a1aa;border-radius:8px;background:#fff;color:inherit}
textarea{min-height:7rem;resize:vertical}
.error{color:#b91c1c;font-size:.875rem;margin:4px 0 0}
.optional{font-weight:400;color:#52525b}
button{display:block;width:100%;min-height:48px;margin-top:20px;border:0;border-radius:8px;background:#fe2c55;color:#fff;font:inherit;font-weight:600}
button.secondary{background:#3f3f46}
`;

export function renderPage(title: string, content: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body><main><div class="card">
<h1>${escapeHtml(title)}</h1>
${content}
</div></main></body>
</html>`;
}

export interface QuestionPage {
	title: string;
	message: string;
	buttonLabel: string;
}

/** Approval: the link only opens this page; the answer is the button, so link previews answer nothing. */
export function approvalPage(page: QuestionPage & { approved: boolean }): string {
	return renderPage(
		page.title,
		`${page.message ? `<p>${paragraph(page.message)}</p>` : ''}
<form method="post" enctype="multipart/form-data">
<input type="hidden" name="confirm" value="${page.approved ? 'approve' : 'decline'}">
<button type="submit"${page.approved ? '' : ' class="secondary"'}>${escapeHtml(page.buttonLabel)}</button>
</form>`,
	);
}

function renderField(field: FormField, value: string, error: string | undefined): string {
	const id = escapeHtml(field.name);
	const common = `id="${id}" name="${id}"${field.required ? ' required' : ''}${error ? ' aria-invalid="true"' : ''}`;
	const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
	let control: string;
	if (field.type === 'textarea') {
		control = `<textarea ${common}${placeholder}>${escapeHtml(value)}</textarea>`;
	} else if (field.type === 'dropdown') {
		const options = field.choices
			.map((choice) => {
				const selected = choice === value ? ' selected' : '';
				return `<option value="${escapeHtml(choice)}"${selected}>${escapeHtml(choice)}</option>`;
			})
			.join('');
		control = `<select ${common}><option value="">${escapeHtml(field.placeholder || 'Choose...')}</option>${options}</select>`;
	} else {
		const type = field.type === 'number' ? 'number" step="any' : field.type;
		control = `<input type="${type}" ${common}${placeholder} value="${escapeHtml(value)}">`;
	}
	const optional = field.required ? '' : ' <span class="optional">(optional)</span>';
	return `<label for="${id}">${escapeHtml(field.label)}${optional}</label>
${control}${error ? `\n<p class="error">${escapeHtml(error)}</p>` : ''}`;
}

/** Free Text and Custom Form: the fields, with the values and problems of a rejected submission. */
export function formPage(
	page: QuestionPage & {
		fields: FormField[];
		values?: Record<string, string>;
		errors?: Record<string, string>;
	},
): string {
	const fields = page.fields
		.map((field) => renderField(field, page.values?.[field.name] ?? '', page.errors?.[field.name]))
		.join('\n');
	return renderPage(
		page.title,
		`${page.message ? `<p>${paragraph(page.message)}</p>` : ''}
<form method="post" enctype="multipart/form-data">
${fields}
<button type="submit">${escapeHtml(page.buttonLabel)}</button>
</form>`,
	);
}

/** Page titles without a Response Page Title. */
export const DEFAULT_TITLES = { approval: 'Please confirm', form: 'Your answer' } as const;

/** A link of an earlier question of the same node and execution: it answers nothing. */
export function stalePage(): string {
	return renderPage(
		'No action required',
		'<p>This link belongs to an earlier question, which is closed. Nothing was recorded. If you have been asked again, use the link in the newest message.</p>',
	);
}

export function answeredPage(title: string): string {
	return renderPage(title, '<p>Thank you, your answer was recorded. You can close this page now.</p>');
}
