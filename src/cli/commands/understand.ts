import { loadEnv } from '../../config/env';
import { answerJsonLines } from '../../understanding/answer-json-lines';
import { loadVocabulary, type LoadedVocabulary } from '../../understanding/load-vocabulary';
import { parseReadArgs } from '../../understanding/parse-read-args';
import type { Vocabulary } from '../../understanding/types';
import { understand } from '../../understanding/understand';

const EMPTY: Vocabulary = { services: [], professionals: [] };

/** FLOWS_DIR from the environment, or `--flows`; a broken environment falls back to ./flows. */
function flowsDir(override: string | undefined): string {
  if (override) return override;
  try {
    return loadEnv().FLOWS_DIR;
  } catch (err) {
    console.error(`atende understand: ${err instanceof Error ? err.message : String(err)}; using ./flows`);
    return './flows';
  }
}

/**
 * `atende understand "texto" --now ISO [--tz TZ]` prints what a message means (SPEC §3);
 * `atende understand --jsonl` answers `{"text","now","tz"}` lines on stdin. Services and
 * professionals come from the clinic file under FLOWS_DIR. Opens no database.
 */
export async function run(args: string[]): Promise<number> {
  const opts = parseReadArgs(args);
  if (opts.error) {
    console.error(`atende understand: ${opts.error}`);
    return 2;
  }
  let loaded: LoadedVocabulary | undefined;
  try {
    loaded = loadVocabulary(flowsDir(opts.flows), opts.clinic);
  } catch (err) {
    console.error(`atende understand: ${err instanceof Error ? err.message : String(err)}; services and professionals will not be recognized`);
  }
  const vocabulary = loaded?.vocabulary ?? EMPTY;
  const defaultTz = opts.tz ?? loaded?.timezone;
  if (opts.jsonl) {
    await answerJsonLines((line) => understand(line.text, { now: line.now, tz: line.tz ?? defaultTz }, vocabulary), { intent: 'other' });
    return 0;
  }
  if (opts.text === undefined) {
    console.error('usage: atende understand "texto" [--now ISO] [--tz TZ] | atende understand --jsonl');
    return 2;
  }
  console.log(JSON.stringify(understand(opts.text, { now: opts.now, tz: defaultTz }, vocabulary)));
  return 0;
}
