/** `imr stats`: the common questions about the store, as tables or JSON. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { computeStats, renderStats, statsJson } from '../../store/stats.js';
import { readStoreOptions, withReadStore, type ReadStoreOptions } from '../read-store.js';
import { positiveInt } from './ingest.js';

interface StatsCliOptions extends ReadStoreOptions {
  json?: boolean;
  top: number;
  html?: string;
}

export function register(program: Command): void {
  readStoreOptions(program.command('stats'))
    .description('Letters and services by year; upheld/overturned rates by category, reviewer specialty, year and body region; top requests and guidelines')
    .option('--json', 'print JSON instead of tables')
    .option('--top <n>', 'rows in the top-N sections', positiveInt, 15)
    .option('--html <stats.html>', 'also write the figures as a page of charts')
    .action((options: StatsCliOptions) =>
      withReadStore('stats', options, async (store) => {
        const stats = await computeStats(store, { top: options.top });
        // --html: the same figures as charts (src/report/stats-page.ts).
        if (options.html) {
          const { renderStatsPage } = await import('../../report/stats-page.js');
          writeFileSync(options.html, renderStatsPage(stats, { subtitle: `store ${options.db}` }));
          process.stderr.write(`wrote ${options.html}\n`);
        }
        process.stdout.write(options.json ? `${JSON.stringify(statsJson(stats), null, 2)}\n` : renderStats(stats));
      }),
    );
}
