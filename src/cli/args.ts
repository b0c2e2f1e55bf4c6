import { parseArgs, type ParseArgsConfig } from 'node:util';

/** `node:util` parseArgs with an error an operator can read (exit code 2 = usage). */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    const e = new Error((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
    (e as Error & { exitCode?: number }).exitCode = 2;
    throw e;
  }
}
