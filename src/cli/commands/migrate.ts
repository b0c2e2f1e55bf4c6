import { loadEnv } from '../../config/env';
import { openDatabase, pgliteDir } from '../../db/open-database';

/** `atende migrate`: applies pending migrations (also done at every start). */
export async function run(): Promise<number | void> {
  const env = loadEnv();
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
  await database.close();
  console.log(`migrations applied (${database.kind})`);
}
