/**
 * Event > Get Many with Order "Newest First". The Events API only pages forward, in the order
 * 1Password received events, so the newest events of a range are known only once the whole range
 * is read. This keeps the newest `capacity` items seen so far and nothing else: a min-heap on
 * (timestamp, arrival), whose root is the oldest item kept and is the one a newer item replaces.
 */
import type { INodeExecutionData } from 'n8n-workflow';

interface Entry {
	/** Epoch ms of the event's `timestamp`; an unreadable time counts as the oldest of all. */
	at: number;
	/** Arrival order: of two events stamped the same time, the one received later is newer. */
	seq: number;
	item: INodeExecutionData;
}

/** Negative when `a` is older than `b`. */
function compare(a: Entry, b: Entry): number {
	if (a.at !== b.at) return a.at < b.at ? -1 : 1;
	return a.seq - b.seq;
}

function timestampOf(item: INodeExecutionData): number {
	// `timestamp` on raw records and on simplified items alike.
	const value = item.json.timestamp;
	const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

export class NewestEvents {
	private readonly heap: Entry[] = [];
	/** Items offered so far, kept or not. */
	offered = 0;

	constructor(readonly capacity: number) {}

	get size(): number {
		return this.heap.length;
	}

	offer(item: INodeExecutionData): void {
		const entry: Entry = { at: timestampOf(item), seq: this.offered++, item };
		const { heap } = this;
		if (heap.length < this.capacity) {
			heap.push(entry);
			this.siftUp(heap.length - 1);
		} else if (heap.length > 0 && compare(entry, heap[0]) > 0) {
			heap[0] = entry;
			this.siftDown(0);
		}
	}

	/** The items kept, newest first. */
	newestFirst(): INodeExecutionData[] {
		return [...this.heap].sort((a, b) => compare(b, a)).map((entry) => entry.item);
	}

	private siftUp(index: number): void {
		const { heap } = this;
		let child = index;
		while (child > 0) {
			const parent = (child - 1) >> 1;
			if (compare(heap[child], heap[parent]) >= 0) return;
			[heap[child], heap[parent]] = [heap[parent], heap[child]];
			child = parent;
		}
	}

	private siftDown(index: number): void {
		const { heap } = this;
		let parent = index;
		for (;;) {
			const left = 2 * parent + 1;
			const right = left + 1;
			let smallest = parent;
			if (left < heap.length && compare(heap[left], heap[smallest]) < 0) smallest = left;
			if (right < heap.length && compare(heap[right], heap[smallest]) < 0) smallest = right;
			if (smallest === parent) return;
			[heap[parent], heap[smallest]] = [heap[smallest], heap[parent]];
			parent = smallest;
		}
	}
}
