/**
 * Load test (bounded, loopback only): N concurrent patients × ~10 turns each through the signed
 * WhatsApp webhook, on real Postgres (and Redis/BullMQ when reachable), the deterministic engine,
 * a Graph API stub receiving the replies — while reminders for pre-booked appointments fire.
 *
 *   npx tsx scripts/load-test.ts [--patients 100] [--no-redis] [--workers N] [--timeout 600]
 *
 * `--workers N` (needs Redis): this process only takes webhooks; N `atende worker` processes run
 * the turns, sends and reminders, as in a scaled deployment.
 *
 * Checks at the end: every conversation completed (booked), zero double bookings, zero lost
 * messages (every inbound processed), zero duplicate replies (every reply reached the provider
 * exactly once). Prints throughput and latency percentiles, and exits 1 on any violation.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { findAvailableSlots } from '../src/booking/find-available-slots';
import { bookSlot } from '../src/booking/hold-slot';
import { parseEnv } from '../src/config/env';
import { appointments, messages, reminders } from '../src/db/schema';
import { generateKeySpec } from '../src/lib/crypto';
import { silentLogger } from '../src/lib/logger';
import { createApp } from '../src/main';
import { findOrCreatePatient } from '../src/patients/find-or-create-patient';
import { startGraphApiStub } from '../test/support/stubs/graph-api-stub';
import { benchPostgres, percentile, postgresAvailable } from '../bench/support/bench-db';
import { redisReachable } from '../test/support/services';

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '100' },
    'no-redis': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
    reminders: { type: 'string', default: '150' },
    workers: { type: 'string', default: '0' },
  },
});
const PATIENTS = Number(values.patients);
const TIMEOUT_MS = Number(values.timeout) * 1000;
const SECRET = 'load-secret';
const PHONE_NUMBER_ID = '106540352242922';
const SERVICES = [
  ['limpeza de pele', 'limpeza-de-pele'],
  ['botox', 'toxina-botulinica'],
  ['uma avaliação', 'avaliacao'],
  ['peeling', 'peeling-quimico'],
  ['depilação a laser', 'depilacao-laser'],
  ['microagulhamento', 'microagulhamento'],
] as const;
const WHEN = ['o mais cedo possível', 'semana que vem', 'amanhã de manhã', 'sexta à tarde', 'qualquer dia', 'mês que vem'];

const LOCAL_REDIS = 'redis://127.0.0.1:6379';
async function localRedis(): Promise<string | undefined> {
  if (values['no-redis']) return undefined;
  return (await redisReachable(LOCAL_REDIS)) ? LOCAL_REDIS : undefined;
}

function payload(from: string, text: string, id: string): string {
  const wa = from.slice(1);
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '5511940001234', phone_number_id: PHONE_NUMBER_ID }, contacts: [{ profile: { name: 'Paciente' }, wa_id: wa }], messages: [{ from: wa, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }] } }] }],
  });
}

/** What a patient says next, given everything the bot said since the patient's last message. */
function nextUtterance(reply: string, p: { service: string; when: string; booked: boolean; askedPrice: boolean }): string | 'done' {
  const r = reply.toLowerCase();
  if (p.booked) return p.askedPrice ? 'done' : 'quanto custa?';
  if (/agendado!|prontinho/.test(r)) return 'booked';
  if (/qual procedimento/.test(r)) return `quero ${p.service}`;
  if (/qual dia e hor[aá]rio|dia e hor[aá]rio ficam/.test(r)) return p.when;
  if (/autoriza o uso dos seus dados de sa[uú]de/.test(r)) return 'sim, autorizo';
  // Screening questions ask about conditions; this population has none.
  if (/perguntinhas de seguran|destas situa|gr[aá]vida|gestante|amamentando|alergi|medicamento|condi[cç]/.test(r)) return 'não tenho nenhuma dessas';
  if (/lembretes desta consulta/.test(r)) return 'sim';
  if (/posso confirmar\?/.test(r)) return 'sim';
  if (/reservado por outra pessoa|qual prefere|responder com o n[uú]mero|responda com o n[uú]mero|algum deles serve/.test(r)) return '1';
  if (/tudo bem|como posso ajudar|ol[aá]/.test(r)) return `quero marcar ${p.service}`;
  return `quero marcar ${p.service} ${p.when}`;
}

