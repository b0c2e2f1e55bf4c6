import { findAvailableSlots } from '../../booking/find-available-slots';
import { syncCatalog } from '../../catalog/sync-catalog';
import { loadEnv } from '../../config/env';
import { openDatabase, pgliteDir } from '../../db/open-database';
import { FlowRegistry } from '../../flows/clinic-flows';
import { describeInstantPt } from '../../lib/clinic-time';
import { parseCliArgs } from '../args';

/** `atende slots --service ID [--from YYYY-MM-DD] [--professional ID] [--limit N] [--clinic ID] [--json]` */
export async function run(args: string[]): Promise<number | void> {
  const { values } = parseCliArgs(args, {
    service: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    professional: { type: 'string' },
    clinic: { type: 'string' },
    limit: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  });
  if (!values.service) {
    console.error('usage: atende slots --service ID [--from YYYY-MM-DD] [--professional ID] [--limit N]');
    return 2;
  }
  for (const d of [values.from, values.to]) {
    if (d && !/^\d{4}-\d{2}-\d{2}$/.test(d)) {
      console.error(`invalid date "${d}" (expected YYYY-MM-DD)`);
      return 2;
    }
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    console.error('--limit must be an integer between 1 and 1000');
    return 2;
  }
  const env = loadEnv();
  const flows = new FlowRegistry(env.FLOWS_DIR, env.PROMPTS_DIR);
  const clinicId = values.clinic ?? flows.defaultClinicId;
  const clinicFlows = flows.get(clinicId);
  if (!clinicFlows) {
    console.error(`unknown clinic "${clinicId}"`);
    return 2;
  }
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
  try {
    await syncCatalog(database.db, clinicFlows.clinic(), clinicFlows.clinicFile.hash());
    const slots = await findAvailableSlots(database.db, {
      clinicId,
      serviceId: values.service,
      professionalId: values.professional,
      from: values.from,
      to: values.to,
      now: new Date(),
      limit,
    });
    const tz = clinicFlows.clinic().clinic.timezone;
    const names = new Map(clinicFlows.clinic().professionals.map((p) => [p.id, p.name]));
    if (values.json) console.log(JSON.stringify(slots, null, 2));
    else if (slots.length === 0) console.log('nenhum horário livre nesse período');
    else for (const s of slots) console.log(`${s.startsAt.toISOString()}  ${describeInstantPt(s.startsAt, tz)}  ${names.get(s.professionalId) ?? s.professionalId}`);
  } finally {
    await database.close();
  }
}
