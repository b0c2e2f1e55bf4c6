import { Router, type Request, type Response } from 'express';
import { isAppError } from '../../lib/errors';
import { closeDataRequest } from '../../lgpd/close-data-request';
import { erasePatientData } from '../../lgpd/erase-patient-data';
import { exportFilename, exportPatientData } from '../../lgpd/export-patient-data';
import { requirePermission } from '../actor';
import { loadPatientCard } from '../load-patient-card';
import { patientInClinic } from '../load-scoped';
import { ERASE_CONFIRMATION_WORD, erasePage } from '../ui/pages/lgpd-pages';
import { requirePermissionMw } from './staff-guards';
import { actorOf, bodyString, formAction, pageContext, param, queryString, safeBack, sendError, type StaffRouteDeps } from './staff-http';

/**
 * LGPD requests from the inbox (owners): the patient's data as a JSON download, erasure behind a
 * confirmation page with a typed word, and closing a request. Every action goes through the
 * domain functions, which check the role, scope to the clinic and write the audit log.
 */
export function lgpdRoutes(deps: StaffRouteDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const now = () => deps.clock.now();

  /** FORBIDDEN and NOT_FOUND (another clinic's patient included) answered as such; false for anything else. */
  const refusal = (req: Request, res: Response, err: unknown): boolean => {
    const status = isAppError(err, 'FORBIDDEN') ? 403 : isAppError(err, 'NOT_FOUND') ? 404 : 0;
    if (status) sendError(req, res, status, status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', deps);
    return status !== 0;
  };

  /** A POST (CSRF-checked) rather than a link: a download of health data is an action, and audited. */
  router.post('/staff/patients/:id/export', async (req, res) => {
    try {
      const document = await exportPatientData(deps, actorOf(req, res), param(req, 'id'));
      res.setHeader('Content-Disposition', `attachment; filename="${exportFilename(document.patient.id, now())}"`);
      res.type('application/json').send(JSON.stringify(document, null, 2));
    } catch (err) {
      if (!refusal(req, res, err)) throw err;
    }
  });

  router.get('/staff/patients/:id/erase', requirePermissionMw(deps, 'manage_data_rights'), async (req, res) => {
    const actor = actorOf(req, res);
    try {
      const card = await loadPatientCard(db, actor, param(req, 'id'));
      const ctx = pageContext(req, res, now());
      res.type('html').send(erasePage(ctx, card, safeBack(queryString(req, 'back'), `/staff/patients/${card.patient.id}`)));
    } catch (err) {
      if (!refusal(req, res, err)) throw err;
    }
  });

  router.post(
    '/staff/patients/:id/erase',
    formAction(deps, async (req, res) => {
      const actor = actorOf(req, res);
      // Who and which patient first (403 / 404), then the typed confirmation.
      requirePermission(actor, 'manage_data_rights');
      const patient = await patientInClinic(db, actor.clinicId, param(req, 'id'));
      if (bodyString(req, 'confirm').trim().toUpperCase() !== ERASE_CONFIRMATION_WORD) {
        const back = safeBack(bodyString(req, 'back'), `/staff/patients/${patient.id}`);
        res.redirect(303, `/staff/patients/${patient.id}/erase?err=erase_confirmation&back=${encodeURIComponent(back)}`);
        return;
      }
      await erasePatientData(deps, actor, patient.id);
      return { ok: 'erased', back: `/staff/patients/${patient.id}#lgpd` };
    }),
  );

  for (const [path, status] of [
    ['done', 'done'],
    ['reject', 'rejected'],
  ] as const) {
    router.post(
      `/staff/data-requests/:id/${path}`,
      formAction(deps, async (req, res) => {
        await closeDataRequest(deps, actorOf(req, res), param(req, 'id'), status);
        return { ok: status === 'done' ? 'request_done' : 'request_rejected' };
      }),
    );
  }
  return router;
}
