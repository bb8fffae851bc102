import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	attributeDataType,
	customAttributeDefined,
	defineCustomAttribute,
	peopleCaller,
	personQuery,
	personUpdate,
	PERSONS_PATH,
	simplifyPerson,
	tagBatches,
	tagPath,
	unknownPerson,
	type PeopleCall,
	type PersonQuery,
} from '../../infobip/people';
import { asNodeError, getBaseUrl, isHttpStatus } from '../../infobip/transport';
import { invalidItem } from '../deliver';
import { FastParameters } from '../parameters';
import { perItem } from './read';

/** Simplified fields first; with Simplify off, everything People returned as well. */
function personOutput(context: IExecuteFunctions, index: number, person: IDataObject, query: PersonQuery): IDataObject {
	const simple = simplifyPerson(person, query);
	return context.getNodeParameter('simplify', index, true) ? simple : { ...person, ...simple };
}

function queryOf(context: IExecuteFunctions, index: number): PersonQuery {
	return personQuery(
		context.getNodeParameter('userId', index, ''),
		context.getNodeParameter('businessAccountId', index, ''),
	);
}

export async function getContact(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const call = peopleCaller(this, await getBaseUrl.call(this));
	return await perItem(this, items, async (index) => {
		// A bad value becomes an error naming the item and the field in perItem.
		const query = queryOf(this, index);
		try {
			const person = (await call({ method: 'GET', path: PERSONS_PATH, qs: { ...query } })) as IDataObject;
			return [personOutput(this, index, person ?? {}, query)];
		} catch (error) {
			if (isHttpStatus(error, 404)) return [unknownPerson(query)];
			throw asNodeError(this.getNode(), error);
		}
	});
}

/** Which of `names` the account has not defined as custom attributes (People answers 404 for those). */
async function undefinedAttributes(call: PeopleCall, names: string[]): Promise<string[]> {
	const missing: string[] = [];
	for (const name of names) {
		if (!(await customAttributeDefined(call, name))) missing.push(name);
	}
	return missing;
}

function updateBody(context: IExecuteFunctions, index: number): IDataObject {
	const rows = context.getNodeParameter('customAttributes.attribute', index, []) as IDataObject[];
	return personUpdate({
		fields: context.getNodeParameter('updateFields', index, {}) as IDataObject,
		customAttributes: rows,
		tags: context.getNodeParameter('tags', index, ''),
	});
}

export async function updateContact(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const call = peopleCaller(this, await getBaseUrl.call(this));
	// Read and check every item before the first request: a bad item stops nothing that was already sent.
	type Prepared = { query: PersonQuery; body: IDataObject } | { error: Error };
	const bodies = items.map((_, index): Prepared => {
		try {
			return { query: queryOf(this, index), body: updateBody(this, index) };
		} catch (error) {
			return { error: invalidItem(this, index, error) };
		}
	});
	const firstBad = bodies.find((entry) => 'error' in entry);
	if (firstBad && 'error' in firstBad && !this.continueOnFail()) throw firstBad.error;

	if (this.getNodeParameter('options.createMissingAttributes', 0, false) as boolean) {
		// The first value given for each attribute decides the data type of a new one.
		const samples = new Map<string, unknown>();
		for (const entry of bodies) {
			if (!('body' in entry)) continue;
			for (const [name, value] of Object.entries((entry.body.customAttributes as IDataObject | undefined) ?? {})) {
				if (!samples.has(name)) samples.set(name, value);
			}
		}
		for (const name of await undefinedAttributes(call, [...samples.keys()])) {
			await defineCustomAttribute(call, name, attributeDataType(samples.get(name)));
		}
	}

	return await perItem(this, items, async (index) => {
		const entry = bodies[index];
		if ('error' in entry) throw entry.error;
		const { query, body } = entry;
		try {
			const person = (await call({ method: 'PATCH', path: PERSONS_PATH, qs: { ...query }, body })) as IDataObject;
			return [personOutput(this, index, person ?? {}, query)];
		} catch (error) {
			throw await explainUpdateFailure(this, call, index, query, body, error);
		}
	});
}

