import type { IDataObject, INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { InvalidField, requireText } from './outbound';
import { asNodeError, infobipRequest, isHttpStatus, type InfobipContext, type InfobipRequest } from './transport';

/** How People finds a TikTok contact: the user and the business account the user wrote to. */
export interface PersonQuery {
	type: 'TIKTOK_BM';
	identifier: string;
	sender: string;
}

export const PERSONS_PATH = '/people/2/persons';
/** People takes at most 1,000 people in one tag batch. */
export const MAX_TAG_BATCH = 1000;
/** People answers at most 5 requests a second per account. */
export const PEOPLE_REQUESTS_PER_SECOND = 5;

export function personQuery(userId: unknown, businessAccountId: unknown): PersonQuery {
	return {
		type: 'TIKTOK_BM',
		identifier: requireText('TikTok User ID', userId),
		sender: requireText('Business Account ID', businessAccountId),
	};
}

export const tagPath = (tag: string) => `/people/2/tags/${encodeURIComponent(tag)}/persons`;

/** The contact in a shape a Switch or IF can read: tags as a list, custom attributes by name. */
export function simplifyPerson(person: IDataObject, query: PersonQuery): IDataObject {
	const userId = query.identifier;
	const contacts = (person.contactInformation as IDataObject | undefined) ?? {};
	const tiktok = Array.isArray(contacts.tiktokBm) ? (contacts.tiktokBm as IDataObject[]) : [];
	const own = tiktok.find((entry) => entry.userId === userId) ?? tiktok[0];
	const first = (list: unknown, field: string) =>
		Array.isArray(list) && list.length > 0 ? ((list[0] as IDataObject)[field] ?? null) : null;
	return {
		found: true,
		userId,
		businessAccountId: query.sender,
		displayName: ((own?.systemData as IDataObject | undefined)?.displayName as string | undefined) ?? null,
		firstName: person.firstName ?? null,
		lastName: person.lastName ?? null,
		email: first(contacts.email, 'address'),
		phone: first(contacts.phone, 'number'),
		tags: Array.isArray(person.tags) ? person.tags : [],
		customAttributes: (person.customAttributes as IDataObject | undefined) ?? {},
	};
}

/** What Get returns for a user People does not know: the fields of a found contact, empty. */
export function unknownPerson(query: PersonQuery): IDataObject {
	return {
		found: false,
		userId: query.identifier,
		businessAccountId: query.sender,
		displayName: null,
		firstName: null,
		lastName: null,
		email: null,
		phone: null,
		tags: [],
		customAttributes: {},
	};
}

/** Standard attributes of a person the Update operation sets, by parameter name. */
const STANDARD_ATTRIBUTES = [
	'firstName',
	'lastName',
	'middleName',
	'preferredLanguage',
	'gender',
	'birthDate',
	'city',
	'country',
	'address',
	'externalId',
	'profilePicture',
	'type',
] as const;

export interface PersonUpdateInput {
	/** Standard attributes plus `email` and `phone`, as the Update Fields collection holds them. */
	fields: IDataObject;
	customAttributes: Array<{ name?: unknown; value?: unknown }>;
	tags: unknown;
}

/** Comma-separated text or a list, as tag names without blanks or repeats. */
export function tagList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}

/**
 * The PATCH body for one person: values replace, tags append (People's rules). Custom attribute values keep
 * their type (an expression may give a number or a boolean); an empty name is an error naming the row.
 */
export function personUpdate(input: PersonUpdateInput): IDataObject {
	const body: IDataObject = {};
	for (const name of STANDARD_ATTRIBUTES) {
		const value = input.fields[name];
		if (value !== undefined && value !== null && String(value).trim() !== '') {
			body[name] = typeof value === 'string' ? value.trim() : value;
		}
	}
	if (body.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.birthDate))) {
		throw new InvalidField('Birth Date', 'must look like YYYY-MM-DD');
	}
	if (body.preferredLanguage !== undefined && !/^[a-z]{2}(-[A-Za-z]{2})?$/.test(String(body.preferredLanguage))) {
		throw new InvalidField('Preferred Language', 'must be a two-letter code such as "en" or "en-GB"');
	}
	const contactInformation: IDataObject = {};
	const email = String(input.fields.email ?? '').trim();
	if (email !== '') {
		if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new InvalidField('Email', `"${email}" is not an e-mail address`);
		contactInformation.email = [{ address: email }];
	}
	const phone = String(input.fields.phone ?? '').trim();
	if (phone !== '') contactInformation.phone = [{ number: phone.replace(/^\+/, '') }];
	if (Object.keys(contactInformation).length > 0) body.contactInformation = contactInformation;

	const customAttributes: IDataObject = {};
	input.customAttributes.forEach((row, index) => {
		const name = String(row.name ?? '').trim();
		if (name === '') throw new InvalidField(`Custom Attributes row ${index + 1} Name`, 'is empty');
		if (/[{}[\]]/.test(name)) throw new InvalidField(`Custom Attribute "${name}"`, 'may not contain {, }, [ or ]');
		customAttributes[name] = row.value === undefined ? null : (row.value as IDataObject[string]);
	});
	if (Object.keys(customAttributes).length > 0) body.customAttributes = customAttributes;

	const tags = tagList(input.tags);
	if (tags.length > 0) body.tags = tags;
	if (Object.keys(body).length === 0) {
		throw new InvalidField('Update Fields', 'are empty: set at least one attribute, custom attribute or tag');
	}
	return body;
}

