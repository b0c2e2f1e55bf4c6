import { join } from 'node:path';
import { conversations, messages } from '../../../src/db/schema';
import type { ToolContext } from '../../../src/conversation/tools/tool-context';
import { freshState, type ConversationState } from '../../../src/conversation/state';
import { ClinicFlows } from '../../../src/flows/clinic-flows';
import { createEncryptor, generateKeySpec, parseEncryptionKeys } from '../../../src/lib/crypto';
import { LocalEventBus, type BusEvent } from '../../../src/lib/event-bus';
import { silentLogger } from '../../../src/lib/logger';
import { findOrCreatePatient } from '../../../src/patients/find-or-create-patient';
import type { TestDatabase } from '../../support/test-database';

export const CLINIC = { id: 'bella-pele', name: 'Clínica Bella Pele', timezone: 'America/Sao_Paulo' };

/**
 * Calls tools the way a model would, one patient message at a time, against a real database:
 * `await chat.says('sim')` stores the inbound message and returns the context a tool acts in.
 */
export async function toolChat(t: TestDatabase, phone: string, now: Date) {
  const flows = new ClinicFlows(join(process.cwd(), 'flows'), join(process.cwd(), 'prompts'));
  const patient = await findOrCreatePatient(t.database.db, { clinicId: CLINIC.id, phone, now });
  const [conversation] = await t.database.db
    .insert(conversations)
    .values({ clinicId: CLINIC.id, patientId: patient.id, channel: 'whatsapp', clinicAddress: 'test', patientAddress: phone })
    .returning();
  const bus = new LocalEventBus();
  const events: BusEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const crypto = createEncryptor(parseEncryptionKeys(generateKeySpec('t1')));
  const state: ConversationState = freshState();
  let ctx: ToolContext | undefined;
  return {
    patient,
    conversation: conversation!,
    state,
    events,
    crypto,
    flows,
    /** The context of the patient's latest message. */
    get ctx(): ToolContext {
      if (!ctx) throw new Error('say something first');
      return ctx;
    },
    async says(text: string): Promise<ToolContext> {
      const [message] = await t.database.db
        .insert(messages)
        .values({ clinicId: CLINIC.id, conversationId: conversation!.id, direction: 'in', author: 'patient', channel: 'whatsapp', body: text, status: 'processed', receivedAt: now })
        .returning();
      ctx = { db: t.database.db, database: t.database, clinic: CLINIC, flows, conversationId: conversation!.id, channel: 'whatsapp', patient, message: message!, now, state, bus, crypto, log: silentLogger, effects: {} };
      return ctx;
    },
  };
}
