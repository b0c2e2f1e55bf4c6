import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The data model. Every row carries `clinic_id` so several clinics can share one deployment and
 * every query can be scoped to one. Catalog ids (services, professionals) are the slugs from
 * flows/clinic.yaml, unique per clinic. Times are timestamptz (UTC on disk); clinic-local
 * reasoning happens in code with the clinic's timezone.
 */

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tstz('created_at').notNull().defaultNow();

export const APPOINTMENT_STATUSES = ['held', 'booked', 'confirmed', 'cancelled', 'rescheduled', 'attended', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
/** Statuses that occupy the professional's time (the overlap guard applies to these). */
export const LIVE_STATUSES = ['held', 'booked', 'confirmed', 'attended', 'no_show'] as const satisfies readonly AppointmentStatus[];

const inList = (col: string, values: readonly string[]) => sql.raw(`${col} in (${values.map((v) => `'${v}'`).join(', ')})`);

export interface ClinicSettings {
  minNoticeMinutes: number;
  horizonDays: number;
  gridMinutes: number;
  holdMinutes: number;
}

export const clinics = pgTable('clinics', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  /** Receiving WhatsApp Cloud API number id; selects the clinic for inbound webhooks. */
  whatsappPhoneNumberId: text('whatsapp_phone_number_id'),
  smsNumber: text('sms_number'),
  catalogHash: text('catalog_hash'),
  /** Booking rules from flows/clinic.yaml (notice, horizon, grid, hold), synced with the catalog. */
  settings: jsonb('settings').$type<ClinicSettings>().notNull().default({ minNoticeMinutes: 120, horizonDays: 60, gridMinutes: 15, holdMinutes: 10 }),
  createdAt: createdAt(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

export const professionals = pgTable(
  'professionals',
  {
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    registry: text('registry').notNull().default(''),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.id] })],
);

export const services = pgTable(
  'services',
  {
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    durationMin: integer('duration_min').notNull(),
    bufferMin: integer('buffer_min').notNull().default(0),
    priceCents: integer('price_cents').notNull(),
    synonyms: jsonb('synonyms').$type<string[]>().notNull().default([]),
    info: text('info').notNull().default(''),
    /** A service removed from the file is deactivated, never deleted with its history. */
    active: boolean('active').notNull().default(true),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clinicId, t.id] }), check('services_duration_positive', sql`${t.durationMin} > 0`)],
);

export const professionalServices = pgTable(
  'professional_services',
  {
    clinicId: text('clinic_id').notNull(),
    professionalId: text('professional_id').notNull(),
    serviceId: text('service_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.clinicId, t.professionalId, t.serviceId] }),
    foreignKey({ columns: [t.clinicId, t.professionalId], foreignColumns: [professionals.clinicId, professionals.id] }),
    foreignKey({ columns: [t.clinicId, t.serviceId], foreignColumns: [services.clinicId, services.id] }),
  ],
);

/** Weekly working intervals per professional; a break is the gap between two intervals of a day. */
export const workingHours = pgTable(
  'working_hours',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clinicId: text('clinic_id').notNull(),
    professionalId: text('professional_id').notNull(),
    /** 0 = Sunday … 6 = Saturday, in the clinic's timezone. */
    weekday: smallint('weekday').notNull(),
    startMin: smallint('start_min').notNull(),
    endMin: smallint('end_min').notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.clinicId, t.professionalId], foreignColumns: [professionals.clinicId, professionals.id] }),
    index('working_hours_pro_idx').on(t.clinicId, t.professionalId),
    check('working_hours_valid', sql`${t.weekday} between 0 and 6 and ${t.startMin} >= 0 and ${t.endMin} <= 1440 and ${t.endMin} > ${t.startMin}`),
  ],
);

/** Closed windows: holidays (professional null = whole clinic) and time off. */
export const scheduleExceptions = pgTable(
  'schedule_exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    professionalId: text('professional_id'),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    reason: text('reason').notNull().default(''),
    /** 'file' rows are rewritten at each catalog sync; 'staff' rows are kept. */
    source: text('source').notNull().default('staff'),
    createdAt: createdAt(),
  },
  (t) => [index('schedule_exceptions_range_idx').on(t.clinicId, t.startsAt), check('exceptions_range', sql`${t.endsAt} > ${t.startsAt}`)],
);

