import { syncCatalog } from '../../catalog/sync-catalog';
import { loadEnv } from '../../config/env';
import { type Database, openDatabase, pgliteDir } from '../../db/open-database';
import { FlowRegistry } from '../../flows/clinic-flows';
import { isAppError } from '../../lib/errors';
import { generatePassword } from '../../staff/hash-password';
import { createStaffUser, findStaffByEmail, listStaffUsers, resetStaffPassword, updateStaffUser } from '../../staff/staff-accounts';
import { parseCliArgs } from '../args';

const SYSTEM = { kind: 'system' as const, id: 'cli' };

/** Opens the database with every clinic file synced (a staff row needs its clinic), for operator commands. */
export async function openForCli(clinicOption?: string): Promise<{ database: Database; clinicId: string; clinicIds: string[] }> {
  const env = loadEnv();
  const flows = new FlowRegistry(env.FLOWS_DIR, env.PROMPTS_DIR);
  const clinicId = clinicOption ?? flows.defaultClinicId;
  if (!flows.get(clinicId)) {
    throw Object.assign(new Error(`unknown clinic "${clinicId}"; clinics: ${flows.all().map(([id]) => id).join(', ')}`), { exitCode: 2 });
  }
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
  for (const [id, f] of flows.all()) {
    await syncCatalog(database.db, f.clinic(), f.clinicFile.hash(), { whatsappPhoneNumberId: id === flows.defaultClinicId ? env.WHATSAPP_PHONE_NUMBER_ID : undefined });
  }
  return { database, clinicId, clinicIds: flows.all().map(([id]) => id) };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const USAGE = `usage:
  atende staff add --email E --role owner|reception [--name N] [--clinic ID] [--password-stdin]
  atende staff list [--clinic ID]
  atende staff disable --email E | enable --email E
  atende staff passwd --email E [--password-stdin]
Without --password-stdin a strong password is generated and printed once.`;

/**
 * `atende staff …`: creates the first owner (afterwards owners manage the team in /staff), lists
 * accounts, turns one off or on, resets a password. Every change is in the audit log as "cli".
 */
export async function run(args: string[]): Promise<number | void> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  const { values } = parseCliArgs(rest, {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    clinic: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  });
  if (['add', 'disable', 'enable', 'passwd'].includes(sub) && !values.email) {
    console.error(`atende staff ${sub}: --email is required\n\n${USAGE}`);
    return 2;
  }
  if (!['add', 'list', 'disable', 'enable', 'passwd'].includes(sub)) {
    console.error(`atende staff: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  }
  const password = ['add', 'passwd'].includes(sub) ? (values['password-stdin'] ? await readStdin() : null) : null;
  const { database, clinicId } = await openForCli(values.clinic);
  const db = database.db;
  const now = new Date();
  try {
    switch (sub) {
      case 'add': {
        if (!values.role) {
          console.error(`atende staff add: --role owner|reception is required`);
          return 2;
        }
        const chosen = password ?? generatePassword();
        const user = await createStaffUser(db, SYSTEM, { clinicId, email: values.email!, name: values.name, role: values.role, password: chosen, now });
        console.log(`created ${user.role} ${user.email} for clinic ${clinicId}`);
        if (!password) console.log(`password (shown once): ${chosen}`);
        console.log('log in at /staff');
        return 0;
      }
      case 'list': {
        for (const u of await listStaffUsers(db, clinicId)) console.log(`${u.email}\t${u.role}\t${u.active ? 'active' : 'disabled'}\t${u.name}`);
        return 0;
      }
      case 'disable':
      case 'enable':
      case 'passwd': {
        const user = await findStaffByEmail(db, values.email!);
        if (!user || user.clinicId !== clinicId) {
          console.error(`atende staff ${sub}: no account ${values.email} in clinic ${clinicId}`);
          return 1;
        }
        if (sub === 'passwd') {
          const chosen = password ?? generatePassword();
          await resetStaffPassword(db, SYSTEM, { clinicId, userId: user.id, password: chosen, now });
          console.log(`password reset for ${user.email}; their sessions were ended`);
          if (!password) console.log(`password (shown once): ${chosen}`);
        } else {
          await updateStaffUser(db, SYSTEM, { clinicId, userId: user.id, active: sub === 'enable', now });
          console.log(`${user.email} ${sub === 'enable' ? 'enabled' : 'disabled'}`);
        }
        return 0;
      }
    }
    return 2;
  } catch (err) {
    if (isAppError(err)) {
      const field = (err.data as { field?: string; reason?: string } | undefined) ?? {};
      console.error(`atende staff ${sub}: ${err.code}${field.field ? ` (${field.field})` : ''}${field.reason ? ` (${field.reason})` : ''}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
