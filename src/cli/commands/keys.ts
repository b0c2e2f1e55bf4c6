import { loadEnv } from '../../config/env';
import { openDatabase, pgliteDir } from '../../db/open-database';
import { generateKeySpec, loadEncryptor, parseEncryptionKeys } from '../../lib/crypto';
import { countValuesByKey, ENCRYPTED_FIELDS, reencryptAll } from '../../lgpd/reencrypt';
import { parseCliArgs } from '../args';

const USAGE = `usage:
  atende keys generate [--id KEY_ID]
  atende keys status
  atende keys reencrypt [--batch N] [--dry-run]
Rotating the key of CPFs, health answers and protected message texts (AES-256-GCM):
  1. atende keys generate            → prints "keyId:base64key"
  2. put it FIRST in ENCRYPTION_KEYS, keep the old key after it, restart (new values use it)
  3. atende keys reencrypt           → rewrites every value still under an old key
  4. atende keys status              → when no value is left under the old key, remove it
Without ENCRYPTION_KEYS the ring is DATA_DIR/keys.json ({"keys": ["new:…", "old:…"]}).
Exit codes: 0 done, 1 some values could not be opened (listed), 2 usage.`;

/** `atende keys …`: key generation and rotation for field encryption (src/lib/crypto). */
export async function run(args: string[]): Promise<number | void> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  if (!['generate', 'status', 'reencrypt'].includes(sub)) {
    console.error(`atende keys: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseCliArgs(rest, { id: { type: 'string' }, batch: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } });
  if (sub === 'generate') {
    const spec = generateKeySpec(values.id);
    parseEncryptionKeys(spec); // refuses an id the ring would refuse
    console.log(spec);
    return 0;
  }
  const batch = values.batch === undefined ? 200 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1) {
    console.error(`atende keys ${sub}: --batch takes a whole number of at least 1\n\n${USAGE}`);
    return 2;
  }
  const env = loadEnv();
  const crypto = loadEncryptor(env);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
  try {
    if (sub === 'status') {
      console.log(JSON.stringify({ currentKeyId: crypto.keyId, values: await countValuesByKey(database) }));
      return 0;
    }
    const report = await reencryptAll({ database, crypto }, { batchSize: batch, dryRun: values['dry-run'] });
    console.log(JSON.stringify({ dryRun: values['dry-run'], ...report }));
    const failed = ENCRYPTED_FIELDS.reduce((n, f) => n + report.fields[f].failed, 0);
    if (failed > 0) console.error(`atende keys reencrypt: ${failed} value(s) could not be opened with the keys in ENCRYPTION_KEYS; they were left as they are`);
    return failed > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}
