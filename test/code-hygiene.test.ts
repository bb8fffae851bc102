/**
 * What n8n's lint rules do not catch: imports between node folders, declarations nobody uses, comments that point
 * at files outside this repository.
 */
import { sources } from './support/sources';

const shipped = sources(['nodes', 'credentials']);
const everything = sources(['nodes', 'credentials', 'test', 'e2e', 'bench', 'scripts']);

/** The repository path `target` names when `file` imports it. */
function resolve(file: string, target: string): string {
	const parts = file.split('/').slice(0, -1);
	for (const part of target.split('/')) {
		if (part === '..') parts.pop();
		else if (part !== '.') parts.push(part);
	}
	return parts.join('/');
}

describe('code hygiene', () => {
	it('no node folder imports from another: shared code lives in nodes/infobip or nodes/shared', () => {
		const crossings: string[] = [];
		for (const [file, text] of Object.entries(shipped)) {
			const [, folder] = file.split('/');
			for (const [, target] of text.matchAll(/from '(\.[^']+)'/g)) {
				const targetFolder = resolve(file, target).split('/')[1];
				if (![folder, 'infobip', 'shared'].includes(targetFolder)) crossings.push(`${file} imports ${target}`);
			}
		}
		expect(crossings).toEqual([]);
	});

	it('every exported declaration of the package is used somewhere', () => {
		const unused: string[] = [];
		for (const [file, text] of Object.entries(shipped)) {
			for (const [, name] of text.matchAll(/export\s+(?:async\s+)?(?:interface|type|function|const|class|enum)\s+(\w+)/g)) {
				const word = new RegExp(`\\b${name}\\b`, 'g');
				const usedHere = (text.match(word) ?? []).length > 1;
				const usedElsewhere = Object.entries(everything).some(([other, code]) => other !== file && word.test(code));
				if (!usedHere && !usedElsewhere) unused.push(`${file}: ${name}`);
			}
		}
		expect(unused).toEqual([]);
	});

	it('no comment points at a file outside the repository (reference notes, other machines)', () => {
		const outside = /\/work\/|API-NOTES|REAL-N8N|QUEUE-MODE|SEND-AND-WAIT\.md|CONVENTIONS\.md|\.\.\/shared\/(infobip|n8n)\b/;
		const pointers = Object.entries(shipped).flatMap(([file, text]) =>
			text
				.split('\n')
				.map((line, index) => [index + 1, line] as const)
				.filter(([, line]) => outside.test(line))
				.map(([number, line]) => `${file}:${number}: ${line.trim()}`),
		);
		expect(pointers).toEqual([]);
	});
});
