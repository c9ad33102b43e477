/** `imr schema`: the record's JSON Schema, generated from the zod definition. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('schema')
    .description('Print the JSON Schema of the record (or of a gold file with --gold)')
    .option('--gold', 'the gold annotation file schema instead')
    .action(async (options: { gold?: boolean }) => {
      const [{ z }, { ImrRecord }, { GoldFile }] = await Promise.all([import('zod'), import('../../record/schema.js'), import('../../record/gold.js')]);
      const schema = z.toJSONSchema(options.gold ? GoldFile : ImrRecord, { unrepresentable: 'any' });
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    });
}
