import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { eq, isNotNull, or } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { conversations, messages, patients, screenings } from '../../src/db/schema';
import { createEncryptor, generateKeySpec, parseEncryptionKeys, type Encryptor } from '../../src/lib/crypto';
import { countValuesByKey, reencryptAll } from '../../src/lgpd/reencrypt';
import { encryptCpf, inboundMessageAad, readCpf, stateEnvelopes } from '../../src/lgpd/sensitive-fields';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { replyAad } from '../../src/pipeline/commit-turn';
import { readOutboundText } from '../../src/pipeline/send-outbound';
import { readScreeningAnswers, screeningAad } from '../../src/screening/record-screening';
import { describePostgres } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { givenPatient, ScenarioPatient, startScenario, type Scenario } from '../scenarios/support/scenario';

const exec = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

const A = generateKeySpec('keyA');
const B = generateKeySpec('keyB');
const ring = (...specs: string[]): Encryptor => createEncryptor(parseEncryptionKeys(specs.join(',')));

describePostgres('key rotation: every encrypted value rewritten under the new key, same associated data', () => {
  let s: Scenario;
  let after: TestApp | undefined;
  let orphanId = '';
  const phones = { ana: '+5511955550001', rui: '+5511955550002', mel: '+5511955550003', jo: '+5511955550004' };

  beforeAll(async () => {
    // Everything below is written by the running service under key A.
    s = await startScenario({ env: { ENCRYPTION_KEYS: A } });
    const ana = givenPatient(s, phones.ana);
    await ana.says('Oi, quero marcar botox amanhã à tarde').expectReply(/horários/);
    await ana.says('2').expectReply(/Autorização/);
    await ana.says('sim').expectReply(/perguntinhas de segurança/);
    await ana.says('não tenho nenhuma').expectReply(/lembretes/);
    await givenPatient(s, phones.rui).says('meu cpf é 529.982.247-25, quero marcar limpeza de pele');
    // Two bookings stopped mid-screening: health answers wait, encrypted, in the conversation state.
    const mel = givenPatient(s, phones.mel);
    await mel.says('estou amamentando e queria fazer botox na sexta de manhã').expectReply(/sexta-feira, 13\/03/);
    await mel.says('1').expectReply(/Autorização/);
    await mel.says('sim').expectReply(/perguntinhas/);
    const jo = givenPatient(s, phones.jo);
    await jo.says('quero bioestimulador segunda de manhã').expectReply(/segunda-feira, 16\/03/);
    await jo.says('1').expectReply(/Autorização/);
    await jo.says('sim').expectReply(/perguntinhas/);
    await jo.says('sim').expectReply(/Qual ou quais delas/);
    const db = s.db;
    const anaId = (await s.app.patientId(phones.ana))!;
    await db.update(patients).set({ cpfEnc: encryptCpf(ring(A), anaId, '529.982.247-25') }).where(eq(patients.id, anaId));
    // A protected turn answered with two replies: each bound to its position (reply:<inbound>:0, :1).
    const [ruiConv] = await db.select().from(conversations).where(eq(conversations.patientAddress, phones.rui));
    const [turnIn] = await db
      .insert(messages)
      .values({ clinicId: 'bella-pele', conversationId: ruiConv!.id, direction: 'in', author: 'patient', channel: 'whatsapp', body: '🔒', status: 'processed' })
      .returning();
    await db.update(messages).set({ bodyEnc: ring(A).encrypt('tenho queloide', inboundMessageAad(turnIn!.id)) }).where(eq(messages.id, turnIn!.id));
    for (const [i, text] of ['Entendi, queloide.', 'Vou chamar a equipe para avaliar.'].entries()) {
      await db.insert(messages).values({
        clinicId: 'bella-pele', conversationId: ruiConv!.id, direction: 'out', author: 'bot', channel: 'whatsapp', body: '🔒', status: 'sent',
        replyToId: turnIn!.id, origin: 'turn', bodyEnc: ring(A).encrypt(text, replyAad(turnIn!.id, i)),
      });
    }
    // A value under a key nobody has any more: reported, never lost or overwritten.
    const orphan = await findOrCreatePatient(db, { clinicId: 'bella-pele', phone: '+5511955550009', now: s.clock.now() });
    orphanId = orphan.id;
    await db.update(patients).set({ cpfEnc: encryptCpf(ring(generateKeySpec('keyC')), orphan.id, '111.444.777-35') }).where(eq(patients.id, orphan.id));
    await s.app.stop({ keepDatabase: true });
  });
  afterAll(async () => {
    await after?.stop();
    await s?.app.t.drop();
  });

  it('before: values under key A in every place they live', async () => {
    const counts = await countValuesByKey(s.app.t.database);
    expect(counts['patients.cpf_enc']).toEqual({ keyA: 1, keyC: 1 });
    expect(counts['screenings.answers_enc']).toEqual({ keyA: 1 });
    expect(counts['messages.body_enc'].keyA).toBeGreaterThanOrEqual(4);
    expect(counts['conversations.state']).toEqual({ keyA: 2 });
  });

  it('ring [B, A]: reencrypt rewrites them all under B, reports the one it cannot open, and a second run finds nothing', async () => {
    const report = await reencryptAll({ database: s.app.t.database, crypto: ring(B, A) }, { batchSize: 2 });
    expect(report.keyId).toBe('keyB');
    expect(report.fields['patients.cpf_enc']).toEqual({ found: 2, reencrypted: 1, failed: 1 });
    expect(report.fields['screenings.answers_enc']).toEqual({ found: 1, reencrypted: 1, failed: 0 });
    expect(report.fields['messages.body_enc'].failed).toBe(0);
    expect(report.fields['messages.body_enc'].reencrypted).toBe(report.fields['messages.body_enc'].found);
    expect(report.fields['conversations.state']).toEqual({ found: 2, reencrypted: 2, failed: 0 });
    expect(report.failures).toEqual([expect.objectContaining({ field: 'patients.cpf_enc', id: orphanId })]);

    const counts = await countValuesByKey(s.app.t.database);
    for (const field of ['screenings.answers_enc', 'messages.body_enc', 'conversations.state'] as const) expect(Object.keys(counts[field])).toEqual(['keyB']);
    expect(counts['patients.cpf_enc']).toEqual({ keyB: 1, keyC: 1 });

    const again = await reencryptAll({ database: s.app.t.database, crypto: ring(B, A) });
    expect(Object.values(again.fields).map((f) => f.reencrypted)).toEqual([0, 0, 0, 0]);
    expect(again.fields['patients.cpf_enc']).toEqual({ found: 1, reencrypted: 0, failed: 1 });
  });

  it('ring [B] alone opens everything, each value with its own row’s associated data', async () => {
    const onlyB = ring(B);
    const db = s.db;
    const anaId = (await s.app.patientId(phones.ana))!;
    const [ana] = await db.select().from(patients).where(eq(patients.id, anaId));
    expect(readCpf(onlyB, ana!)).toBe('52998224725');
    const [screening] = await db.select().from(screenings).where(eq(screenings.patientId, anaId));
    expect(readScreeningAnswers(onlyB, screening!)).toMatchObject({ answers: ['não tenho nenhuma'] });
    const protectedRows = await db.select().from(messages).where(isNotNull(messages.bodyEnc));
    const inbound = protectedRows.filter((m) => m.direction === 'in');
    expect(inbound.map((m) => onlyB.decrypt(m.bodyEnc!, inboundMessageAad(m.id))).sort()).toEqual(
      expect.arrayContaining(['não tenho nenhuma', 'meu cpf é 529.982.247-25, quero marcar limpeza de pele']),
    );
    const replies = protectedRows.filter((m) => m.direction === 'out');
    expect(replies.length).toBeGreaterThan(2);
    const texts = await Promise.all(replies.map((r) => readOutboundText({ database: s.app.t.database, crypto: onlyB }, r)));
    expect(texts.filter((t) => /^🔒|^v1:/.test(t))).toEqual([]);
    expect(texts).toEqual(expect.arrayContaining(['Entendi, queloide.', 'Vou chamar a equipe para avaliar.']));
    const states = await db.select().from(conversations).where(or(eq(conversations.patientAddress, phones.mel), eq(conversations.patientAddress, phones.jo)));
    for (const c of states) for (const env of stateEnvelopes(c.state)) expect(() => onlyB.decrypt(env.value, screeningAad(c.patientId))).not.toThrow();
  });

  it('the service restarted with only key B finishes the bookings that were half-way through screening', async () => {
    after = await startTestApp({ kind: 'postgres', database: s.app.t, clock: s.clock, env: { FLOWS_DIR: s.flowsDir, ENCRYPTION_KEYS: B } });
    // What Mel said before the screening (kept encrypted in the state) still counts.
    await new ScenarioPatient(after, s.clock, phones.mel).says('não').expectReply(/em caso de amamentação/);
    // Jo's "sim" from before the rotation is still on file; now she names the condition.
    await new ScenarioPatient(after, s.clock, phones.jo).says('tenho lúpus').expectReply(/não realizamos \*Bioestimulador/);
    const jo = (await after.patientId(phones.jo))!;
    const [row] = await s.db.select().from(screenings).where(eq(screenings.patientId, jo));
    expect(readScreeningAnswers(ring(B), row!)).toMatchObject({ answers: ['sim', 'tenho lúpus'] });
  });

  it('`atende keys` generates ring entries, reports values per key and exits 1 while a value cannot be opened', async () => {
    const env = { ...process.env, DATABASE_URL: s.app.t.url!, LOG_LEVEL: 'silent', DATA_DIR: `/tmp/atende-test-${randomUUID()}`, ENCRYPTION_KEYS: B };
    const run = (...args: string[]) => exec(process.execPath, [`${root}bin/atende.mjs`, 'keys', ...args], { cwd: root, env });
    const generated = (await run('generate', '--id', 'k2027')).stdout.trim();
    expect(parseEncryptionKeys(generated)).toEqual([expect.objectContaining({ id: 'k2027' })]);

    const status = JSON.parse((await run('status')).stdout.trim());
    expect(status.currentKeyId).toBe('keyB');
    expect(status.values['patients.cpf_enc']).toEqual({ keyB: 1, keyC: 1 });

    const failed = await run('reencrypt').then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(JSON.parse(failed!.stdout.trim()).fields['patients.cpf_enc']).toEqual({ found: 1, reencrypted: 0, failed: 1 });
  });
});
