'use strict';
/**
 * A `--require` preload that writes a V8 CPU profile of the process it is loaded into (bench/profile.js puts it
 * in NODE_OPTIONS for `n8n execute`). `--cpu-prof` itself is refused in NODE_OPTIONS; node:inspector's Profiler
 * started here, stopped and written on `exit`, works the same.
 *
 *   OMNO_CPU_PROFILE=/tmp/run.cpuprofile   where to write it (the preload does nothing without it)
 *   OMNO_CPU_PROFILE_MATCH=execute         profile only a process whose arguments contain this word, so the
 *                                          task runner n8n starts with the same environment is left alone
 *   OMNO_CPU_PROFILE_INTERVAL_US=500       sampling interval (µs)
 */
const fs = require('node:fs');
const inspector = require('node:inspector');

const target = process.env.OMNO_CPU_PROFILE;
const match = process.env.OMNO_CPU_PROFILE_MATCH;

if (target && (!match || process.argv.slice(1).some((arg) => arg === match))) {
	const session = new inspector.Session();
	session.connect();
	const startedCpu = process.cpuUsage();
	session.post('Profiler.enable');
	session.post('Profiler.setSamplingInterval', {
		interval: Number(process.env.OMNO_CPU_PROFILE_INTERVAL_US || 500),
	});
	session.post('Profiler.start');
	// The process's CPU (every thread: isolated-vm's, the GC's) over time, on the profile's clock (both monotonic,
	// µs): a busy machine pauses the process between samples, which the samples alone would count as work.
	const now = () => Number(process.hrtime.bigint() / 1000n);
	const cpuSeries = [];
	const sampleCpu = () => {
		const cpu = process.cpuUsage(startedCpu);
		cpuSeries.push([now(), cpu.user + cpu.system]);
	};
	sampleCpu();
	setInterval(sampleCpu, 20).unref();
	let written = false;
	// An in-thread inspector session answers synchronously, so this works inside `exit`, where nothing async runs.
	process.on('exit', () => {
		if (written) return;
		written = true;
		session.post('Profiler.stop', (error, result) => {
			if (error) {
				process.stderr.write(`cpu-profile-preload: ${error.message}\n`);
				return;
			}
			sampleCpu();
			const processCpuUs = cpuSeries[cpuSeries.length - 1][1];
			fs.writeFileSync(target, JSON.stringify({ ...result.profile, processCpuUs, cpuSeries }));
		});
	});
}
