import express, { Router } from 'express';
import { parseSmsWebhook, verifyTwilioSignature } from '../../channels/sms';
import type { Env } from '../../config/env';
import type { Logger } from '../../lib/logger';
import { acceptInbound } from '../../pipeline/accept-inbound';
import { applyDeliveryStatus } from '../../pipeline/apply-delivery-status';
import type { PipelineDeps } from '../../pipeline/pipeline-deps';

/**
 * The SMS provider's webhooks (Twilio-compatible): inbound messages and status callbacks on one
 * URL, signed with `X-Twilio-Signature` over the public URL and the form fields.
 */
export function smsWebhookRoutes(deps: { env: Env; logger: Logger; pipeline: PipelineDeps }): Router {
  const router = Router();
  router.post('/webhooks/sms', express.urlencoded({ extended: false, limit: '256kb' }), async (req, res) => {
    const token = deps.env.SMS_AUTH_TOKEN;
    if (!token) {
      res.status(503).json({ error: 'sms_not_configured' });
      return;
    }
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') form[k] = v;
    const base = deps.env.PUBLIC_URL ?? `${req.protocol}://${req.get('host')}`;
    const url = `${base.replace(/\/$/, '')}${req.originalUrl}`;
    if (!verifyTwilioSignature(url, form, req.get('x-twilio-signature'), token)) {
      res.status(401).json({ error: 'bad_signature' });
      return;
    }
    const event = parseSmsWebhook(form);
    try {
      if (event.kind === 'message') await acceptInbound(deps.pipeline, event.message);
      else if (event.kind === 'status') await applyDeliveryStatus(deps.pipeline, event.status);
      else if (event.kind === 'invalid') {
        res.status(400).json({ error: 'unexpected_shape', problems: event.problems.slice(0, 5) });
        return;
      }
    } catch (err) {
      deps.logger.error({ err }, 'sms webhook could not persist');
      res.status(503).json({ error: 'unavailable' });
      return;
    }
    res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
  return router;
}
