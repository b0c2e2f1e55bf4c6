import { join } from 'node:path';
import { composeSteps } from '../../../../src/conversation/compose-steps';
import { runFlowEngine } from '../../../../src/conversation/engine/run-engine';
import { createLlmAgent, type LlmAgentOptions } from '../../../../src/conversation/llm/llm-agent';
import { conversations, messages } from '../../../../src/db/schema';
import { ClinicFlows } from '../../../../src/flows/clinic-flows';
import { createEncryptor, generateKeySpec, parseEncryptionKeys, type Encryptor } from '../../../../src/lib/crypto';
import { LocalEventBus } from '../../../../src/lib/event-bus';
import { silentLogger, type Logger } from '../../../../src/lib/logger';
import { findOrCreatePatient } from '../../../../src/patients/find-or-create-patient';
import type { TurnResult } from '../../../../src/pipeline/turn-handler';
import type { TestDatabase } from '../../../support/test-database';
import { CLINIC } from '../../support/tool-harness';

export interface AgentChatOptions extends Omit<LlmAgentOptions, 'engine'> {
  phone: string;
  name?: string;
  /** @defaultValue a fresh key ring */
  crypto?: Encryptor;
  logger?: Logger;
  /** @defaultValue ./prompts */
  promptsDir?: string;
  /** @defaultValue Tuesday 10 March 2026, 10:00 in São Paulo */
  start?: Date;
}

/**
 * One patient talking to the agent-then-engine chain (as createTurnHandler builds it) on a real
 * database, without the HTTP pipeline: each `says` stores the inbound message, runs the turn and
 * stores the replies, so the next turn has its history — the agent's options are the test's to set.
 */
export async function agentChat(t: TestDatabase, options: AgentChatOptions) {
  const flows = new ClinicFlows(join(process.cwd(), 'flows'), options.promptsDir ?? join(process.cwd(), 'prompts'));
  let now = options.start ?? new Date('2026-03-10T10:00:00-03:00');
  const db = t.database.db;
  const patient = await findOrCreatePatient(db, { clinicId: CLINIC.id, phone: options.phone, name: options.name ?? null, now });
  const [conversation] = await db
    .insert(conversations)
    .values({ clinicId: CLINIC.id, patientId: patient.id, channel: 'whatsapp', clinicAddress: 'test', patientAddress: options.phone })
    .returning();
  const crypto = options.crypto ?? createEncryptor(parseEncryptionKeys(generateKeySpec('t1')));
  const logger = options.logger ?? silentLogger;
  const engine = { bus: new LocalEventBus(), crypto };
  const handler = composeSteps(
    [
      { name: 'llm-agent', run: createLlmAgent({ ...options, engine }), required: false },
      { name: 'flow-engine', run: (ctx) => runFlowEngine(ctx, engine) },
    ],
    logger,
  );
  let state: Record<string, unknown> = {};
  return {
    patient,
    conversation: conversation!,
    flows,
    async says(text: string): Promise<TurnResult> {
      now = new Date(now.getTime() + 60_000);
      const [message] = await db
        .insert(messages)
        .values({ clinicId: CLINIC.id, conversationId: conversation!.id, direction: 'in', author: 'patient', channel: 'whatsapp', body: text, status: 'processed', receivedAt: now })
        .returning();
      const result = await handler({
        db,
        database: t.database,
        clinic: CLINIC,
        flows,
        conversation: { ...conversation!, state },
        patient,
        message: message!,
        messageTime: now,
        now,
        log: logger,
      });
      state = result.state;
      for (const r of result.replies) {
        const body = 'text' in r ? r.text : r.fallbackText;
        await db.insert(messages).values({ clinicId: CLINIC.id, conversationId: conversation!.id, direction: 'out', author: 'bot', channel: 'whatsapp', body, status: 'sent', receivedAt: now });
      }
      return result;
    },
  };
}

/** Every reply text of a turn, joined. */
export function textOf(result: TurnResult): string {
  return result.replies.map((r) => ('text' in r ? r.text : r.fallbackText)).join('\n\n');
}
