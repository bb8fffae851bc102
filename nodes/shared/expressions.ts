/**
 * Whether a raw parameter value holds an n8n expression anywhere. A value without one is returned by n8n
 * unchanged, so it can be used as it is, without a call into n8n's expression engine (with n8n 2.41's
 * default engine even a call for a plain value costs measurable time on every item or request).
 */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExpression);
	return false;
}
