import express, { type ErrorRequestHandler } from 'express';
import type { Env } from '../config/env';
import type { Database } from '../db/open-database';
import type { FlowRegistry } from '../flows/clinic-flows';
import type { JobQueue } from '../jobs/job-queue';
import type { Clock } from '../lib/clock';
import { isAppError } from '../lib/errors';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { ipRateLimit } from './ip-rate-limit';
import { healthRoutes } from './routes/health-routes';
import { metricsRoutes } from './routes/metrics-routes';
import type { AppMetrics } from '../lib/metrics';
import type { StaffDeps } from '../staff/staff-deps';
import { simulatorRoutes } from './routes/simulator-routes';
import { smsWebhookRoutes } from './routes/sms-webhook-routes';
import { whatsappWebhookRoutes } from './routes/whatsapp-webhook-routes';
import { securityHeaders } from './security-headers';
import { staffRoutes } from '../staff/http/staff-routes';
import { apiRoutes } from '../api/api-routes';
import type { Encryptor } from '../lib/crypto';

export interface HttpDeps {
  env: Env;
  logger: Logger;
  database: Database;
  jobs: JobQueue;
  bus: EventBus;
  pipeline: PipelineDeps;
  flows: FlowRegistry;
  clock: Clock;
  metrics: AppMetrics;
  /** Opens encrypted health answers for owners in the inbox and the API (audited). */
  crypto?: Encryptor;
  /** The whatsapp-web.js session, when enabled (its QR page is for owners). */
  whatsappWeb?: StaffDeps['whatsappWeb'];
}

/** The express app: health, provider webhooks, the simulator, the staff inbox and the JSON API. */
export function createHttpApp(deps: HttpDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders);

  const simulatorOn = deps.env.SIMULATOR === 'on' || (deps.env.SIMULATOR === 'auto' && deps.env.NODE_ENV !== 'production');
  if (simulatorOn && deps.env.NODE_ENV === 'production') {
    // Anyone who can reach /simulator can talk to the bot as any phone number and book real slots.
    deps.logger.warn('SIMULATOR=on in production: /simulator is open to anyone who reaches this server; keep it behind a firewall or set SIMULATOR=off');
  }
  app.get('/', (_req, res) => {
    res.type('html').send(
      `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Atende</title><body style="font-family:system-ui;max-width:40rem;margin:3rem auto">` +
        `<h1>Atende</h1><ul>${simulatorOn ? '<li><a href="/simulator">Simulador de WhatsApp</a></li>' : ''}` +
        `<li><a href="/staff">Caixa de entrada da recepção</a></li><li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></li></ul></body></html>`,
    );
  });
  app.use(healthRoutes(deps));
  app.use(metricsRoutes({ metrics: deps.metrics, token: deps.env.METRICS_TOKEN }));
  const webhookLimit = ipRateLimit({ perMinute: deps.env.IP_RATE_LIMIT_PER_MINUTE });
  app.use('/webhooks', webhookLimit);
  app.use(whatsappWebhookRoutes(deps));
  app.use(smsWebhookRoutes(deps));
  if (simulatorOn) app.use(simulatorRoutes(deps));
  app.use(staffRoutes(deps));
  app.use(apiRoutes(deps));

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (res.headersSent) return;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Body parser errors (malformed JSON, too large) and similar: the client's problem, say so.
      res.status(status).json({ error: (err as { type?: string }).type ?? 'bad_request' });
      return;
    }
    if (isAppError(err)) {
      res.status(err.status).json({ error: err.code, message: err.patientMessage });
      return;
    }
    deps.logger.error({ err, path: req.path }, 'unhandled error in request');
    res.status(500).json({ error: 'internal_error' });
  };
  app.use(onError);
  return app;
}
