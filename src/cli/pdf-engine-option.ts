/** `--pdf-engine`, the same option on every command that reads letters (extract, ingest, eval, show). */
import { Option } from 'commander';
import { DEFAULT_PDF_ENGINE, PDF_ENGINES, PDF_ENGINE_OPTION_HELP } from '../read/engines/names.js';

export function pdfEngineOption(): Option {
  return new Option('--pdf-engine <engine>', PDF_ENGINE_OPTION_HELP).choices(PDF_ENGINES).default(DEFAULT_PDF_ENGINE);
}
