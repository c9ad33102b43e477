#!/usr/bin/env node
/** `imr`: the command-line entry. Each command lives in ./commands and registers itself here. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerExtract } from './commands/extract.js';
import { register as registerSchema } from './commands/schema.js';
import { register as registerEval } from './commands/eval.js';
import { register as registerIngest } from './commands/ingest.js';
import { register as registerQuery } from './commands/query.js';
import { register as registerStats } from './commands/stats.js';
import { register as registerExport } from './commands/export.js';
import { register as registerShow } from './commands/show.js';
import { register as registerUpgrade } from './commands/upgrade.js';
import { endQuietlyWhenStdoutCloses } from './stdout.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('imr')
    .description("Turn California workers' compensation IMR determination letters into validated, evidence-linked records")
    .version(pkg.version)
    .showHelpAfterError()
    // Usage errors exit 2 (0 = all letters fine, 1 = some letters failed).
    .exitOverride((err) => {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
      process.exit(2);
    });
  registerExtract(program);
  registerSchema(program);
  registerEval(program);
  registerIngest(program);
  registerQuery(program);
  registerStats(program);
  registerExport(program);
  registerShow(program);
  registerUpgrade(program);
  return program;
}

endQuietlyWhenStdoutCloses();
await buildProgram().parseAsync(process.argv);
