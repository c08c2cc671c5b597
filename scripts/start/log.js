'use strict';
/** What `npm start` prints while it works, and what it reads back from the logs of the processes it runs. */
const fs = require('node:fs');

function log(msg) {
	process.stderr.write(`[start] ${msg}\n`);
}

const seconds = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** How a child process ended, in words ("exited with status 1", "was killed (SIGKILL)"). */
function howItEnded(code, signal) {
	if (signal === 'SIGKILL')
		return 'was killed (SIGKILL: often the machine ran out of memory, or another program stopped it)';
	if (signal) return `was stopped by ${signal}`;
	return `exited with status ${code}`;
}

function lastLines(file, n = 15) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
	} catch {
		return '(no log)';
	}
}

module.exports = { log, seconds, howItEnded, lastLines };