export type AttributeDataType = 'STRING' | 'DECIMAL' | 'BOOLEAN';

/** People's data type for a new custom attribute, from the first value it will hold. */
export function attributeDataType(value: unknown): AttributeDataType {
	if (typeof value === 'boolean') return 'BOOLEAN';
	if (typeof value === 'number') return 'DECIMAL';
	return 'STRING';
}

export interface TagBatch {
	tag: string;
	people: PersonQuery[];
	/** For each input item of the batch, the index of its person in `people`. */
	items: Array<{ index: number; person: number }>;
}

/**
 * Groups items by tag name into batches of at most `size` distinct people, so a thousand items with one tag
 * make one request; the same person twice under one tag is sent once.
 */
export function tagBatches(
	entries: Array<{ index: number; tag: string; query: PersonQuery }>,
	size = MAX_TAG_BATCH,
): TagBatch[] {
	const byTag = new Map<string, TagBatch[]>();
	const placed = new Map<string, { batch: TagBatch; person: number }>();
	for (const { index, tag, query } of entries) {
		const key = JSON.stringify([tag, query.sender, query.identifier]);
		const known = placed.get(key);
		if (known) {
			known.batch.items.push({ index, person: known.person });
			continue;
		}
		const batches = byTag.get(tag) ?? [];
		byTag.set(tag, batches);
		let batch = batches[batches.length - 1];
		if (!batch || batch.people.length >= size) {
			batch = { tag, people: [], items: [] };
			batches.push(batch);
		}
		placed.set(key, { batch, person: batch.people.length });
		batch.items.push({ index, person: batch.people.length });
		batch.people.push(query);
	}
	return [...byTag.values()].flat();
}

/**
 * Spaces requests to People out to at most `perSecond` starts in any second, within this n8n process.
 * Callers await `next()` before each request; waiting turns are served in order.
 */
export class RateGate {
	private readonly starts: number[] = [];
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly perSecond: number,
		private readonly now: () => number = Date.now,
	) {}

	async next(): Promise<void> {
		const turn = this.queue.then(async () => {
			while (this.starts.length >= this.perSecond) {
				const wait = this.starts[0] + 1000 - this.now();
				if (wait <= 0) {
					this.starts.shift();
					continue;
				}
				await sleep(wait);
			}
			this.starts.push(this.now());
		});
		this.queue = turn;
		await turn;
	}
}

/** One gate for every People request of this process: nodes, executions and trigger calls share the limit. */
export const peopleGate = new RateGate(PEOPLE_REQUESTS_PER_SECOND);

/** A People request that waits for its turn at `peopleGate`; `node` is the node its errors name. */
export type PeopleCall = ((request: InfobipRequest) => Promise<unknown>) & { node: INode };

export function peopleCaller(context: InfobipContext, baseUrl: string): PeopleCall {
	const call = async (request: InfobipRequest) => {
		await peopleGate.next();
		return await infobipRequest.call(context, baseUrl, request);
	};
	return Object.assign(call, { node: context.getNode() });
}

const CUSTOM_ATTRIBUTES_PATH = '/people/2/customAttributes';

/** Whether the account has custom attribute `name`: People answers 404 for a name it does not know. */
export async function customAttributeDefined(call: PeopleCall, name: string): Promise<boolean> {
	try {
		await call({ method: 'GET', path: `${CUSTOM_ATTRIBUTES_PATH}/${encodeURIComponent(name)}` });
		return true;
	} catch (error) {
		if (isHttpStatus(error, 404)) return false;
		throw asNodeError(call.node, error);
	}
}

/**
 * Defines custom attribute `name`. Executions (or processes) that find it missing at the same time all
 * define it, and People refuses (400) every definition but the first: a refused one is fine when a lookup
 * then finds the attribute.
 */
export async function defineCustomAttribute(call: PeopleCall, name: string, dataType: AttributeDataType): Promise<void> {
	try {
		await call({ method: 'POST', path: CUSTOM_ATTRIBUTES_PATH, body: { name, dataType } });
	} catch (error) {
		if (isHttpStatus(error, 400) && (await customAttributeDefined(call, name))) return;
		throw asNodeError(call.node, error);
	}
}
