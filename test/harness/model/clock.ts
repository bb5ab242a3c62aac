/**
 * Virtual time for model runs. The trigger reads `Date.now()`; the emulator is given the same
 * clock. Virtual time = real time + an offset that jumps between program steps, so real sleeps
 * inside a poll (backoff, pacing, timeouts) still let virtual time advance with them.
 *
 * Installed by replacing `Date.now` (works under jest and under tsx alike); `uninstall()` puts the
 * original back. Only `Date.now` is virtual: `new Date()` without arguments stays real, which is
 * why the harness never uses it.
 */
const realNow = Date.now.bind(Date);

export class VirtualClock {
	private offset = 0;
	private installed = false;
	private original: (() => number) | undefined;

	/** Real wall time, whatever the virtual clock says. */
	static real(): number {
		return realNow();
	}

	install(): void {
		if (this.installed) return;
		this.original = Date.now;
		Date.now = () => realNow() + this.offset;
		this.installed = true;
	}

	uninstall(): void {
		if (!this.installed) return;
		Date.now = this.original ?? realNow;
		this.installed = false;
	}

	now(): number {
		return realNow() + this.offset;
	}

	/** Sets virtual "now" to `at` (may move backwards: used only between independent programs). */
	set(at: number): void {
		this.offset = at - realNow();
	}

	advance(ms: number): void {
		if (ms < 0) throw new Error('virtual time only moves forward inside a program');
		this.offset += ms;
	}
}
