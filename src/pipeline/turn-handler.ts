import type { Database, Db } from '../db/open-database';
import type { conversations, ConversationMode, messages } from '../db/schema';
import type { ClinicFlows } from '../flows/clinic-flows';
import type { Logger } from '../lib/logger';
import type { Patient } from '../patients/find-or-create-patient';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** What a turn handler sees: one inbound message in the context of its conversation. */
export interface TurnContext {
  db: Db;
  database: Database;
  clinic: { id: string; name: string; timezone: string };
  flows: ClinicFlows;
  conversation: ConversationRow;
  patient: Patient;
  /** The inbound message; `body` is its text. */
  message: MessageRow;
  /** The message's own time (provider timestamp), against which dates are resolved. */
  messageTime: Date;
  now: Date;
  log: Logger;
}

export type Reply =
  | { text: string }
  | { template: { name: string; language: string; params: string[] }; fallbackText: string };

/** What a turn produces; the pipeline commits it atomically with marking the message processed. */
export interface TurnResult {
  replies: Reply[];
  /** The conversation's next state (versioned JSON). */
  state: Record<string, unknown>;
  /** Switch mode, e.g. to `waiting_staff` after a handoff. */
  mode?: ConversationMode;
  engine: string;
  intent?: string;
  step?: string;
  llm?: { calls: number; promptTokens: number; completionTokens: number };
  /**
   * The inbound message carries health data or an identifier (a screening answer, a CPF): the
   * pipeline stores its text encrypted and keeps a neutral placeholder in the history.
   */
  sensitive?: boolean;
}

/** The conversation brain: the deterministic flow engine, the LLM agent, or a test's echo. */
export type TurnHandler = (ctx: TurnContext) => Promise<TurnResult>;
