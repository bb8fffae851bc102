import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FastParameters, parseJsonPath, readPath, NEEDS_N8N } from '../../../nodes/InfobipTikTok/parameters';
import { probeNodeType, runNode } from '../../support/n8n';

describe('parseJsonPath', () => {
	it.each([
		['={{ $json.field }}', ['field']],
		['={{$json.field}}', ['field']],
		['={{ $json.a.b }}', ['a', 'b']],
		['={{ $json["field name"] }}', ['field name']],
		["={{ $json['x'].y[2] }}", ['x', 'y', 2]],
		['={{ $json }}', []],
		['={{ $json.$weird_1 }}', ['$weird_1']],
	])('reads %s as a pure path', (expression, path) => {
		expect(parseJsonPath(expression)).toEqual(path);
	});

	it.each([
		'{{ $json.field }}',
		'=Hello {{ $json.name }}',
		'={{ $json.a }} ',
		'={{ $json.a }}{{ $json.b }}',
		'={{ $json.a.toUpperCase() }}',
		'={{ $json.a + 1 }}',
		'={{ $json?.a }}',
		'={{ $json.a || "x" }}',
		'={{ $json["a\\"b"] }}',
		'={{ $input.item.json.a }}',
		'={{ $("Trigger").item.json.a }}',
		'={{ $json[$json.key] }}',
	])('leaves %s to n8n', (expression) => {
		expect(parseJsonPath(expression)).toBeUndefined();
	});
});

describe('readPath', () => {
	const json = { a: { b: [1, { c: 'deep' }] }, s: 'text', n: null } as IDataObject;
	it('follows own properties and array indexes', () => {
		expect(readPath(json, ['a', 'b', 1, 'c'])).toBe('deep');
		expect(readPath(json, ['a', 'b', 'length'])).toBe(2);
		expect(readPath(json, ['missing'])).toBeUndefined();
	});
	it('leaves anything unusual to n8n', () => {
		expect(readPath(json, ['s', 'length'])).toBe(NEEDS_N8N);
		expect(readPath(json, ['n', 'x'])).toBe(NEEDS_N8N);
		expect(readPath(json, ['missing', 'x'])).toBe(NEEDS_N8N);
		expect(readPath(json, ['constructor'])).toBe(NEEDS_N8N);
	});
});

/** A node that reads its `value` parameter both ways for every item and reports both. */
const probe = probeNodeType(
	'Compares fast and n8n parameter reading',
	[
		{ displayName: 'Value', name: 'value', type: 'string', default: '={{ $json.defaultField }}' },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			default: {},
			options: [{ displayName: 'Nested', name: 'nested', type: 'string', default: '' }],
		},
	],
	async function (this: IExecuteFunctions) {
		const items = this.getInputData();
		const fast = new FastParameters(this, items);
		const value = fast.reader('value');
		const nested = fast.reader('options.nested', 'fallback');
		let n8nCalls = 0;
		const original = this.getNodeParameter.bind(this);
		(this as { getNodeParameter: unknown }).getNodeParameter = (...args: Parameters<typeof original>) => {
			n8nCalls++;
			return original(...args);
		};
		const rows = items.map((_, i) => ({
			fast: value(i),
			fastNested: nested(i),
		}));
		const fastCalls = n8nCalls;
		const results = items.map((_, i) => ({
			json: {
				...rows[i],
				n8n: original('value', i),
				n8nNested: original('options.nested', i, 'fallback'),
				fastCalls,
			} as IDataObject,
			pairedItem: { item: i },
		}));
		return [results];
	},
);

const items: IDataObject[] = [
	{ field: 'text', n: 42, f: 1.5, zero: 0, bool: false, nil: null, obj: { b: { c: 'deep' } }, arr: ['x', 'y'], 'field name': 'spaced', defaultField: 'from default', empty: '' },
	{ field: 'other', n: -1, obj: { b: null }, arr: [], s: 'str' },
	{},
];

describe('fast parameter reading gives what n8n computes', () => {
	const matrix = [
		'={{ $json.field }}',
		'={{ $json.n }}',
		'={{ $json.f }}',
		'={{ $json.zero }}',
		'={{ $json.bool }}',
		'={{ $json.nil }}',
		'={{ $json.empty }}',
		'={{ $json.missing }}',
		'={{ $json.obj }}',
		'={{ $json.obj.b }}',
		'={{ $json.obj.b.c }}',
		'={{ $json.arr }}',
		'={{ $json.arr[1] }}',
		'={{ $json.arr.length }}',
		'={{ $json["field name"] }}',
		'={{ $json.s.length }}',
		'={{ $json.missing.deeper }}',
		'={{ $json }}',
		'={{ $json.field.toUpperCase() }}',
		'=Hello {{ $json.field }}',
		'={{ $json.n + 1 }}',
		'={{ $json.field }} and more',
		'plain text',
		'',
	];

	it.each(matrix)('%s', async (expression) => {
		const { output } = await runNode(probe, { value: expression, options: { nested: expression } }, items);
		for (const { json } of output) {
			expect(json.fast).toEqual(json.n8n);
			expect(json.fastNested).toEqual(json.n8nNested);
		}
	});

	it('uses the description default when the parameter was never set', async () => {
		const { output } = await runNode(probe, {}, items);
		expect(output.map(({ json }) => json.fast)).toEqual(['from default', undefined, undefined]);
		expect(output.map(({ json }) => json.n8n)).toEqual(['from default', undefined, undefined]);
		expect(output[0].json.fastNested).toBe('fallback');
	});

	it('never asks n8n for pure paths and constants', async () => {
		const pure = await runNode(probe, { value: '={{ $json.obj.b.c }}', options: { nested: 'constant' } }, [items[0]]);
		expect(pure.output[0].json.fastCalls).toBe(0);
		const complex = await runNode(probe, { value: '={{ $json.field.toUpperCase() }}' }, items);
		expect(complex.output[0].json.fastCalls).toBe(items.length);
	});
});
