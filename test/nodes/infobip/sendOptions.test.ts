import { DateTime } from 'luxon';

import { InvalidField } from '../../../nodes/infobip/outbound';
import { deliveryTimeWindow, readDate, requestLevel, sendAtTime, speedLimit } from '../../../nodes/infobip/sendOptions';

const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const DAY = 86_400_000;

describe('Send At', () => {
	it('reads the date picker text in the workflow time zone, keeps an offset, and takes DateTime, Date and Unix time', () => {
		expect(sendAtTime('2026-12-03T09:30:00', 'Asia/Tokyo', NOW)!.toUTC().toISO()).toBe('2026-12-03T00:30:00.000Z');
		expect(sendAtTime('2026-12-03T09:30:00+01:00', 'Asia/Tokyo', NOW)!.toUTC().toISO()).toBe('2026-12-03T08:30:00.000Z');
		expect(sendAtTime('2026-12-03 09:30', 'UTC', NOW)!.toUTC().toISO()).toBe('2026-12-03T09:30:00.000Z');
		const at = DateTime.fromMillis(NOW + 3_600_000);
		expect(sendAtTime(at, 'UTC', NOW)!.toMillis()).toBe(NOW + 3_600_000);
		expect(sendAtTime(new Date(NOW + 60_000), 'UTC', NOW)!.toMillis()).toBe(NOW + 60_000);
		expect(sendAtTime((NOW + 60_000) / 1000, 'UTC', NOW)!.toMillis()).toBe(NOW + 60_000);
		expect(sendAtTime(NOW + 60_000, 'UTC', NOW)!.toMillis()).toBe(NOW + 60_000);
	});

	it('empty is now; exactly 180 days ahead goes, a millisecond more or now itself does not', () => {
		expect(sendAtTime('', 'UTC', NOW)).toBeUndefined();
		expect(sendAtTime(null, 'UTC', NOW)).toBeUndefined();
		expect(sendAtTime(new Date(NOW + 180 * DAY), 'UTC', NOW)!.toMillis()).toBe(NOW + 180 * DAY);
		expect(() => sendAtTime(new Date(NOW + 180 * DAY + 1), 'UTC', NOW)).toThrow(/more than 180 days ahead/);
		expect(() => sendAtTime(new Date(NOW), 'UTC', NOW)).toThrow(/is in the past: 2026-12-02T12:00:00.000Z \(time zone UTC\)/);
	});

	it('names the field on a value that is no date', () => {
		expect(() => readDate('Send At', 'next week', 'UTC')).toThrow(InvalidField);
		expect(() => readDate('Send At', 'next week', 'UTC')).toThrow('Send At: is not a date: "next week"');
	});
});

describe('request-level options', () => {
	it('are absent without any value, and equal values give equal keys', () => {
		expect(requestLevel({}, 'UTC', NOW)).toEqual({ key: '', oneRequest: false });
		const a = requestLevel({ sendAt: '2026-12-03T09:30:00', priority: 'low' }, 'UTC', NOW);
		const b = requestLevel({ sendAt: '2026-12-03T10:30:00+01:00', priority: 'LOW' }, 'UTC', NOW);
		expect(a.options).toEqual({ schedule: { sendAt: '2026-12-03T09:30:00.000+0000' }, priority: 'LOW' });
		expect(a.key).toBe(b.key);
		expect(a.oneRequest).toBe(false);
		expect(requestLevel({ bulkId: ' x ' }, 'UTC', NOW)).toMatchObject({ options: { schedule: { bulkId: 'x' } }, oneRequest: true });
		expect(requestLevel({ speedLimit: { amount: 3 } }, 'UTC', NOW)).toMatchObject({
			options: { schedule: { sendingSpeedLimit: { amount: 3, timeUnit: 'MINUTE' } } },
			oneRequest: true,
		});
	});

	it('a speed limit needs a whole number of 1 or more and a known unit; no amount means none', () => {
		expect(speedLimit({})).toBeUndefined();
		expect(speedLimit({ amount: '', timeUnit: 'DAY' })).toBeUndefined();
		expect(speedLimit({ amount: '7', timeUnit: 'day' })).toEqual({ amount: 7, timeUnit: 'DAY' });
		expect(() => speedLimit({ amount: -1 })).toThrow(/whole number of 1 or more/);
		expect(() => speedLimit({ amount: 2, timeUnit: 'WEEK' })).toThrow(/must be MINUTE, HOUR or DAY/);
	});
});

describe('Delivery Time Window', () => {
	it('takes days from a list or from text, upper-cases them and drops repeats; times as HH:mm', () => {
		expect(deliveryTimeWindow({ days: 'monday, Friday, MONDAY', from: '7:05', to: '23:59' })).toEqual({
			days: ['MONDAY', 'FRIDAY'],
			from: { hour: 7, minute: 5 },
			to: { hour: 23, minute: 59 },
		});
		expect(deliveryTimeWindow({ days: ['SUNDAY'] })).toEqual({ days: ['SUNDAY'] });
		expect(deliveryTimeWindow({})).toBeUndefined();
		expect(deliveryTimeWindow(undefined)).toBeUndefined();
	});

	it('needs at least an hour between From and To, across midnight too', () => {
		expect(deliveryTimeWindow({ days: ['MONDAY'], from: '23:30', to: '00:30' })).toMatchObject({ to: { hour: 0, minute: 30 } });
		expect(() => deliveryTimeWindow({ days: ['MONDAY'], from: '23:30', to: '00:29' })).toThrow(/shorter than an hour/);
		expect(() => deliveryTimeWindow({ days: ['MONDAY'], from: '10:00', to: '10:00' })).toThrow(/shorter than an hour/);
		expect(() => deliveryTimeWindow({ days: ['MONDAY'], from: '10:60', to: '12:00' })).toThrow(/HH:mm, 00:00 to 23:59/);
	});
});
