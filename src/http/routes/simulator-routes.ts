import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { and, desc, eq, inArray } from 'drizzle-orm';
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { conversations, messages } from '../../db/schema';
import type { FlowRegistry } from '../../flows/clinic-flows';
import type { EventBus } from '../../lib/event-bus';
import { acceptInbound } from '../../pipeline/accept-inbound';
import type { PipelineDeps } from '../../pipeline/pipeline-deps';

const page = (name: string) => readFileSync(new URL(`../../channels/simulator/page/${name}`, import.meta.url), 'utf8');

const sendSchema = z.object({
  clinicId: z.string().min(1).max(100).optional(),
  phone: z.string().regex(/^\+\d{10,15}$/, 'phone must be E.164, e.g. +5511987654321'),
  text: z.string().min(1).max(4096),
  /** Client-side id: a retried POST is deduplicated like a provider redelivery. */
  id: z.string().min(1).max(100).optional(),
});

const querySchema = z.object({ clinicId: z.string().min(1).max(100).optional(), phone: z.string().regex(/^\+\d{10,15}$/) });

function publicMessage(m: typeof messages.$inferSelect) {
  return { id: m.id, direction: m.direction, author: m.author, text: m.body ?? '', status: m.status, at: (m.sentAt ?? m.receivedAt).toISOString() };
}

/**
 * The web simulator: a WhatsApp-like page whose messages go through the real pipeline (channel
 * `simulator`, clinic address = clinic id), so a clinic can try the bot with nothing installed.
 */
export function simulatorRoutes(deps: { pipeline: PipelineDeps; flows: FlowRegistry; bus: EventBus }): Router {
  const router = Router();
  const db = deps.pipeline.database.db;
  const html = page('simulator.html');
  const js = page('simulator.js');
  const css = page('simulator.css');

  router.get('/simulator', (_req, res) => void res.type('html').send(html));
  router.get('/simulator/app.js', (_req, res) => void res.type('application/javascript').send(js));
  router.get('/simulator/app.css', (_req, res) => void res.type('text/css').send(css));

  router.get('/simulator/api/clinics', (_req, res) => {
    res.json(deps.flows.all().map(([id, f]) => ({ id, name: f.clinic().clinic.name })));
  });

  const findConversation = async (clinicId: string, phone: string) =>
    (await db.select().from(conversations).where(and(eq(conversations.clinicId, clinicId), eq(conversations.channel, 'simulator'), eq(conversations.patientAddress, phone))))[0];

  router.post('/simulator/api/messages', express.json({ limit: '64kb' }), async (req, res) => {
    const parsed = sendSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const clinicId = parsed.data.clinicId ?? deps.flows.defaultClinicId;
    if (!deps.flows.get(clinicId)) {
      res.status(404).json({ error: 'unknown_clinic' });
      return;
    }
    const result = await acceptInbound(deps.pipeline, {
      channel: 'simulator',
      providerMessageId: `sim-${clinicId}-${parsed.data.phone}-${parsed.data.id ?? randomUUID()}`,
      to: clinicId,
      from: parsed.data.phone,
      sentAt: deps.pipeline.clock.now(),
      kind: 'text',
      text: parsed.data.text,
    });
    res.status(result.status === 'accepted' ? 202 : 200).json(result);
  });

  router.get('/simulator/api/messages', async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) {
      res.status(400).json({ error: 'invalid' });
      return;
    }
    const conversation = await findConversation(q.data.clinicId ?? deps.flows.defaultClinicId, q.data.phone);
    if (!conversation) {
      res.json({ messages: [] });
      return;
    }
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), inArray(messages.direction, ['in', 'out'])))
      .orderBy(desc(messages.seq))
      .limit(200);
    res.json({ messages: rows.reverse().map(publicMessage) });
  });

  router.get('/simulator/api/stream', async (req, res) => {
    const q = querySchema.safeParse(req.query);
    if (!q.success) {
      res.status(400).json({ error: 'invalid' });
      return;
    }
    const clinicId = q.data.clinicId ?? deps.flows.defaultClinicId;
    openStream(res);
    let conversationId = (await findConversation(clinicId, q.data.phone))?.id;
    const unsubscribe = deps.bus.subscribe((event) => {
      if (event.type !== 'message' && event.type !== 'message_status') return;
      if (event.clinicId !== clinicId) return;
      void (async () => {
        conversationId ??= (await findConversation(clinicId, q.data.phone))?.id;
        if (event.conversationId !== conversationId) return;
        const [m] = await db.select().from(messages).where(eq(messages.id, event.messageId));
        if (m && m.direction !== 'note') res.write(`event: message\ndata: ${JSON.stringify(publicMessage(m))}\n\n`);
      })().catch(() => {});
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
  return router;
}

/** Server-sent events: headers that keep proxies from buffering. */
export function openStream(res: Response): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(': connected\n\n');
}
