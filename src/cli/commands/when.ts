import { answerJsonLines } from '../../understanding/answer-json-lines';
import { parseReadArgs } from '../../understanding/parse-read-args';
import { parseWhen } from '../../understanding/parse-when';

/**
 * `atende when "texto" --now ISO [--tz TZ]` prints the date/time a message means (SPEC §3, §6);
 * `atende when --jsonl` answers `{"text","now","tz"}` lines on stdin, one JSON value per line.
 */
export async function run(args: string[]): Promise<number> {
  const opts = parseReadArgs(args);
  if (opts.error) {
    console.error(`atende when: ${opts.error}`);
    return 2;
  }
  if (opts.jsonl) {
    await answerJsonLines((line) => parseWhen(line.text, { now: line.now, tz: line.tz ?? opts.tz }), null);
    return 0;
  }
  if (opts.text === undefined) {
    console.error('usage: atende when "texto" [--now ISO] [--tz TZ] | atende when --jsonl');
    return 2;
  }
  console.log(JSON.stringify(parseWhen(opts.text, { now: opts.now, tz: opts.tz })));
  return 0;
}