/** An undefined custom attribute or an unknown person, said plainly; anything else as Infobip said it. */
async function explainUpdateFailure(
	context: IExecuteFunctions,
	call: PeopleCall,
	index: number,
	query: PersonQuery,
	body: IDataObject,
	error: unknown,
): Promise<Error> {
	const failure = asNodeError(context.getNode(), error);
	failure.message = `Item ${index}: ${failure.message}`;
	if (!isHttpStatus(error, 400) && !isHttpStatus(error, 404)) return failure;
	const names = Object.keys((body.customAttributes as IDataObject | undefined) ?? {});
	const missing = names.length > 0 ? await undefinedAttributes(call, names).catch(() => []) : [];
	if (missing.length > 0) {
		const list = missing.map((name) => `"${name}"`).join(', ');
		return new NodeOperationError(
			context.getNode(),
			`Item ${index}: Custom Attributes: People has no custom attribute ${list} in this Infobip account`,
			{
				itemIndex: index,
				description:
					'Define it in the Infobip web interface (People > Configuration > Custom attributes, choosing its data type) or turn on the option "Create Missing Custom Attributes" to let this node create it as text, number or boolean from the first value it is given.',
			},
		);
	}
	if (isHttpStatus(error, 404)) {
		return new NodeOperationError(
			context.getNode(),
			`Item ${index}: TikTok User ID: People has no contact for TikTok user "${query.identifier}" of business account "${query.sender}"`,
			{
				itemIndex: index,
				description:
					'Infobip creates the contact when the user first writes to the business account. Check TikTok User ID and Business Account ID.',
			},
		);
	}
	return failure;
}

/** "item 4" or "items 1, 2, 3 and 997 more": which items a failed batch carried. */
export function itemsLabel(indices: number[]): string {
	if (indices.length === 1) return `item ${indices[0]}`;
	const shown = indices.slice(0, 3).join(', ');
	return indices.length > 3 ? `items ${shown} and ${indices.length - 3} more` : `items ${shown}`;
}

export type TagAction = 'addTag' | 'removeTag';

/** How one person of a tag batch came out: acknowledged by People, or the failure that concerns it. */
type PersonOutcome = { ok: true } | { ok: false; error: unknown; group: number[] };

/**
 * One tag for many people. People answers a whole batch with one status, and its 404 ("Not found" in
 * people.json) may mean the tag or a person: the tag is then looked up (GET /people/2/tags/{name}); Add Tag
 * creates a missing one. When the tag exists, a 404 or 400 concerns some of the people: the batch is halved
 * until each bad person fails alone, and only people of an acknowledged request count as tagged.
 */
class TagSender {
	private tagExists: boolean | undefined;

	constructor(
		private readonly call: PeopleCall,
		private readonly action: TagAction,
		private readonly tag: string,
		private readonly people: PersonQuery[],
	) {}

	async settle(): Promise<PersonOutcome[]> {
		const outcomes: PersonOutcome[] = new Array(this.people.length);
		await this.send(
			this.people.map((_, person) => person),
			outcomes,
		);
		return outcomes;
	}

	private async send(group: number[], outcomes: PersonOutcome[]): Promise<void> {
		try {
			await this.call({
				method: this.action === 'addTag' ? 'PATCH' : 'DELETE',
				path: tagPath(this.tag),
				body: { people: group.map((person) => ({ query: this.people[person] })) },
			});
			for (const person of group) outcomes[person] = { ok: true };
			return;
		} catch (error) {
			const fail = (reason: unknown) => {
				for (const person of group) outcomes[person] = { ok: false, error: reason, group };
			};
			if (isHttpStatus(error, 404) && this.tagExists !== true) {
				try {
					this.tagExists = await this.lookUpTag();
				} catch (lookupError) {
					return fail(lookupError);
				}
				if (!this.tagExists) {
					if (this.action === 'removeTag') return fail(new TagMissing(this.tag));
					try {
						await this.call({ method: 'POST', path: '/people/2/tags', body: { name: this.tag } });
					} catch (createError) {
						// Another execution may have created it since the lookup: People then refuses the name.
						if (!(await this.createdMeanwhile(createError))) return fail(createError);
					}
					this.tagExists = true;
					return await this.send(group, outcomes);
				}
			}
			if (!isHttpStatus(error, 404) && !isHttpStatus(error, 400)) return fail(error);
			if (group.length === 1) return fail(isHttpStatus(error, 404) ? new PersonMissing(this.people[group[0]]) : error);
			const half = Math.ceil(group.length / 2);
			await this.send(group.slice(0, half), outcomes);
			await this.send(group.slice(half), outcomes);
		}
	}

