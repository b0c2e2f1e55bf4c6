import { Router, type Request } from 'express';
import { z } from 'zod';
import { closeDataRequest, listDataRequests, type DataRequestRow } from '../lgpd/close-data-request';
import { erasePatientData } from '../lgpd/erase-patient-data';
import { exportFilename, exportPatientData } from '../lgpd/export-patient-data';
import { staffError } from '../staff/staff-errors';
import type { StaffDeps } from '../staff/staff-deps';
import { apiActor } from './bearer-auth';

const id = (req: Request) => String((req.params as Record<string, string>).id ?? '');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A data request as /api/v1 shows it (ISO instants; `doneBy` is 'staff:<id>' or 'api:<token id>'). */
export function dataRequestJson(r: DataRequestRow) {
  return { id: r.id, patientId: r.patientId, kind: r.kind, status: r.status, requestedVia: r.requestedVia, createdAt: iso(r.createdAt), dueAt: iso(r.dueAt), doneAt: iso(r.doneAt), doneBy: r.doneBy };
}

/**
 * LGPD over /api/v1 (mounted inside apiRoutes, behind its bearer auth): export and erasure of a
 * patient and the register of data requests. Export, erasure and closing a request are for owner
 * tokens (reception: 403); another clinic's ids are 404; each action is in the audit log.
 */
export function lgpdApiRoutes(deps: StaffDeps): Router {
  const router = Router();
  const db = deps.database.db;

  /** The whole patient record as JSON (format `atende.patient-export`, version 1). */
  router.get('/api/v1/patients/:id/export', async (req, res) => {
    const document = await exportPatientData(deps, apiActor(res), id(req));
    res.setHeader('Content-Disposition', `attachment; filename="${exportFilename(document.patient.id, deps.clock.now())}"`);
    res.json(document);
  });

  /** Irreversible: identifiers, texts and health answers erased; past appointments kept anonymised. */
  router.post('/api/v1/patients/:id/erase', async (req, res) => {
    const report = await erasePatientData(deps, apiActor(res), id(req));
    res.json({ ...report, erasedAt: report.erasedAt.toISOString() });
  });

  router.get('/api/v1/data-requests', async (req, res) => {
    const q = z
      .object({ status: z.string().default('open'), patientId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).default(100) })
      .safeParse(req.query);
    if (!q.success) throw staffError('INVALID', q.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '));
    const statuses = q.data.status.split(',').filter((s) => ['open', 'done', 'rejected'].includes(s));
    const rows = await listDataRequests(db, apiActor(res).clinicId, { statuses: statuses.length ? statuses : ['open'], patientId: q.data.patientId, limit: q.data.limit });
    res.json({ dataRequests: rows.map(dataRequestJson) });
  });

  router.post('/api/v1/data-requests/:id/done', async (req, res) => {
    res.json(dataRequestJson(await closeDataRequest(deps, apiActor(res), id(req), 'done')));
  });
  router.post('/api/v1/data-requests/:id/reject', async (req, res) => {
    res.json(dataRequestJson(await closeDataRequest(deps, apiActor(res), id(req), 'rejected')));
  });
  return router;
}
