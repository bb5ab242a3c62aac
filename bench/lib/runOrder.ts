/**
 * The order variants run in, round by round: a Williams design (a balanced Latin square). Over
 * one period every variant runs once in every position, and every variant directly follows
 * every other exactly once (for an odd count the square and its mirror image, so twice). So no
 * variant always runs first, on a cold machine, or always after the same neighbour.
 */

/** Rounds after which the order is fully balanced: the count for an even count, twice it otherwise. */
export function balancePeriod(count: number): number {
	return count % 2 === 0 ? count : 2 * count;
}

/** The order (indices 0..count-1) of round `round`; rounds repeat after balancePeriod(count). */
export function roundOrder(count: number, round: number): number[] {
	// First row 0, 1, n-1, 2, n-2, ...; each further row adds one to every entry (mod n).
	const first = [0];
	for (let low = 1, high = count - 1, index = 1; index < count; index++)
		first.push(index % 2 === 1 ? low++ : high--);
	const inPeriod = round % balancePeriod(count);
	const row = first.map((entry) => (entry + (inPeriod % count)) % count);
	return inPeriod < count ? row : row.reverse();
}

/** True when `rounds` rounds cover whole periods, so the order is balanced over them. */
export function isBalanced(count: number, rounds: number): boolean {
	return rounds % balancePeriod(count) === 0;
}
