/**
 * Include Contact: a contact People does not know carries the same fields as a found one (null, empty), so that
 * an IF on `contact.email` or `contact.firstName` reads the same whether People knew the user or not.
 */
import type { IDataObject } from 'n8n-workflow';

import { InfobipTikTokTrigger } from '../../../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import { BUSINESS, body, manyTexts } from '../../fixtures/webhooks';
import { InfobipStandIn } from '../../support/infobip-standin';
import { WebhookHarness, type CredentialStore } from '../../support/n8n';

const trigger = new InfobipTikTokTrigger();
const standIn = new InfobipStandIn({ apiKey: 'fields-key' });
let store: CredentialStore;

beforeAll(async () => {
	const baseUrl = await standIn.start();
	store = { infobipTikTokApi: { apiKey: 'fields-key', baseUrl } };
});
afterAll(async () => await standIn.stop());

it('an unknown contact has every field of a found one, as null or empty', async () => {
	// From user-0 (People knows them) and user-1 (People does not).
	standIn.addPerson('user-0', BUSINESS, { firstName: 'Ana', contactInformation: { email: [{ address: 'ana@example.com' }] } });
	const outcome = await new WebhookHarness(trigger, { includeContact: true }, store).call({ body: body(manyTexts(2, 'f')) });
	const [found, missing] = outcome.items.map((item) => item.contact as IDataObject);
	expect(found).toMatchObject({ found: true, userId: 'user-0', firstName: 'Ana', email: 'ana@example.com' });
	expect(missing).toEqual({
		found: false,
		userId: 'user-1',
		businessAccountId: BUSINESS,
		displayName: null,
		firstName: null,
		lastName: null,
		email: null,
		phone: null,
		tags: [],
		customAttributes: {},
		error: null,
	});
	expect(Object.keys(missing).sort()).toEqual(Object.keys(found).sort());
});