export const patients = pgTable(
  'patients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    /** E.164, unique per clinic. Null once the patient is erased (LGPD). */
    phone: text('phone'),
    name: text('name'),
    /** AES-256-GCM envelope (see src/lib/crypto), never plain. */
    cpfEnc: text('cpf_enc'),
    email: text('email'),
    birthDate: text('birth_date'),
    sex: text('sex'),
    optedOutAt: tstz('opted_out_at'),
    erasedAt: tstz('erased_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('patients_clinic_phone_uq').on(t.clinicId, t.phone)],
);

export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    patientId: uuid('patient_id').references(() => patients.id),
    professionalId: text('professional_id').notNull(),
    serviceId: text('service_id').notNull(),
    startsAt: tstz('starts_at').notNull(),
    /** End of the procedure, as the patient sees it. */
    endsAt: tstz('ends_at').notNull(),
    /** End of the procedure plus its buffer: the time the professional is busy (the overlap guard). */
    blockedUntil: tstz('blocked_until').notNull(),
    status: text('status').$type<AppointmentStatus>().notNull(),
    holdExpiresAt: tstz('hold_expires_at'),
    /** whatsapp | whatsapp_web | sms | simulator | staff | api | seed */
    source: text('source').notNull(),
    conversationId: uuid('conversation_id'),
    priceCents: integer('price_cents'),
    cancelReason: text('cancel_reason'),
    rescheduledFromId: uuid('rescheduled_from_id'),
    riskScore: real('risk_score'),
    riskTier: text('risk_tier'),
    riskModelVersion: text('risk_model_version'),
    confirmedAt: tstz('confirmed_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.clinicId, t.professionalId], foreignColumns: [professionals.clinicId, professionals.id] }),
    foreignKey({ columns: [t.clinicId, t.serviceId], foreignColumns: [services.clinicId, services.id] }),
    index('appointments_pro_time_idx').on(t.clinicId, t.professionalId, t.startsAt),
    index('appointments_patient_idx').on(t.patientId, t.startsAt),
    index('appointments_clinic_time_idx').on(t.clinicId, t.startsAt),
    check('appointments_status_valid', inList('status', APPOINTMENT_STATUSES)),
    check('appointments_times_valid', sql`${t.endsAt} > ${t.startsAt} and ${t.blockedUntil} >= ${t.endsAt}`),
    check('appointments_hold_has_expiry', sql`${t.status} <> 'held' or ${t.holdExpiresAt} is not null`),
  ],
);

/** Every change to an appointment: what, who and why. Append-only by convention and by code. */
export const appointmentEvents = pgTable(
  'appointment_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clinicId: text('clinic_id').notNull(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    type: text('type').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    /** 'patient' | 'bot' | 'system' | 'staff:<id>' | 'api:<token id>' */
    actor: text('actor').notNull(),
    reason: text('reason'),
    messageId: uuid('message_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('appointment_events_appt_idx').on(t.appointmentId, t.at)],
);

export const CONVERSATION_MODES = ['bot', 'waiting_staff', 'staff'] as const;
export type ConversationMode = (typeof CONVERSATION_MODES)[number];

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    channel: text('channel').notNull(),
    /** The clinic's address on the channel (phone_number_id, SMS number…): replies go out from it. */
    clinicAddress: text('clinic_address').notNull(),
    /** The patient's address on the channel (E.164). Null once erased. */
    patientAddress: text('patient_address'),
    mode: text('mode').$type<ConversationMode>().notNull().default('bot'),
    assignedStaffId: uuid('assigned_staff_id'),
    /** Flow state (versioned JSON: `{ v: n, ... }`). */
    state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
    /** Optimistic-lock counter, bumped by every committed turn. */
    revision: integer('revision').notNull().default(0),
    /** Lease so that one worker at a time processes this conversation's turns. */
    leaseOwner: text('lease_owner'),
    leaseUntil: tstz('lease_until'),
    /** Last inbound message: the WhatsApp 24-hour customer-service window runs from it. */
    lastInboundAt: tstz('last_inbound_at'),
    lastMessageAt: tstz('last_message_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conversations_address_uq').on(t.clinicId, t.channel, t.patientAddress),
    index('conversations_patient_idx').on(t.patientId),
    check('conversations_mode_valid', inList('mode', CONVERSATION_MODES)),
  ],
);

