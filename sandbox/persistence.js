'use strict';

// The state file (--state-file / stateFile): what a restarted sandbox needs to go on as OMNO would — every
// transaction with its history, orderIds, saved cards, sessions, the webhook list and the deliveries not yet
// accepted. Written atomically (temp file, fsync, rename: a crash leaves the old or the new file, never half
// of one), debounced (`debounceMs` after the last change, at the latest `maxDelayMs` after the first unsaved one;
// one write at a time), and once more on stop, after any write in flight. Stats, logs and tokens are not kept.

const fs = require('node:fs');
const path = require('node:path');

const FORMAT = 'omno-sandbox-state';
const VERSION = 1;

class StateFileError extends Error {}

class StateFile {
	/**
	 * @param {string} file
	 * @param {() => object} snapshot  the state to write, as plain JSON
	 * @param {{ debounceMs?: number, maxDelayMs?: number, onError?: (e: Error) => void }} [o]
	 */
	constructor(file, snapshot, { debounceMs = 200, maxDelayMs = 1000, onError } = {}) {
		this.file = path.resolve(file);
		this.snapshot = snapshot;
		this.debounceMs = debounceMs;
		this.maxDelayMs = maxDelayMs;
		this.onError = onError ?? ((e) => console.error(`sandbox: cannot write ${this.file}: ${e.message}`));
		this.timer = null;
		this.firstDirtyAt = null;
		this.writing = null;
		this.dirty = false;
		this.writes = 0;
		this.closed = false;
	}

	/** The saved state, or null when the file does not exist. A file that is not ours or is corrupt throws. */
	load() {
		let text;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (e) {
			if (e.code === 'ENOENT') return null;
			throw new StateFileError(`cannot read state file ${this.file}: ${e.message}`);
		}
		let data;
		try {
			data = JSON.parse(text);
		} catch (e) {
			throw new StateFileError(
				`state file ${this.file} is not valid JSON (${e.message}); move it away to start over`,
			);
		}
		if (!data || data.format !== FORMAT || data.version !== VERSION) {
			throw new StateFileError(
				`${this.file} is not an OMNO sandbox state file (format ${FORMAT} v${VERSION})`,
			);
		}
		return data.state;
	}

	/** Something changed: write soon. */
	changed() {
		if (this.closed) return;
		this.dirty = true;
		const now = Date.now();
		this.firstDirtyAt ??= now;
		const due = Math.min(now + this.debounceMs, this.firstDirtyAt + this.maxDelayMs);
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.writeSoon(), Math.max(0, due - now));
		this.timer.unref?.();
	}

	writeSoon() {
		this.timer = null;
		if (this.writing) {
			// One write at a time; the change that came during it is written right after.
			this.writing.then(() => this.dirty && this.changed());
			return;
		}
		this.dirty = false;
		this.firstDirtyAt = null;
		const text = this.serialise();
		this.writing = writeAtomic(this.file, text)
			.then(() => this.writes++)
			.catch(this.onError)
			.finally(() => (this.writing = null));
	}

	serialise() {
		return JSON.stringify({
			format: FORMAT,
			version: VERSION,
			savedAt: new Date().toISOString(),
			state: this.snapshot(),
		});
	}

	/** Last write (stop, SIGTERM): after the one in flight, so an older snapshot never lands last. */
	async close() {
		if (this.closed) return;
		clearTimeout(this.timer);
		this.timer = null;
		this.closed = true;
		await this.writing;
		try {
			writeAtomicSync(this.file, this.serialise());
			this.writes++;
		} catch (e) {
			this.onError(e);
		}
	}

	/** Resolves when no write is in flight (tests). */
	async settled() {
		while (this.timer || this.writing) await (this.writing ?? new Promise((r) => setTimeout(r, 10)));
	}
}

let tmpSeq = 0;
const tmpName = (file) => `${file}.tmp-${process.pid}-${++tmpSeq}`;

async function writeAtomic(file, text) {
	const tmp = tmpName(file);
	await fs.promises.mkdir(path.dirname(file), { recursive: true });
	const fh = await fs.promises.open(tmp, 'w', 0o600);
	try {
		await fh.writeFile(text);
		await fh.sync();
	} finally {
		await fh.close();
	}
	await fs.promises.rename(tmp, file);
}

function writeAtomicSync(file, text) {
	const tmp = tmpName(file);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	const fd = fs.openSync(tmp, 'w', 0o600);
	try {
		fs.writeFileSync(fd, text);
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(tmp, file);
}

module.exports = { StateFile, StateFileError, FORMAT, VERSION };
