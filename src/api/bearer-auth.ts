import type { RequestHandler, Response } from 'express';
import type { Actor } from '../staff/actor';
import { authenticateApiToken } from '../staff/api-tokens';
import type { StaffDeps } from '../staff/staff-deps';

/** `Authorization: Bearer atk_…` → the token's actor in `res.locals.actor`; otherwise 401. */
export function bearerAuth(deps: Pick<StaffDeps, 'database' | 'clock'>): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const actor = match ? await authenticateApiToken(deps.database.db, match[1]!, deps.clock.now(), req.ip ?? null) : null;
    if (!actor) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="atende"');
      res.status(401).json({ error: 'unauthorized', message: 'A valid bearer token is required (atende token create).' });
      return;
    }
    res.locals.actor = actor;
    res.locals.timezone = actor.timezone;
    next();
  };
}

export function apiActor(res: Response): Actor {
  const a = res.locals.actor as Actor | undefined;
  if (!a) throw new Error('no API actor');
  return a;
}
