/**
 * Preloaded (`node --import`) into each whole process the bench times: on exit it writes the
 * process's own CPU time (all its threads) and peak RSS, as JSON, to the file IMR_BENCH_USAGE names.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.IMR_BENCH_USAGE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, peakRssMb: u.maxRSS / 1024 }));
  });
}
