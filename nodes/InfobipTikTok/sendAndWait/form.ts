import type { IDataObject } from 'n8n-workflow';

import { InvalidField } from '../../infobip/outbound';

/**
 * The answer fields of Send and Wait for Response: Free Text is one required text area, Custom Form the
 * fields defined in the node. Pure functions: they read the node's parameter values and the posted form.
 */

export type FieldType = 'text' | 'textarea' | 'number' | 'email' | 'dropdown';
const FIELD_TYPES: FieldType[] = ['text', 'textarea', 'number', 'email', 'dropdown'];

export interface FormField {
	label: string;
	type: FieldType;
	required: boolean;
	placeholder: string;
	/** Dropdown choices. */
	choices: string[];
	/** The name of the field in the posted form: stable, independent of the label's characters. */
	name: string;
}

export const FREE_TEXT_FIELD: FormField = {
	label: 'Response',
	type: 'textarea',
	required: true,
	placeholder: '',
	choices: [],
	name: 'field-0',
};

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());

/** Reads the Form Fields parameter (`formFields.values`); a field set up wrongly is an error naming it. */
export function formFieldsFrom(values: unknown): FormField[] {
	const list = Array.isArray(values) ? (values as IDataObject[]) : [];
	if (list.length === 0) throw new InvalidField('Form Fields', 'has no field: add at least one');
	const seen = new Set<string>();
	return list.map((value, index) => {
		const label = text(value.fieldLabel);
		if (label === '') throw new InvalidField(`Form Fields > field ${index + 1} > Label`, 'is empty');
		if (seen.has(label)) throw new InvalidField(`Form Fields > "${label}"`, 'is used by two fields');
		seen.add(label);
		const type = (text(value.fieldType) || 'text') as FieldType;
		if (!FIELD_TYPES.includes(type)) {
			throw new InvalidField(`Form Fields > "${label}" > Type`, `must be one of ${FIELD_TYPES.join(', ')}`);
		}
		const choices = text(value.fieldOptions)
			.split(/\r?\n|,/)
			.map((choice) => choice.trim())
			.filter((choice) => choice !== '');
		if (type === 'dropdown' && choices.length === 0) {
			throw new InvalidField(`Form Fields > "${label}" > Choices`, 'is empty: list the choices, one per line');
		}
		return {
			label,
			type,
			required: value.requiredField === true,
			placeholder: text(value.placeholder),
			choices,
			name: `field-${index}`,
		};
	});
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The posted fields: the pages post multipart/form-data (n8n 2.41 requires it for custom forms of
 * send-and-wait operations), which n8n parses into `{ data, files }`; other encodings arrive flat.
 */
export function postedFields(body: unknown): IDataObject {
	if (typeof body !== 'object' || body === null) return {};
	const data = (body as IDataObject).data;
	return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as IDataObject) : (body as IDataObject);
}

export type FormReading = { values: IDataObject } | { errors: Record<string, string> };

/**
 * Checks a posted form against its fields. The values are keyed by label, as n8n's own forms do;
 * numbers become numbers, empty optional fields null. Problems come back per field name, to show on the page.
 */
export function readForm(fields: FormField[], body: unknown): FormReading {
	const posted = postedFields(body);
	const values: IDataObject = {};
	const errors: Record<string, string> = {};
	for (const field of fields) {
		const raw = posted[field.name];
		const value = text(Array.isArray(raw) ? raw[0] : raw);
		if (value === '') {
			if (field.required) errors[field.name] = 'Please fill this in.';
			values[field.label] = null;
			continue;
		}
		if (field.type === 'number') {
			const number = Number(value);
			if (!Number.isFinite(number)) errors[field.name] = 'Please enter a number.';
			else values[field.label] = number;
		} else if (field.type === 'email' && !EMAIL.test(value)) {
			errors[field.name] = 'Please enter an email address.';
		} else if (field.type === 'dropdown' && !field.choices.includes(value)) {
			errors[field.name] = 'Please choose one of the options.';
		} else {
			values[field.label] = value;
		}
	}
	return Object.keys(errors).length > 0 ? { errors } : { values };
}
