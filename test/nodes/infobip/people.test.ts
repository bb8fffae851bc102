import {
	attributeDataType,
	personQuery,
	personUpdate,
	RateGate,
	tagBatches,
	tagList,
	tagPath,
} from '../../../nodes/infobip/people';

const query = (identifier: string) => personQuery(identifier, 'business');

describe('personUpdate', () => {
	const empty = { fields: {}, customAttributes: [], tags: '' };

	it('keeps only set fields, appends e-mail and phone as contact information, keeps value types', () => {
		expect(
			personUpdate({
				fields: { firstName: 'Jane', lastName: '', phone: '+41793026727', birthDate: '1990-01-31' },
				customAttributes: [
					{ name: 'visits', value: 3 },
					{ name: ' vip ', value: true },
				],
				tags: 'a, b, a,',
			}),
		).toEqual({
			firstName: 'Jane',
			birthDate: '1990-01-31',
			contactInformation: { phone: [{ number: '41793026727' }] },
			customAttributes: { visits: 3, vip: true },
			tags: ['a', 'b'],
		});
	});

	it('names the field of a bad value', () => {
		expect(() => personUpdate(empty)).toThrow('Update Fields: are empty');
		expect(() => personUpdate({ ...empty, fields: { birthDate: '31.1.1990' } })).toThrow('Birth Date: must look like YYYY-MM-DD');
		expect(() => personUpdate({ ...empty, fields: { preferredLanguage: 'English' } })).toThrow('Preferred Language');
		expect(() => personUpdate({ ...empty, customAttributes: [{ name: 'a[0]', value: 1 }] })).toThrow(
			'Custom Attribute "a[0]": may not contain',
		);
	});
});

describe('tag batches', () => {
	it('groups by tag, at most `size` distinct people per batch, repeats mapped to the same person', () => {
		const entries = ['u1', 'u2', 'u1', 'u3', 'u4'].map((user, index) => ({ index, tag: index === 3 ? 'y' : 'x', query: query(user) }));
		const batches = tagBatches(entries, 2);
		expect(batches.map((batch) => [batch.tag, batch.people.map((person) => person.identifier), batch.items])).toEqual([
			['x', ['u1', 'u2'], [{ index: 0, person: 0 }, { index: 1, person: 1 }, { index: 2, person: 0 }]],
			['x', ['u4'], [{ index: 4, person: 0 }]],
			['y', ['u3'], [{ index: 3, person: 0 }]],
		]);
	});

	it('encodes tag names in the path and reads tag lists', () => {
		expect(tagPath('tiktok ad/1')).toBe('/people/2/tags/tiktok%20ad%2F1/persons');
		expect(tagList(['a', ' b ', 'a'])).toEqual(['a', 'b']);
	});
});

it('types new custom attributes after their first value', () => {
	expect([attributeDataType('x'), attributeDataType(2.5), attributeDataType(false)]).toEqual(['STRING', 'DECIMAL', 'BOOLEAN']);
});

it('RateGate starts at most `perSecond` requests in any second, in order', async () => {
	const gate = new RateGate(2);
	const started: Array<[number, number]> = [];
	await Promise.all(
		[0, 1, 2, 3, 4].map(async (n) => {
			await gate.next();
			started.push([n, Date.now()]);
		}),
	);
	expect(started.map(([n]) => n)).toEqual([0, 1, 2, 3, 4]);
	const at = started.map(([, time]) => time);
	expect(at[2] - at[0]).toBeGreaterThanOrEqual(1000);
	expect(at[4] - at[2]).toBeGreaterThanOrEqual(1000);
});
