import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { FixedClock } from '../../../src/lib/clock';
import type { Db } from '../../../src/db/open-database';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Whole conversations through the real service: a signed WhatsApp webhook in, the real pipeline,
 * the deterministic engine, real Postgres, and the replies the Graph API stub would deliver.
 * Written to read like the dialogue:
 *
 *   await ana.says('quero botox amanhã à tarde').expectReply(/horários/);
 */

/** Tuesday 10 March 2026, 10:00 in São Paulo: the clinic is open, Ana and Carla work today. */
export const SCENARIO_START = '2026-03-10T10:00:00-03:00';

export interface Scenario {
  app: TestApp;
  clock: FixedClock;
  db: Db;
  /** The owner's flow folder this app reads (a private copy when `copyFlows`). */
  flowsDir: string;
  patient(phone: string): ScenarioPatient;
  stop(): Promise<void>;
}

export async function startScenario(options: { at?: string; copyFlows?: boolean; env?: Record<string, string> } = {}): Promise<Scenario> {
  const clock = new FixedClock(new Date(options.at ?? SCENARIO_START));
  let flowsDir = join(process.cwd(), 'flows');
  let cleanup = () => {};
  if (options.copyFlows) {
    const dir = mkdtempSync(join(tmpdir(), 'atende-flows-'));
    cpSync(flowsDir, dir, { recursive: true });
    flowsDir = dir;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  const app = await startTestApp({ kind: 'postgres', clock, env: { FLOWS_DIR: flowsDir, ...options.env } });
  return {
    app,
    clock,
    db: app.t.database.db,
    flowsDir,
    patient: (phone) => new ScenarioPatient(app, clock, phone),
    stop: async () => {
      await app.stop();
      cleanup();
    },
  };
}

export function givenPatient(scenario: Scenario, phone: string): ScenarioPatient {
  return scenario.patient(phone);
}

/** One patient on WhatsApp. Each message moves the clock a minute, like a real chat. */
export class ScenarioPatient {
  /** The dialogue so far, for readable failures. */
  readonly transcript: string[] = [];
  /** How many messages this patient sent. */
  sent = 0;

  constructor(
    readonly app: TestApp,
    readonly clock: FixedClock,
    readonly phone: string,
  ) {}

  says(text: string): Exchange {
    return new Exchange(this, text);
  }

  id(): Promise<string | undefined> {
    return this.app.patientId(this.phone);
  }

  async send(text: string): Promise<string[]> {
    this.clock.advance(60_000);
    const before = (await this.app.repliesTo(this.phone)).length;
    const { response } = await this.app.whatsappText(this.phone, text);
    expect(response.status).toBe(200);
    await this.app.idle();
    const replies = (await this.app.repliesTo(this.phone)).slice(before);
    this.sent += 1;
    this.transcript.push(`paciente> ${text}`, ...replies.map((r) => `clínica> ${r.replace(/\n/g, '\n          ')}`));
    return replies;
  }
}

/** A message and what is expected back; awaiting it sends the message and checks the replies. */
export class Exchange implements PromiseLike<string[]> {
  private readonly expectations: { kind: 'match' | 'not' | 'none'; pattern?: RegExp }[] = [];

  constructor(
    private readonly patient: ScenarioPatient,
    private readonly text: string,
  ) {}

  /** Some reply to this message matches. */
  expectReply(pattern: RegExp | string): this {
    this.expectations.push({ kind: 'match', pattern: typeof pattern === 'string' ? new RegExp(escape(pattern), 'i') : pattern });
    return this;
  }

  /** No reply to this message matches. */
  expectNotReply(pattern: RegExp): this {
    this.expectations.push({ kind: 'not', pattern });
    return this;
  }

  /** The bot stays silent. */
  expectNoReply(): this {
    this.expectations.push({ kind: 'none' });
    return this;
  }

  then<A = string[], B = never>(onFulfilled?: ((value: string[]) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    return this.run().then(onFulfilled, onRejected);
  }

  private async run(): Promise<string[]> {
    const replies = await this.patient.send(this.text);
    const all = replies.join('\n\n');
    const dialogue = () => `\n--- dialogue ---\n${this.patient.transcript.join('\n')}\n----------------`;
    for (const e of this.expectations) {
      if (e.kind === 'none' && replies.length > 0) throw new Error(`expected no reply to "${this.text}"${dialogue()}`);
      if (e.kind === 'match' && !e.pattern!.test(all)) throw new Error(`expected a reply to "${this.text}" matching ${e.pattern}${dialogue()}`);
      if (e.kind === 'not' && e.pattern!.test(all)) throw new Error(`expected no reply to "${this.text}" matching ${e.pattern}${dialogue()}`);
    }
    if (this.expectations.every((e) => e.kind !== 'none') && replies.length === 0) throw new Error(`expected a reply to "${this.text}", got none${dialogue()}`);
    return replies;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