export const MESSAGE_STATUSES = [
  // inbound
  'pending',
  'processing',
  'processed',
  'ignored',
  // outbound
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  // notes
  'note',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Inbound, outbound and internal-note messages of a conversation: its whole history. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Arrival order (timestamps can tie): turns take pending messages by `seq`. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    clinicId: text('clinic_id').notNull().references(() => clinics.id),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    /** in | out | note */
    direction: text('direction').notNull(),
    /** patient | bot | staff | system */
    author: text('author').notNull(),
    staffId: uuid('staff_id'),
    channel: text('channel').notNull(),
    /** Inbound: the provider's id (dedupe key). Outbound: the id the provider returned. */
    providerMessageId: text('provider_message_id'),
    /** text | interactive | media | template */
    kind: text('kind').notNull().default('text'),
    /** Null after the retention job or an erasure. A placeholder when the text is sensitive (see bodyEnc). */
    body: text('body'),
    /**
     * The original text of a sensitive inbound message (a health answer, a CPF), AES-256-GCM
     * encrypted (src/lib/crypto); `body` then holds a neutral placeholder. Viewing it is audited.
     */
    bodyEnc: text('body_enc'),
    template: jsonb('template').$type<{ name: string; language: string; params: string[] }>(),
    mediaType: text('media_type'),
    status: text('status').$type<MessageStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at'),
    error: text('error'),
    /** The inbound message this outbound one answers (exactly-once replies are checked on it). */
    replyToId: uuid('reply_to_id'),
    /** What produced an outbound message: turn | reminder | staff | notice */
    origin: text('origin'),
    reminderId: uuid('reminder_id'),
    sentAt: tstz('sent_at'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
    deliveredAt: tstz('delivered_at'),
    readAt: tstz('read_at'),
  },
  (t) => [
    uniqueIndex('messages_provider_id_uq').on(t.channel, t.providerMessageId),
    index('messages_conversation_idx').on(t.conversationId, t.seq),
    // Work still to do — inbound messages to answer, replies to send — per conversation in order;
    // the recovery sweeps read them whole. Each predicate names the direction so that statements on
    // one message by id (which never name it) cannot use these indexes: a status-led index looked
    // cheapest to the planner there and was scanned whole once a backlog built up.
    index('messages_inbound_pending_idx').on(t.conversationId, t.seq).where(sql`${t.direction} = 'in' and ${t.status} = 'pending'`),
    index('messages_outbound_open_idx').on(t.conversationId, t.seq).where(sql`${t.direction} = 'out' and ${t.status} in ('queued','sending')`),
    // The per-sender rate limit counts a conversation's inbound messages of the last minute on every
    // turn: by arrival time, so the count reads that minute only, not the whole thread's history.
    index('messages_inbound_recent_idx').on(t.conversationId, t.receivedAt).where(sql`${t.direction} = 'in'`),
    check('messages_status_valid', inList('status', MESSAGE_STATUSES)),
    check('messages_direction_valid', inList('direction', ['in', 'out', 'note'])),
  ],
);

/** One processed inbound message: how it was understood and with which flow version. */
export const turns = pgTable(
  'turns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    inboundMessageId: uuid('inbound_message_id').notNull(),
    /** Hash of the flow and prompt files used for this turn. */
    flowVersion: text('flow_version').notNull(),
    /** deterministic | llm | fallback | staff_hold | rate_limited */
    engine: text('engine').notNull(),
    intent: text('intent'),
    step: text('step'),
    llmCalls: integer('llm_calls').notNull().default(0),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    latencyMs: integer('latency_ms'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('turns_inbound_uq').on(t.inboundMessageId), index('turns_conversation_idx').on(t.conversationId, t.createdAt)],
);

/** LGPD consent evidence: purpose, the exact text version, the answer, when and in which message. */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** health_data | reminders */
    purpose: text('purpose').notNull(),
    textVersion: text('text_version').notNull(),
    granted: boolean('granted').notNull(),
    messageId: uuid('message_id'),
    /** patient | staff:<id> | erasure */
    source: text('source').notNull().default('patient'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('consents_patient_idx').on(t.patientId, t.purpose, t.at)],
);

/** A contraindication screening for one service; answers encrypted, outcome in clear for logic. */
export const screenings = pgTable(
  'screenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    serviceId: text('service_id').notNull(),
    conversationId: uuid('conversation_id'),
    /** clear | block | consult */
    outcome: text('outcome').notNull(),
    /** Encrypted JSON: questions, answers as written, conditions found. */
    answersEnc: text('answers_enc'),
    flowVersion: text('flow_version').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('screenings_patient_idx').on(t.patientId, t.serviceId, t.createdAt)],
);

