import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentConsent, hasGrantedConsent, recordConsent } from '../../src/consent/record-consent';
import { consentTextVersion } from '../../src/flows/booking-schema';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { availableKinds, createTestDatabase, seedClinic, type TestDatabase } from '../support/test-database';

const at = (m: number) => new Date(Date.UTC(2026, 2, 10, 13, m));

describe.each(availableKinds())('LGPD consent evidence on %s', (kind) => {
  let t: TestDatabase;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedClinic(t.database);
    patientId = (await findOrCreatePatient(t.database.db, { clinicId: 'bella-pele', phone: '+5511960000001' })).id;
  });
  afterAll(async () => t?.drop());

  const base = { clinicId: 'bella-pele', purpose: 'health_data' as const, textVersion: '2026-03#abcdef12' };

  it('is append-only: the latest answer is in force, earlier ones stay as evidence', async () => {
    await recordConsent(t.database.db, { ...base, patientId, granted: true, messageId: null, at: at(1) });
    await recordConsent(t.database.db, { ...base, patientId, granted: false, messageId: null, at: at(2) });
    expect((await currentConsent(t.database.db, patientId, 'health_data'))!.granted).toBe(false);
    await recordConsent(t.database.db, { ...base, patientId, granted: true, messageId: null, at: at(3) });
    expect(await hasGrantedConsent(t.database.db, patientId, 'health_data')).toBe(true);
    expect(await currentConsent(t.database.db, patientId, 'reminders')).toBeUndefined();
  });

  it('is idempotent on the evidence message (a retried turn records once)', async () => {
    const messageId = '6f1d5b7e-8a0c-4c55-9d7e-0a1b2c3d4e5f';
    const a = await recordConsent(t.database.db, { ...base, purpose: 'reminders', patientId, granted: true, messageId, at: at(4) });
    const b = await recordConsent(t.database.db, { ...base, purpose: 'reminders', patientId, granted: true, messageId, at: at(5) });
    expect(b.id).toBe(a.id);
  });

  it('a new version label of the text means asking again', async () => {
    expect(await hasGrantedConsent(t.database.db, patientId, 'health_data', '2026-03')).toBe(true);
    expect(await hasGrantedConsent(t.database.db, patientId, 'health_data', '2026-09')).toBe(false);
  });

  it('the text version pins the exact words shown', () => {
    expect(consentTextVersion({ version: '2026-03', text: 'Você autoriza?' })).toMatch(/^2026-03#[0-9a-f]{8}$/);
    expect(consentTextVersion({ version: '2026-03', text: 'Você autoriza?' })).not.toBe(consentTextVersion({ version: '2026-03', text: 'Você autoriza? ' }));
  });
});
