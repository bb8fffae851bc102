import {
	conversion,
	eventTimeSeconds,
	InvalidField,
	outboundEvent,
	textContent,
	validityPeriod,
} from '../../../nodes/infobip/outbound';
import { validateAgainst } from '../../support/openapi';

describe('outbound mapping', () => {
	it('accepts text up to 6,000 characters, not one more', () => {
		expect(textContent('x'.repeat(6000), '')).toEqual({ type: 'TEXT', text: 'x'.repeat(6000) });
		expect(() => textContent('x'.repeat(6001), '')).toThrow(InvalidField);
	});

	it('caps the validity period at 48 hours in any unit, as Infobip does', () => {
		expect(validityPeriod(48, 'HOURS')).toEqual({ amount: 48, timeUnit: 'HOURS' });
		expect(validityPeriod(72, 'HOURS')).toEqual({ amount: 48, timeUnit: 'HOURS' });
		expect(validityPeriod(2880, 'minutes')).toEqual({ amount: 2880, timeUnit: 'MINUTES' });
		expect(validityPeriod(2881, 'MINUTES')).toEqual({ amount: 2880, timeUnit: 'MINUTES' });
		expect(validityPeriod(172801, 'SECONDS')).toEqual({ amount: 172800, timeUnit: 'SECONDS' });
		expect(() => validityPeriod(1.5, 'HOURS')).toThrow('whole number');
		expect(validityPeriod(0, 'HOURS')).toBeUndefined();
	});

	it('builds events that validate against the OpenAPI document', () => {
		const event = outboundEvent({ businessAccountId: 'biz', recipient: 'user', entityId: 'e', messageId: 'm-1' }, 'MARK_AS_READ');
		expect(validateAgainst('TikTokEventRequest', { events: [event] })).toEqual([]);
		expect(event).toEqual({
			sender: 'biz',
			destinations: [{ to: 'user', messageId: 'm-1' }],
			content: { type: 'MARK_AS_READ' },
			options: { platform: { entityId: 'e' } },
		});
	});

	it('turns event times into unix seconds', () => {
		const now = Date.parse('2026-11-28T10:00:00Z');
		expect(eventTimeSeconds('', now)).toBe(1795860000);
		expect(eventTimeSeconds(1684574395)).toBe(1684574395);
		expect(eventTimeSeconds('1684574395')).toBe(1684574395);
		expect(eventTimeSeconds(1684574395123)).toBe(1684574395);
		expect(eventTimeSeconds('2023-05-20T09:19:55.000+00:00')).toBe(1684574395);
		expect(() => eventTimeSeconds('soon')).toThrow(InvalidField);
	});

	it('sends conversion properties as strings, the way the product page shows', () => {
		expect(
			conversion({ sourceId: 'biz', event: 'AddToCart', eventTime: 1, user: 'u', quantity: 2, value: '9.5', currency: 'usd' }),
		).toEqual({
			sourceId: 'biz',
			conversion: {
				event: 'AddToCart',
				event_time: 1,
				user: { tiktok_unique_identifier: 'u' },
				properties: { quantity: '2', currency: 'USD', value: '9.5' },
			},
		});
		expect(() => conversion({ sourceId: 'biz', event: 'X', eventTime: 1, user: 'u', price: 'ten' })).toThrow(
			'Price: is not a number',
		);
	});
});
