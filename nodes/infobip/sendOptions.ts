import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { InvalidField } from './outbound';
import type { DeliveryTimeWindow, TikTokRequestOptions } from './types';

/** Infobip schedules at most this far ahead (`options.schedule.sendAt`). */
export const MAX_SCHEDULE_DAYS = 180;
export const MAX_BULK_ID_LENGTH = 100;
/** `from` and `to` of a delivery time window must be at least this far apart. */
export const MIN_WINDOW_MINUTES = 60;

export const PRIORITIES = ['HIGH', 'STANDARD', 'LOW'] as const;
export const SPEED_UNITS = ['MINUTE', 'HOUR', 'DAY'] as const;
export const DELIVERY_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;

const DAY_MS = 86_400_000;

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A date of n8n's date picker or an expression: a luxon DateTime, a JS Date, unix seconds or milliseconds,
 * or text (ISO 8601, SQL or RFC 2822). Text without an offset is read in `zone`, the workflow's time zone.
 */
export function readDate(field: string, value: unknown, zone: string): DateTime {
	let date: DateTime;
	if (DateTime.isDateTime(value)) date = value;
	else if (value instanceof Date) date = DateTime.fromJSDate(value);
	else if (typeof value === 'number') date = DateTime.fromMillis(value >= 1e11 ? value : value * 1000);
	else {
		const text = String(value).trim();
		date = DateTime.fromISO(text, { zone });
		if (!date.isValid) date = DateTime.fromSQL(text, { zone });
		if (!date.isValid) date = DateTime.fromRFC2822(text, { zone });
		if (!date.isValid) throw new InvalidField(field, `is not a date: "${text.slice(0, 50)}"`);
	}
	if (!date.isValid) throw new InvalidField(field, 'is not a valid date');
	return date;
}

/** Infobip's timestamp format, `2019-11-09T16:00:00.000+0000`, in UTC. */
export function infobipDate(date: DateTime): string {
	return date.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ");
}

/** Send At: empty is "now"; otherwise a time in the future, at most 180 days ahead. */
export function sendAtTime(value: unknown, zone: string, now = Date.now()): DateTime | undefined {
	if (isEmpty(value)) return undefined;
	const field = 'Send At';
	const at = readDate(field, value, zone);
	const shown = `${at.setZone(zone).toISO()} (time zone ${zone})`;
	if (at.toMillis() <= now) throw new InvalidField(field, `is in the past: ${shown}`);
	if (at.toMillis() > now + MAX_SCHEDULE_DAYS * DAY_MS) {
		throw new InvalidField(field, `is more than ${MAX_SCHEDULE_DAYS} days ahead: ${shown}; Infobip schedules at most ${MAX_SCHEDULE_DAYS} days ahead`);
	}
	return at;
}

/** Sending Speed Limit: `{ amount, timeUnit }` of the option's fixed collection; no amount means none. */
export function speedLimit(value: unknown): { amount: number; timeUnit: (typeof SPEED_UNITS)[number] } | undefined {
	const values = (typeof value === 'object' && value !== null ? value : {}) as IDataObject;
	if (isEmpty(values.amount)) return undefined;
	const amount = Number(values.amount);
	if (!Number.isInteger(amount) || amount < 1) {
		throw new InvalidField('Sending Speed Limit > Messages', `must be a whole number of 1 or more (got ${String(values.amount)})`);
	}
	const timeUnit = String(values.timeUnit || 'MINUTE').toUpperCase();
	if (!(SPEED_UNITS as readonly string[]).includes(timeUnit)) {
		throw new InvalidField('Sending Speed Limit > Per', `must be MINUTE, HOUR or DAY (got "${timeUnit}")`);
	}
	return { amount, timeUnit: timeUnit as (typeof SPEED_UNITS)[number] };
}

export interface RequestOptionsInput {
	sendAt?: unknown;
	bulkId?: unknown;
	speedLimit?: unknown;
	priority?: unknown;
}

/** The request-level options of one item, and what tells requests apart: items of one request share them. */
export interface RequestLevel {
	options?: TikTokRequestOptions;
	/** Equal for items whose request-level options are equal ('' without any). */
	key: string;
	/** Items with a Bulk ID or a speed limit go out in one request whatever the Batch Size (see docs). */
	oneRequest: boolean;
	sendAt?: DateTime;
}

