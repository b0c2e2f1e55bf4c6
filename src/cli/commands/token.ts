import { isAppError } from '../../lib/errors';
import { createApiToken, listApiTokens, revokeApiToken } from '../../staff/api-tokens';
import { parseCliArgs } from '../args';
import { openForCli } from './staff';

const SYSTEM = { kind: 'system' as const, id: 'cli' };

const USAGE = `usage:
  atende token create --name N [--role reception|owner] [--clinic ID]
  atende token list [--clinic ID]
  atende token revoke --id TOKEN_ID [--clinic ID]
The token is printed once; only its SHA-256 is stored. Use it as "Authorization: Bearer <token>" on /api/v1.`;

/** `atende token …`: API tokens for /api/v1 (owners can also manage them in /staff/tokens). */
export async function run(args: string[]): Promise<number | void> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(sub)) {
    console.error(`atende token: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseCliArgs(rest, { name: { type: 'string' }, role: { type: 'string', default: 'reception' }, clinic: { type: 'string' }, id: { type: 'string' } });
  if (sub === 'create' && !values.name) {
    console.error(`atende token create: --name is required\n\n${USAGE}`);
    return 2;
  }
  if (sub === 'revoke' && !values.id) {
    console.error(`atende token revoke: --id is required\n\n${USAGE}`);
    return 2;
  }
  const { database, clinicId } = await openForCli(values.clinic);
  const now = new Date();
  try {
    if (sub === 'create') {
      const { token, summary } = await createApiToken(database.db, SYSTEM, { clinicId, name: values.name!, role: values.role!, now });
      console.log(`token "${summary.name}" (${summary.role}, clinic ${clinicId}, id ${summary.id})`);
      console.log(`shown once — store it now:\n${token}`);
    } else if (sub === 'list') {
      for (const t of await listApiTokens(database.db, clinicId)) {
        console.log(`${t.id}\t${t.name}\t${t.role}\t${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active'}\t${t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : 'never used'}`);
      }
    } else {
      await revokeApiToken(database.db, SYSTEM, { clinicId, tokenId: values.id!, now });
      console.log(`token ${values.id} revoked`);
    }
    return 0;
  } catch (err) {
    if (isAppError(err)) {
      console.error(`atende token ${sub}: ${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
