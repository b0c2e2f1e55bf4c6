import express, { Router } from 'express';
import { parseWebhook, verifyChallenge, verifySignature } from '../../channels/whatsapp-cloud';
import type { Env } from '../../config/env';
import type { Logger } from '../../lib/logger';
import { acceptInbound } from '../../pipeline/accept-inbound';
import { applyDeliveryStatus } from '../../pipeline/apply-delivery-status';
import type { PipelineDeps } from '../../pipeline/pipeline-deps';

/**
 * Meta's WhatsApp Cloud API webhook. GET answers the subscription challenge; POST checks the
 * HMAC signature over the raw bytes, persists every message before answering, and answers 200
 * within milliseconds. Bad signature → 401 (nothing stored); malformed → 400; database down → 503
 * (Meta retries later, so nothing is lost).
 */
export function whatsappWebhookRoutes(deps: { env: Env; logger: Logger; pipeline: PipelineDeps }): Router {
  const router = Router();
  router.get('/webhooks/whatsapp', (req, res) => {
    const token = deps.env.WHATSAPP_VERIFY_TOKEN;
    const challenge = token ? verifyChallenge(req.query as Record<string, unknown>, token) : null;
    if (challenge === null) {
      res.sendStatus(403);
      return;
    }
    res.type('text/plain').send(challenge);
  });
  router.post('/webhooks/whatsapp', express.raw({ type: () => true, limit: '2mb' }), async (req, res) => {
    const secret = deps.env.WHATSAPP_APP_SECRET;
    if (!secret) {
      res.status(503).json({ error: 'whatsapp_not_configured' });
      return;
    }
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifySignature(raw, req.get('x-hub-signature-256'), secret)) {
      res.status(401).json({ error: 'bad_signature' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.status(400).json({ error: 'malformed_json' });
      return;
    }
    const parsed = parseWebhook(body);
    if (parsed.messages.length === 0 && parsed.statuses.length === 0 && parsed.problems.length > 0) {
      res.status(400).json({ error: 'unexpected_shape', problems: parsed.problems.slice(0, 5) });
      return;
    }
    try {
      for (const message of parsed.messages) await acceptInbound(deps.pipeline, message);
      for (const status of parsed.statuses) await applyDeliveryStatus(deps.pipeline, status);
    } catch (err) {
      deps.logger.error({ err }, 'whatsapp webhook could not persist; asking Meta to retry');
      res.status(503).json({ error: 'unavailable' });
      return;
    }
    if (parsed.problems.length) deps.logger.warn({ problems: parsed.problems.slice(0, 5) }, 'parts of a whatsapp webhook were skipped');
    res.status(200).send('EVENT_RECEIVED');
  });
  return router;
}
