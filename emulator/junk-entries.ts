/**
 * `malformed-records`: entries that are not records, mixed into a page's items the way a broken
 * serialiser or proxy might: null, a number, a string and an array. The real records stay, in
 * order; only their positions in the array shift. A client must skip the junk, not the page.
 */
const JUNK: readonly unknown[] = [null, 42, 'not-a-record', ['nested', 'array']];

export function mixInJunk<T>(items: readonly T[]): { items: Array<T | unknown>; junk: number } {
	const mixed: Array<T | unknown> = [];
	// Spread over the page: before the first record, between records, and after the last.
	const slots = JUNK.map((_, index) => Math.round((index * items.length) / (JUNK.length - 1)));
	let next = 0;
	for (let position = 0; position <= items.length; position++) {
		while (next < JUNK.length && slots[next] === position) mixed.push(JUNK[next++]);
		if (position < items.length) mixed.push(items[position]);
	}
	return { items: mixed, junk: JUNK.length };
}
