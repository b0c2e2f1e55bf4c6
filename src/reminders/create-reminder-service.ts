import type { OutboundHooks } from '../pipeline/pipeline-deps';
import { ActiveRiskModels } from './active-risk-models';
import { fireDueReminders, fireReminder, type FireOutcome } from './fire-reminder';
import { planRemindersBatch, type PlanResult } from './plan-reminders';
import { reconcileReminders, startReminderReconciler, type ReconcileReport } from './reconcile-reminders';
import { DEFAULT_REMINDER_SETTINGS, type ReminderDeps, type ReminderSettings } from './reminder-deps';
import { createReminderOutboundHooks } from './reminder-outbound-hooks';
import { startRiskRetraining } from './risk-from-db';
import { subscribeReminderPlanning, syncReminders } from './sync-reminders';

/** The engine's dependencies, minus what the service builds itself (risk models, full settings). */
export interface ReminderServiceOptions extends Omit<ReminderDeps, 'models' | 'settings'> {
  settings?: Partial<ReminderSettings>;
  /** Scheduled retraining; off when absent. */
  retrain?: { everyMs: number; minNewOutcomes: number };
}

/** The reminder engine as the composition root sees it. */
export interface ReminderService {
  deps: ReminderDeps;
  /** Attach to `pipeline.hooks`: delivery rows, template switch, SMS fallback. */
  hooks: OutboundHooks;
  /** The `reminder` job handler. */
  fire(reminderId: string): Promise<FireOutcome>;
  plan(appointmentIds: readonly string[]): Promise<PlanResult>;
  sync(appointmentId: string): Promise<void>;
  fireDue(now?: Date): Promise<FireOutcome[]>;
  reconcile(options?: { requeue?: 'horizon' | 'all'; now?: Date }): Promise<ReconcileReport>;
  /** In worker processes: plan on appointment events, run the reconciler and the retraining schedule. */
  start(): void;
  /** Stops the schedules and waits for a reconciler pass in progress. */
  stop(): Promise<void>;
}

/**
 * Builds the reminder engine from the app's services. Nothing runs until `start()`, so a web-only
 * process (RUN_WORKERS=no) can still attach the hooks and answer replies.
 */
export function createReminderService(options: ReminderServiceOptions): ReminderService {
  const deps: ReminderDeps = {
    database: options.database,
    jobs: options.jobs,
    bus: options.bus,
    clock: options.clock,
    logger: options.logger,
    flows: options.flows,
    senders: options.senders,
    smsFrom: options.smsFrom,
    models: new ActiveRiskModels(options.database, options.logger),
    settings: { ...DEFAULT_REMINDER_SETTINGS, ...options.settings },
  };
  const stops: (() => void | Promise<void>)[] = [];
  return {
    deps,
    hooks: createReminderOutboundHooks(deps),
    fire: (id) => fireReminder(deps, id),
    plan: (ids) => planRemindersBatch(deps, ids),
    sync: (id) => syncReminders(deps, id),
    fireDue: (now) => fireDueReminders(deps, { now }),
    reconcile: (o) => reconcileReminders(deps, o),
    start: () => {
      if (stops.length > 0) return;
      stops.push(subscribeReminderPlanning(deps));
      const reconciler = startReminderReconciler(deps);
      stops.push(() => reconciler.stop());
      if (options.retrain) {
        const retraining = startRiskRetraining({ ...deps, clinicIds: () => options.flows.all().map(([id]) => id) }, options.retrain);
        stops.push(() => retraining.stop());
      }
    },
    stop: async () => {
      for (const s of stops.splice(0)) await s();
    },
  };
}