export function requestLevel(input: RequestOptionsInput, zone: string, now = Date.now()): RequestLevel {
	const sendAt = sendAtTime(input.sendAt, zone, now);
	const bulkId = isEmpty(input.bulkId) ? undefined : String(input.bulkId).trim();
	if (bulkId !== undefined && bulkId.length > MAX_BULK_ID_LENGTH) {
		throw new InvalidField('Bulk ID', `is longer than ${MAX_BULK_ID_LENGTH} characters (${bulkId.length})`);
	}
	const sendingSpeedLimit = speedLimit(input.speedLimit);
	const priority = isEmpty(input.priority) ? undefined : String(input.priority).trim().toUpperCase();
	if (priority !== undefined && !(PRIORITIES as readonly string[]).includes(priority)) {
		throw new InvalidField('Priority', `must be HIGH, STANDARD or LOW (got "${priority.slice(0, 20)}")`);
	}
	const schedule: NonNullable<TikTokRequestOptions['schedule']> = {};
	if (bulkId !== undefined) schedule.bulkId = bulkId;
	if (sendAt !== undefined) schedule.sendAt = infobipDate(sendAt);
	if (sendingSpeedLimit !== undefined) schedule.sendingSpeedLimit = sendingSpeedLimit;
	const options: TikTokRequestOptions = {};
	if (Object.keys(schedule).length > 0) options.schedule = schedule;
	if (priority !== undefined) options.priority = priority as TikTokRequestOptions['priority'];
	if (Object.keys(options).length === 0) return { key: '', oneRequest: false };
	return {
		options,
		key: JSON.stringify(options),
		oneRequest: bulkId !== undefined || sendingSpeedLimit !== undefined,
		sendAt,
	};
}

/** `HH:mm` (or `H:mm`) to hour and minute. */
function timeOfDay(field: string, value: unknown): { hour: number; minute: number } {
	const text = String(value ?? '').trim();
	const match = /^(\d{1,2}):(\d{2})$/.exec(text);
	const hour = match ? Number(match[1]) : NaN;
	const minute = match ? Number(match[2]) : NaN;
	if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
		throw new InvalidField(field, `must be a time of day as HH:mm, 00:00 to 23:59 (got "${text.slice(0, 20)}")`);
	}
	return { hour, minute };
}

/** Days as the multi-select gives them (a list) or as an expression may (text separated by commas). */
function dayList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return list.map((day) => String(day).trim().toUpperCase()).filter((day) => day !== '');
}

/**
 * Delivery Time Window: the days (at least one) and, optionally, the time of day (UTC, as Infobip reads it)
 * from which and until which Infobip delivers, at least an hour apart. A window whose end is before its
 * start runs across midnight.
 */
export function deliveryTimeWindow(value: unknown): DeliveryTimeWindow | undefined {
	if (typeof value !== 'object' || value === null || Object.keys(value).length === 0) return undefined;
	const values = value as IDataObject;
	const days = dayList(values.days);
	if (days.length === 0) throw new InvalidField('Delivery Time Window > Days', 'is empty: pick at least one day');
	const unknown = days.filter((day) => !(DELIVERY_DAYS as readonly string[]).includes(day));
	if (unknown.length > 0) {
		throw new InvalidField('Delivery Time Window > Days', `has days that are not days of the week: ${unknown.join(', ').slice(0, 100)}`);
	}
	const window: DeliveryTimeWindow = { days: [...new Set(days)] as DeliveryTimeWindow['days'] };
	const hasFrom = !isEmpty(values.from);
	const hasTo = !isEmpty(values.to);
	if (!hasFrom && !hasTo) return window;
	if (hasFrom !== hasTo) {
		throw new InvalidField(
			hasFrom ? 'Delivery Time Window > To (UTC)' : 'Delivery Time Window > From (UTC)',
			'is empty: set both From and To, or neither',
		);
	}
	const from = timeOfDay('Delivery Time Window > From (UTC)', values.from);
	const to = timeOfDay('Delivery Time Window > To (UTC)', values.to);
	const length = (to.hour * 60 + to.minute - (from.hour * 60 + from.minute) + 1440) % 1440;
	if (length < MIN_WINDOW_MINUTES) {
		throw new InvalidField(
			'Delivery Time Window',
			`is shorter than an hour (${String(values.from).trim()} to ${String(values.to).trim()} UTC): Infobip needs From and To at least an hour apart`,
		);
	}
	return { ...window, from, to };
}