export const ESCALATION_REASONS = [
  'asked_human',
  'reminder_no_reply',
  'call_task',
  'screening_consult',
  'data_rights',
  'bot_stuck',
  'consent_refused',
  'engine_failure',
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** Work for reception. `dedupe_key` keeps an escalation from ever being raised twice. */
export const escalations = pgTable(
  'escalations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull(),
    conversationId: uuid('conversation_id'),
    patientId: uuid('patient_id'),
    appointmentId: uuid('appointment_id'),
    reason: text('reason').$type<EscalationReason>().notNull(),
    detail: text('detail'),
    /** open | claimed | resolved */
    status: text('status').notNull().default('open'),
    dedupeKey: text('dedupe_key').notNull(),
    /** For ordering: the appointment's start when there is one. */
    dueAt: tstz('due_at'),
    claimedBy: uuid('claimed_by'),
    claimedAt: tstz('claimed_at'),
    resolvedBy: uuid('resolved_by'),
    resolvedAt: tstz('resolved_at'),
    firstStaffReplyAt: tstz('first_staff_reply_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('escalations_dedupe_uq').on(t.clinicId, t.dedupeKey),
    index('escalations_open_idx').on(t.clinicId, t.status, t.dueAt),
    check('escalations_reason_valid', inList('reason', ESCALATION_REASONS)),
    check('escalations_status_valid', inList('status', ['open', 'claimed', 'resolved'])),
  ],
);

export const REMINDER_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped', 'cancelled'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

/** The reminder plan of an appointment: one row per step. Postgres is the truth; Redis only times it. */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    /** e.g. "whatsapp-72h"; unique per appointment. */
    stepKey: text('step_key').notNull(),
    tier: text('tier').notNull(),
    /** whatsapp | sms | call_task | escalation */
    channel: text('channel').notNull(),
    template: text('template'),
    /** always | unconfirmed */
    condition: text('condition').notNull().default('always'),
    dueAt: tstz('due_at').notNull(),
    status: text('status').$type<ReminderStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    providerMessageId: text('provider_message_id'),
    messageId: uuid('message_id'),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reminders_step_uq').on(t.appointmentId, t.stepKey),
    index('reminders_due_idx').on(t.status, t.dueAt),
    check('reminders_status_valid', inList('status', REMINDER_STATUSES)),
  ],
);

export const riskModels = pgTable('risk_models', {
  version: text('version').primaryKey(),
  clinicId: text('clinic_id'),
  model: jsonb('model').$type<Record<string, unknown>>().notNull(),
  active: boolean('active').notNull().default(false),
  outcomesUsed: integer('outcomes_used').notNull().default(0),
  trainedAt: tstz('trained_at').notNull().defaultNow(),
});

export const STAFF_ROLES = ['reception', 'owner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const staffUsers = pgTable(
  'staff_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id')
      .notNull()
      .references(() => clinics.id),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    passwordHash: text('password_hash').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('staff_users_email_uq').on(sql`lower(${t.email})`), check('staff_role_valid', inList('role', STAFF_ROLES))],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    /** SHA-256 of the cookie value; the cookie itself is never stored. */
    idHash: text('id_hash').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    clinicId: text('clinic_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id')
      .notNull()
      .references(() => clinics.id),
    name: text('name').notNull(),
    /** SHA-256 of the token; shown once at creation. */
    tokenHash: text('token_hash').notNull(),
    role: text('role').$type<StaffRole>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)],
);

/** Append-only (a trigger refuses UPDATE and DELETE): claims, replies, status changes, health-data views. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clinicId: text('clinic_id').notNull(),
    /** staff | api | system | patient */
    actorType: text('actor_type').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    data: jsonb('data').$type<Record<string, unknown>>(),
    ip: text('ip'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('audit_log_clinic_idx').on(t.clinicId, t.at)],
);

/** LGPD data-subject requests (export, erasure, access), with their legal deadline. */
export const dataRequests = pgTable(
  'data_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clinicId: text('clinic_id').notNull(),
    patientId: uuid('patient_id'),
    /** access | export | erasure | consent_withdrawal */
    kind: text('kind').notNull(),
    /** open | done | rejected */
    status: text('status').notNull().default('open'),
    requestedVia: text('requested_via').notNull(),
    dueAt: tstz('due_at').notNull(),
    doneAt: tstz('done_at'),
    doneBy: text('done_by'),
    createdAt: createdAt(),
  },
  (t) => [index('data_requests_clinic_idx').on(t.clinicId, t.status)],
);