/** An `atende worker` process on the same database, Redis prefix and flows; resolves once it runs. */
function startWorker(envVars: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['bin/atende.mjs', 'worker'], { env: { ...process.env, ...envVars }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('atende worker running')) {
        clearTimeout(timer);
        resolve({ stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}): ${output}`));
    });
  });
}

async function main(): Promise<number> {
  if (!(await postgresAvailable())) {
    console.error('load test needs the local Postgres (127.0.0.1:5432)');
    return 2;
  }
  const redisUrl = await localRedis();
  const bench = await benchPostgres({ maxConnections: 20 });
  const graph = await startGraphApiStub();
  // The shipped flows, with quiet hours off: the run must see reminders fire at any hour.
  const flowsDir = mkdtempSync(join(tmpdir(), 'atende-load-flows-'));
  cpSync('flows', flowsDir, { recursive: true });
  const remindersFile = join(flowsDir, 'reminders.yaml');
  writeFileSync(remindersFile, readFileSync(remindersFile, 'utf8').replace(/^quiet_hours:.*$/m, 'quiet_hours: null'));
  const workerCount = redisUrl ? Number(values.workers) : 0;
  const envVars: Record<string, string> = {
    NODE_ENV: 'test',
    FLOWS_DIR: flowsDir,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'atende-load-data-')),
    // One key ring for the web process and the workers (they read each other's encrypted fields).
    ENCRYPTION_KEYS: generateKeySpec('load'),
    LOG_LEVEL: 'silent',
    DATABASE_URL: bench.url,
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `load-${randomUUID().slice(0, 8)}` } : {}),
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_TOKEN: 'load',
    WHATSAPP_GRAPH_URL: `${graph.url}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    IP_RATE_LIMIT_PER_MINUTE: '1000000',
    REMINDER_RECONCILE_MS: '2000',
  };
  const env = parseEnv(envVars);
  const app = await createApp({ env, database: bench.database, logger: silentLogger, maintenanceEveryMs: 2000, runWorkers: workerCount === 0 });
  const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker(envVars)));
  const { url } = await app.listen(0, '127.0.0.1');
  const db = bench.database.db;
  let exitCode = 0;
  try {
    // Appointments booked by others soon enough that their reminders fall due during the run.
    const now = new Date();
    let seeded = 0;
    const slots = await findAvailableSlots(db, { clinicId: 'bella-pele', serviceId: 'avaliacao', now, limit: Number(values.reminders) * 2 });
    for (const [i, slot] of slots.entries()) {
      if (seeded >= Number(values.reminders)) break;
      const patient = await findOrCreatePatient(db, { clinicId: 'bella-pele', phone: `+55119700${String(i).padStart(5, '0')}`, now });
      try {
        const a = await bookSlot(db, { clinicId: 'bella-pele', patientId: patient.id, serviceId: 'avaliacao', professionalId: slot.professionalId, startsAt: slot.startsAt, now, source: 'seed', actor: 'load-test' });
        app.bus.publish({ type: 'appointment', clinicId: 'bella-pele', appointmentId: a.id, status: 'booked' });
        seeded++;
      } catch {
        /* neighbour slot taken */
      }
    }

    // Time warp: the seeded appointments start in hours, so their message steps (24–72 h before)
    // were planned as already past. Make every message step fall due during the first 20 s of the
    // run instead; the reconciler (every 2 s) fires them while the patients talk.
    const seededIds = (await db.select({ id: appointments.id }).from(appointments).where(eq(appointments.source, 'seed'))).map((a) => a.id);
    for (let i = 0; i < 50; i++) {
      const planned = await db.select({ id: reminders.id }).from(reminders).where(inArray(reminders.appointmentId, seededIds));
      if (planned.length > 0 && new Set(planned.map((r) => r.id)).size >= seededIds.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const warped = await bench.database.rows<{ n: number }>(sql`
      with w as (
        update reminders set status = 'pending', due_at = now() + (random() * interval '20 seconds'), updated_at = now()
         where appointment_id in (select id from appointments where source = 'seed') and channel = 'whatsapp' and condition = 'always'
        returning 1)
      select count(*)::int as n from w`);
    const remindersDue = warped[0]?.n ?? 0;

    const byPhone = new Map<string, string[]>();
    let seenRequests = 0;
    const collect = () => {
      for (; seenRequests < graph.requests.length; seenRequests++) {
        const j = graph.requests[seenRequests]!.json as { to?: string; text?: { body?: string }; template?: { name?: string } };
        const phone = `+${j.to ?? ''}`;
        const list = byPhone.get(phone) ?? [];
        list.push(j.text?.body ?? `[template ${j.template?.name ?? ''}]`);
        byPhone.set(phone, list);
      }
    };
    /** The inbound message is processed and nothing of its conversation waits to be sent. */
    const turnSettled = async (wamid: string): Promise<boolean> => {
      const rows = await bench.database.rows<{ settled: boolean }>(sql`
        select i.status = 'processed' and not exists (
                 select 1 from messages o where o.conversation_id = i.conversation_id and o.direction = 'out' and o.status in ('queued', 'sending')
               ) as settled
          from messages i where i.provider_message_id = ${wamid} and i.direction = 'in'`);
      return rows[0]?.settled === true;
    };
    const ackMs: number[] = [];
    const replyMs: number[] = [];
    let sent = 0;
    const deadline = Date.now() + TIMEOUT_MS;
    const started = Date.now();
    const patients = Array.from({ length: PATIENTS }, (_, i) => ({
      phone: `+55119600${String(i).padStart(5, '0')}`,
      service: SERVICES[i % SERVICES.length]![0],
      when: WHEN[i % WHEN.length]!,
      booked: false,
      askedPrice: false,
      turns: 0,
      completed: false,
      stuck: '',
    }));
    const transcripts = new Map<string, string[]>();
    const note = (phone: string, line: string) => transcripts.set(phone, [...(transcripts.get(phone) ?? []), line]);
    const say = async (p: (typeof patients)[number], text: string) => {
      note(p.phone, `PACIENTE: ${text}`);
      const wamid = `wamid.load-${randomUUID()}`;
      const body = payload(p.phone, text, wamid);
      const before = byPhone.get(p.phone)?.length ?? 0;
      const t0 = performance.now();
      const res = await fetch(`${url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
        body,
      });
      ackMs.push(performance.now() - t0);
      sent++;
      p.turns++;
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      // Wait like a patient reading the whole answer: until this message's turn is committed and
      // every reply of the conversation has reached the provider (a turn may send several).
      let firstAt = 0;
      for (;;) {
        collect();
        const count = byPhone.get(p.phone)?.length ?? 0;
        if (count > before && !firstAt) {
          firstAt = performance.now();
          replyMs.push(firstAt - t0);
        }
        if (firstAt && (await turnSettled(wamid))) {
          collect();
          break;
        }
        if (Date.now() > deadline) throw new Error('timed out waiting for a reply');
        await new Promise((r) => setTimeout(r, 25));
      }
      const reply = (byPhone.get(p.phone) ?? []).slice(before).join('\n');
      note(p.phone, `BOT: ${reply}`);
      return reply;
    };
    await Promise.all(
      patients.map(async (p) => {
        try {
          let reply = await say(p, 'oi, bom dia! tudo bem?');
          // Patient enough to lose the first slot several times: everyone who asked for "qualquer dia"
          // picks option 1 of the same list, so collisions come in runs under load.
          while (!p.booked && p.turns < 24) {
            const next = nextUtterance(reply, p);
            if (next === 'booked' || next === 'done') break;
            reply = await say(p, next);
            if (/agendado!|prontinho/i.test(reply)) p.booked = true;
          }
          if (p.booked) {
            await say(p, 'quanto custa?');
            p.askedPrice = true;
          }
          await say(p, 'muito obrigada!');
          p.completed = p.booked;
          if (!p.booked) p.stuck = reply.slice(0, 160);
        } catch (err) {
          p.stuck = (err as Error).message;
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    await app.jobs.idle(120_000).catch(() => {});

    // Invariants, from the database.
    const overlaps = await bench.database.rows<{ n: number }>(sql`
      select count(*)::int as n from appointments a join appointments b
        on a.id < b.id and a.clinic_id = b.clinic_id and a.professional_id = b.professional_id
       and tstzrange(a.starts_at, a.blocked_until) && tstzrange(b.starts_at, b.blocked_until)
      where a.status in ('held','booked','confirmed') and b.status in ('held','booked','confirmed')`);
    const pendingIn = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.direction, 'in'), inArray(messages.status, ['pending', 'processing'])));
    const inbound = await db.select({ id: messages.id }).from(messages).where(eq(messages.direction, 'in'));
    const outSent = await db.select({ id: messages.id, wamid: messages.providerMessageId }).from(messages).where(and(eq(messages.direction, 'out'), inArray(messages.status, ['sent', 'delivered', 'read'])));
    const outUnsent = await db.select({ id: messages.id, status: messages.status }).from(messages).where(and(eq(messages.direction, 'out'), inArray(messages.status, ['queued', 'sending', 'failed'])));
    const stubIds = new Set<string>();
    let duplicateDeliveries = 0;
    // Each outbound row was sent once: the provider ids we stored are distinct and equal in number to the stub's requests.
    for (const o of outSent) {
      if (stubIds.has(o.wamid ?? '')) duplicateDeliveries++;
      stubIds.add(o.wamid ?? '');
    }
    const perPatientBookings = await bench.database.rows<{ n: number }>(sql`
      select count(*)::int as n from (select patient_id from appointments where source <> 'seed' and status in ('booked','confirmed') group by patient_id having count(*) > 1) x`);
    const reminderSends = await db.select({ id: reminders.id }).from(reminders).where(inArray(reminders.status, ['sent', 'delivered', 'read']));
    const booked = await db.select({ id: appointments.id }).from(appointments).where(and(inArray(appointments.status, ['booked', 'confirmed']), sql`${appointments.source} <> 'seed'`));
    const completed = patients.filter((p) => p.completed).length;

    const report = {
      patients: PATIENTS,
      queue: redisUrl ? 'bullmq' : 'in-process',
      worker_processes: workerCount,
      messages: sent,
      seconds: Number(seconds.toFixed(1)),
      throughput_msg_per_s: Number((sent / seconds).toFixed(1)),
      ack_ms: { p50: +percentile(ackMs, 50).toFixed(1), p95: +percentile(ackMs, 95).toFixed(1), p99: +percentile(ackMs, 99).toFixed(1) },
      reply_ms: { p50: +percentile(replyMs, 50).toFixed(1), p95: +percentile(replyMs, 95).toFixed(1), p99: +percentile(replyMs, 99).toFixed(1) },
      conversations_completed: completed,
      bookings: booked.length,
      double_bookings: overlaps[0]?.n ?? -1,
      patients_with_two_bookings: perPatientBookings[0]?.n ?? -1,
      inbound_stored: inbound.length,
      inbound_unprocessed: pendingIn.length,
      outbound_sent: outSent.length,
      outbound_unsent: outUnsent.length,
      provider_requests: graph.requests.length,
      duplicate_deliveries: duplicateDeliveries,
      reminders_seeded_appointments: seeded,
      reminders_due_during_run: remindersDue,
      reminder_sends: reminderSends.length,
    };
    console.log(JSON.stringify(report, null, 2));
    const stuck = patients.filter((p) => !p.completed).slice(0, 5);
    if (process.env.LOAD_TRANSCRIPT) {
      const odd = patients.find((p) => (transcripts.get(p.phone) ?? []).filter((l) => l.startsWith('PACIENTE: oi, bom dia')).length > 1);
      console.log((transcripts.get((stuck[0] ?? odd ?? patients[0])!.phone) ?? []).join('\n'));
    }
    if (stuck.length) console.log('not completed (first 5):', stuck.map((p) => ({ phone: p.phone, turns: p.turns, last: p.stuck })));
    const violations = [
      completed !== PATIENTS && `${PATIENTS - completed} conversations did not complete`,
      report.double_bookings !== 0 && 'double bookings',
      report.patients_with_two_bookings !== 0 && 'a patient booked twice',
      inbound.length !== sent && `lost inbound messages: sent ${sent}, stored ${inbound.length}`,
      pendingIn.length !== 0 && 'inbound messages left unprocessed',
      outUnsent.length !== 0 && `${outUnsent.length} replies not sent`,
      outSent.length !== graph.requests.length && `provider saw ${graph.requests.length} requests for ${outSent.length} sent messages`,
      duplicateDeliveries !== 0 && 'duplicate deliveries',
      reminderSends.length < remindersDue && `only ${reminderSends.length} of ${remindersDue} due reminders sent`,
    ].filter(Boolean);
    if (violations.length) {
      console.error(`VIOLATIONS: ${violations.join('; ')}`);
      exitCode = 1;
    } else console.log('OK: every conversation completed, no double booking, nothing lost, nothing sent twice');
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await app.stop();
    await graph.close();
    await bench.drop();
    rmSync(flowsDir, { recursive: true, force: true });
    rmSync(envVars.DATA_DIR!, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
