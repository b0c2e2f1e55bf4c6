import { seedDemoData } from '../../catalog/seed-demo-data';
import { syncCatalog } from '../../catalog/sync-catalog';
import { loadEnv } from '../../config/env';
import { openDatabase, pgliteDir } from '../../db/open-database';
import { FlowRegistry } from '../../flows/clinic-flows';
import { parseCliArgs } from '../args';

/** `atende seed [--no-demo]`: syncs every clinic file into the database and adds demo data. */
export async function run(args: string[]): Promise<number | void> {
  const { values } = parseCliArgs(args, { 'no-demo': { type: 'boolean', default: false } });
  const env = loadEnv();
  const flows = new FlowRegistry(env.FLOWS_DIR, env.PROMPTS_DIR);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
  try {
    for (const [clinicId, f] of flows.all()) {
      const r = await syncCatalog(database.db, f.clinic(), f.clinicFile.hash(), { force: true });
      console.log(`${clinicId}: catalog synced (${r.services} services${r.deactivatedServices.length ? `, deactivated ${r.deactivatedServices.join(', ')}` : ''})`);
      if (!values['no-demo']) {
        const d = await seedDemoData(database.db, clinicId, new Date());
        console.log(d.patients ? `${clinicId}: ${d.patients} demo patients, ${d.appointments} appointments` : `${clinicId}: has patients already; demo data skipped`);
      }
    }
  } finally {
    await database.close();
  }
}
