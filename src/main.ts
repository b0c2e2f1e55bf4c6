import { hostname } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { syncCatalog } from './catalog/sync-catalog';
import { SimulatorSender } from './channels/simulator/simulator-sender';
import type { Channel, ChannelSender } from './channels/types';
import type { Env } from './config/env';
import { type Database, openDatabase, pgliteDir } from './db/open-database';
import { FlowRegistry } from './flows/clinic-flows';
import { formatProblem } from './flows/parse-flow-file';
import { createHttpApp } from './http/create-http-app';
import { BullmqJobQueue } from './jobs/bullmq-job-queue';
import { InProcessJobQueue } from './jobs/in-process-job-queue';
import type { JobQueue } from './jobs/job-queue';
import { type Clock, systemClock } from './lib/clock';
import { type EventBus, LocalEventBus, PostgresEventBus } from './lib/event-bus';
import { createLogger, type Logger } from './lib/logger';
import { AppMetrics } from './lib/metrics';
import { ClinicDirectory } from './pipeline/clinic-directory';
import { DEFAULT_PIPELINE_SETTINGS, type PipelineDeps } from './pipeline/pipeline-deps';
import { createBlockedReplyWatch } from './pipeline/watch-blocked-replies';
import { processConversation } from './pipeline/process-conversation';
import { recoverPending } from './pipeline/recover-pending';
import { sendOutbound } from './pipeline/send-outbound';
import type { TurnHandler } from './pipeline/turn-handler';
import { createTurnHandler, type TurnHandlerDeps } from './conversation/create-turn-handler';
import { loadEncryptor } from './lib/crypto';
import { handleReminderReply } from './reminders/handle-reminder-reply';
import { createReminderService, type ReminderService } from './reminders/create-reminder-service';
import { combineOutboundHooks } from './reminders/reminder-outbound-hooks';
import { GraphApiSender } from './channels/whatsapp-cloud';
import { TwilioSmsSender } from './channels/sms';
import { WhatsAppWebAdapter, wwebjsClientFactory } from './channels/whatsapp-web';
import { acceptWithRetry } from './pipeline/accept-with-retry';
import { createRetentionJob, type RetentionJob } from './lgpd/apply-retention';

export interface AppOptions {
  env: Env;
  clock?: Clock;
  logger?: Logger;
  /** An already-open database (tests); otherwise opened from the environment. */
  database?: Database;
  /** Replace channel senders (tests use stubs through the real senders instead, when they can). */
  senders?: Partial<Record<Channel, ChannelSender>>;
  /** Replace the conversation brain (benchmarks measure the pipeline with an echo). */
  handler?: TurnHandler;
  /** The LLM agent's model and routing (tests and benchmarks script it with `fakeModel()`). @defaultValue from OPENAI_* */
  llm?: TurnHandlerDeps['llm'];
  /** Run job workers and the maintenance loop in this process. @defaultValue per RUN_WORKERS */
  runWorkers?: boolean;
  /** A prebuilt whatsapp-web.js session (tests inject one over a fake client); else built when WHATSAPP_WEB=1. */
  whatsappWeb?: WhatsAppWebAdapter;
  /** Milliseconds between maintenance ticks. @defaultValue 5000 */
  maintenanceEveryMs?: number;
}

