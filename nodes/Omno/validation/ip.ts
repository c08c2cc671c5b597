import { InvalidInputError } from './index';

function isIpv4(text: string): boolean {
	const parts = text.split('.');
	return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
	const halves = text.split('::');
	if (halves.length > 2) return false;
	const groups = (part: string) => (part ? part.split(':') : []);
	const head = groups(halves[0]);
	const tail = halves.length === 2 ? groups(halves[1]) : [];
	const all = [...head, ...tail];
	let slots = all.length;
	// An embedded IPv4 tail ("::ffff:192.0.2.1") counts as two groups.
	const last = all[all.length - 1];
	if (last !== undefined && last.includes('.')) {
		if (!isIpv4(last)) return false;
		all.pop();
		slots += 1;
	}
	if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
	return halves.length === 2 ? slots <= 7 : slots === 8;
}

/** The payer's IPv4 or IPv6 address (no port, no zone id). */
export function assertIp(value: unknown, field: string, label: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) throw new InvalidInputError(field, label, 'is empty');
	if (!isIpv4(text) && !isIpv6(text)) {
		throw new InvalidInputError(
			field,
			label,
			`must be an IPv4 or IPv6 address such as 203.0.113.7, got "${text.slice(0, 60)}"`,
		);
	}
	return text;
}