	/** Whether a refused creation (400 or 409) was refused because the tag exists by now. */
	private async createdMeanwhile(createError: unknown): Promise<boolean> {
		if (!isHttpStatus(createError, 400) && !isHttpStatus(createError, 409)) return false;
		try {
			return await this.lookUpTag();
		} catch {
			return false;
		}
	}

	/** Whether the account has the tag: People answers 404 for a name it does not know. */
	private async lookUpTag(): Promise<boolean> {
		try {
			await this.call({ method: 'GET', path: `/people/2/tags/${encodeURIComponent(this.tag)}` });
			return true;
		} catch (error) {
			if (isHttpStatus(error, 404)) return false;
			throw asNodeError(this.call.node, error);
		}
	}
}

class TagMissing extends Error {
	constructor(tag: string) {
		super(`People has no tag "${tag}" in this Infobip account, so nobody has it to remove`);
	}
}

class PersonMissing extends Error {
	constructor(query: PersonQuery) {
		super(`TikTok User ID: People has no contact for TikTok user "${query.identifier}" of business account "${query.sender}"`);
	}
}

/** The error of the items whose people share one failure, naming the tag and the items. */
function tagFailure(context: IExecuteFunctions, tag: string, indices: number[], error: unknown): Error {
	const label = `Tag "${tag}", ${itemsLabel(indices)}`;
	if (error instanceof TagMissing || error instanceof PersonMissing) {
		return new NodeOperationError(context.getNode(), `${label}: ${error.message}`, {
			itemIndex: indices[0],
			description:
				error instanceof PersonMissing
					? 'Infobip creates the contact when the user first writes to the business account. Check TikTok User ID and Business Account ID.'
					: 'Create the tag in Infobip (People > Tags) or skip Remove Tag for it.',
		});
	}
	const failure = asNodeError(context.getNode(), error);
	failure.message = `${label}: ${failure.message}`;
	return failure;
}

/**
 * Add or remove tags for many people: one request per tag and 1,000 people, outcomes mapped back per item.
 * A failed request fails only the items it concerns; `added` / `removed` is true only for people of a request
 * People acknowledged.
 */
export async function changeTags(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	action: TagAction,
): Promise<INodeExecutionData[]> {
	const outcomes: Array<IDataObject | Error | undefined> = new Array(items.length).fill(undefined);
	const entries: Array<{ index: number; tag: string; query: PersonQuery }> = [];
	// Thousands of items: read the parameters without the expression engine where n8n's answer is plain JSON.
	const parameters = new FastParameters(this, items);
	const readTag = parameters.reader<unknown>('tag', '');
	const readUser = parameters.reader<unknown>('userId', '');
	const readBusiness = parameters.reader<unknown>('businessAccountId', '');
	items.forEach((_, index) => {
		try {
			const tag = String(readTag(index) ?? '').trim();
			const query = personQuery(readUser(index), readBusiness(index));
			if (tag === '') throw new NodeOperationError(this.getNode(), `Item ${index}: Tag is empty`, { itemIndex: index });
			entries.push({ index, tag, query });
		} catch (error) {
			outcomes[index] = invalidItem(this, index, error);
		}
	});
	const firstBad = outcomes.find((outcome) => outcome instanceof Error);
	if (firstBad && !this.continueOnFail()) throw firstBad;

	const call = peopleCaller(this, await getBaseUrl.call(this));
	for (const batch of tagBatches(entries)) {
		const people = await new TagSender(call, action, batch.tag, batch.people).settle();
		const failures = new Map<number[], Error>();
		const itemsOf = (group: number[]) =>
			batch.items.filter(({ person }) => group.includes(person)).map(({ index }) => index);
		for (const { index, person } of batch.items) {
			const outcome = people[person];
			if (outcome.ok) {
				const query = batch.people[person];
				outcomes[index] = {
					tag: batch.tag,
					userId: query.identifier,
					businessAccountId: query.sender,
					[action === 'addTag' ? 'added' : 'removed']: true,
				};
				continue;
			}
			let failure = failures.get(outcome.group);
			if (!failure) {
				failure = tagFailure(this, batch.tag, itemsOf(outcome.group), outcome.error);
				failures.set(outcome.group, failure);
			}
			if (!this.continueOnFail()) throw failure;
			outcomes[index] = failure;
		}
	}
	return outcomes.map((outcome, index) => ({
		json: outcome instanceof Error ? { error: outcome.message } : (outcome as IDataObject),
		pairedItem: { item: index },
	}));
}