export interface App {
  env: Env;
  clock: Clock;
  logger: Logger;
  database: Database;
  flows: FlowRegistry;
  jobs: JobQueue;
  bus: EventBus;
  metrics: AppMetrics;
  pipeline: PipelineDeps;
  /** The reminder engine: plans, timers, sends, escalations, reconciler (tests drive it with a frozen clock). */
  reminders: ReminderService;
  /** LGPD retention: message texts older than RETENTION_DAYS erased, daily from the maintenance loop. */
  retention: RetentionJob;
  /** The whatsapp-web.js session, when WHATSAPP_WEB=1 (its QR is shown to owners in the inbox). */
  whatsappWeb?: WhatsAppWebAdapter;
  http: ReturnType<typeof createHttpApp>;
  /** Syncs catalogs whose clinic.yaml changed and re-enqueues pending work. */
  maintain(): Promise<void>;
  listen(port?: number, host?: string): Promise<{ url: string; server: Server }>;
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that constructs services. Config → database → owner
 * files and catalog → event bus → job queue → channels → pipeline → HTTP.
 */
export async function createApp(options: AppOptions): Promise<App> {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  const database = options.database ?? (await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR), maxConnections: env.DATABASE_POOL_SIZE }));

  const reported = new Set<string>();
  const flows = new FlowRegistry(env.FLOWS_DIR, env.PROMPTS_DIR, (problems) => {
    for (const p of problems) {
      const line = formatProblem(p);
      if (!reported.has(line)) logger.error({ problem: line }, 'flow file invalid; keeping the last valid version');
      reported.add(line);
    }
  });
  const synced = new Map<string, string>();
  const syncCatalogs = async () => {
    for (const [clinicId, clinicFlows] of flows.all()) {
      const hash = clinicFlows.clinicFile.hash();
      if (synced.get(clinicId) === hash) continue;
      const result = await syncCatalog(database.db, clinicFlows.clinic(), hash, {
        whatsappPhoneNumberId: clinicId === flows.defaultClinicId ? env.WHATSAPP_PHONE_NUMBER_ID : undefined,
        smsNumber: clinicId === flows.defaultClinicId ? env.SMS_FROM : undefined,
      });
      synced.set(clinicId, hash);
      if (result.changed) logger.info({ clinicId, services: result.services, deactivated: result.deactivatedServices }, 'catalog synced');
    }
  };
  await syncCatalogs();

  const bus: EventBus = env.DATABASE_URL ? await PostgresEventBus.create(env.DATABASE_URL, logger) : new LocalEventBus();
  const jobs: JobQueue = env.REDIS_URL ? await BullmqJobQueue.create(env.REDIS_URL, env.QUEUE_PREFIX, logger) : new InProcessJobQueue(logger);

  const senders: Partial<Record<Channel, ChannelSender>> = { simulator: new SimulatorSender() };
  if (env.WHATSAPP_TOKEN) senders.whatsapp = new GraphApiSender({ graphUrl: env.WHATSAPP_GRAPH_URL, token: env.WHATSAPP_TOKEN, timeoutMs: env.PROVIDER_TIMEOUT_MS });
  if (env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN) {
    senders.sms = new TwilioSmsSender({ accountSid: env.SMS_ACCOUNT_SID, authToken: env.SMS_AUTH_TOKEN, baseUrl: env.SMS_BASE_URL, timeoutMs: env.PROVIDER_TIMEOUT_MS });
  }
  Object.assign(senders, options.senders);
  // whatsapp-web.js: one browser session, so it lives in the process that serves HTTP and runs
  // the workers (a separate `atende worker` cannot send through it).
  let whatsappWeb: WhatsAppWebAdapter | undefined = options.whatsappWeb;
  if (whatsappWeb) senders.whatsapp_web ??= whatsappWeb.sender;
  else if (env.WHATSAPP_WEB && !options.senders?.whatsapp_web) {
    whatsappWeb = new WhatsAppWebAdapter({
      createClient: wwebjsClientFactory({ dataDir: env.DATA_DIR, chromiumPath: env.WHATSAPP_WEB_CHROMIUM_PATH }),
      onMessage: (message) => acceptWithRetry(pipeline, message).then(() => undefined),
      logger,
    });
    senders.whatsapp_web = whatsappWeb.sender;
  }

  const clinics = new ClinicDirectory(database, flows.defaultClinicId);
  // One key ring for the process: health answers, sensitive message texts, CPF.
  const crypto = loadEncryptor(env, logger);
  const metrics = new AppMetrics(database, jobs);
  const pipeline: PipelineDeps = {
    database,
    jobs,
    bus,
    clock,
    logger,
    clinics,
    flows,
    senders,
    handler:
      options.handler ??
      createTurnHandler({ env, logger, clock, bus, jobs, crypto, reminderReplies: (ctx) => handleReminderReply(ctx, { bus }), metrics, llm: options.llm }),
    metrics,
    crypto,
    settings: { ...DEFAULT_PIPELINE_SETTINGS, rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE, leaseMs: env.TURN_LEASE_MS, workerId: `${hostname()}:${process.pid}` },
  };
  const blockedReplies = createBlockedReplyWatch(pipeline);
  pipeline.blockedReplies = blockedReplies;

  const runWorkers = options.runWorkers ?? (env.RUN_WORKERS === 'auto' ? true : env.RUN_WORKERS === 'yes');
  jobs.handle('turn', (data) => processConversation(pipeline, data.conversationId), { concurrency: 8, attempts: 10 });
  jobs.handle('send', (data) => sendOutbound(pipeline, data.messageId), { concurrency: 16, attempts: 3 });
  jobs.handle('unblock', () => blockedReplies.look().then(() => undefined), { concurrency: 1, attempts: 2 });

  const reminders = createReminderService({
    database,
    jobs,
    bus,
    clock,
    logger,
    flows,
    senders,
    smsFrom: env.SMS_FROM,
    settings: { reconcileEveryMs: env.REMINDER_RECONCILE_MS, timerHorizonMs: env.REMINDER_TIMER_HORIZON_MINUTES * 60_000 },
    retrain: env.RISK_RETRAIN_HOURS > 0 ? { everyMs: env.RISK_RETRAIN_HOURS * 3_600_000, minNewOutcomes: env.RISK_RETRAIN_MIN_NEW_OUTCOMES } : undefined,
  });
  pipeline.hooks = combineOutboundHooks(pipeline.hooks, reminders.hooks);
  jobs.handle('reminder', (data) => reminders.fire(data.reminderId).then(() => undefined), { concurrency: 8, attempts: 5 });

  const http = createHttpApp({ env, logger, database, jobs, bus, pipeline, flows, clock, metrics, crypto, whatsappWeb });

  const retention = createRetentionJob({ database, clock, logger }, { retentionDays: env.RETENTION_DAYS });

  const maintain = async () => {
    await syncCatalogs();
    await recoverPending(pipeline, { olderThanMs: 10_000 });
  };

  whatsappWeb?.start();

  let timer: NodeJS.Timeout | undefined;
  let servers: Server[] = [];
  if (runWorkers) {
    await jobs.start();
    // Work left by a crash (or lost with Redis) is picked up at once, then on every tick.
    await recoverPending(pipeline, { olderThanMs: 0 });
    // Plans on appointment events; the reconciler (now, then every REMINDER_RECONCILE_MS) rebuilds timers from Postgres.
    reminders.start();
    const every = options.maintenanceEveryMs ?? 5000;
    timer = setInterval(() => {
      maintain().catch((err) => logger.warn({ err: (err as Error).message }, 'maintenance tick failed'));
      void retention.tick();
    }, every);
    timer.unref();
  }

  return {
    env,
    clock,
    logger,
    database,
    flows,
    jobs,
    bus,
    metrics,
    pipeline,
    reminders,
    retention,
    whatsappWeb,
    http,
    maintain,
    listen: (port = env.PORT, host = env.HOST) =>
      new Promise((resolve, reject) => {
        const server = http.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          servers.push(server);
          resolve({ url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, server });
        });
        server.on('error', reject);
      }),
    stop: async () => {
      if (timer) clearInterval(timer);
      await retention.settle();
      await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r(null)); })));
      servers = [];
      await whatsappWeb?.stop();
      await reminders.stop();
      await jobs.close();
      await bus.close();
      flows.close();
      if (!options.database) await database.close();
    },
  };
}
