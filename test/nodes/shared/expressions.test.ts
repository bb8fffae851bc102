import { holdsExpression } from '../../../nodes/shared/expressions';

describe('holdsExpression', () => {
	it.each([
		['={{ $json.a }}', true],
		['=plain after the marker', true],
		['plain', false],
		['', false],
		[42, false],
		[true, false],
		[null, false],
		[undefined, false],
		[['message', 'seen'], false],
		[['message', '={{ "seen" }}'], true],
		[{ batchSize: 100, nested: { url: 'https://x' } }, false],
		[{ batchSize: 100, nested: { url: '={{ $json.url }}' } }, true],
		[{ property: [{ name: 'a', value: '={{ 1 }}' }] }, true],
	])('%j -> %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});
