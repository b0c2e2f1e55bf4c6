import { describe, expect, it } from 'vitest';
import type { CardAppointment, PatientCard } from '../../src/staff/load-patient-card';
import { renderPatientCard } from '../../src/staff/ui/pages/conversation-page';

/** The patient card beside a conversation: what reception sees without opening anything. */
describe('patient card', () => {
  const now = new Date('2026-11-22T03:30:00Z'); // 00:30 in São Paulo: "yesterday" was an hour ago
  const appt = (id: string, startsAt: string, status: string): CardAppointment => ({
    id,
    startsAt: new Date(startsAt),
    endsAt: new Date(new Date(startsAt).getTime() + 3_600_000),
    serviceId: 'limpeza-de-pele',
    service: 'Limpeza de pele',
    professionalId: 'ana-souza',
    professional: 'Dra. Ana Souza',
    status,
    riskTier: null,
    riskScore: null,
    confirmedAt: null,
  });
  const card = (appointments: CardAppointment[]): PatientCard => ({
    patient: { id: 'p1', name: 'Mariana', phone: '+5511988887777', email: null, optedOutAt: null, erasedAt: null, createdAt: now },
    appointments,
    consents: [],
    screenings: [],
    conversations: [],
    canViewHealthData: false,
    dataRequests: [],
    canManageDataRights: false,
  });
  const render = (c: PatientCard) =>
    String(renderPatientCard({ staff: { id: 's', name: 'Rita', email: 'r@x', role: 'reception' }, clinic: { id: 'bella-pele', name: 'Bella', timezone: 'America/Sao_Paulo' }, csrfToken: 'x', now }, c, '/staff'));
  const openPart = (html: string) => html.split('<details>')[0]!;

  it("keeps yesterday's appointment without an outcome in the open list, with its no-show button", () => {
    const html = render(card([appt('a-yesterday', '2026-11-21T18:00:00Z', 'booked'), appt('a-old', '2026-11-10T18:00:00Z', 'attended')]));
    expect(openPart(html)).toContain('data-appointment-id="a-yesterday"');
    expect(openPart(html)).toMatch(/a-yesterday[\s\S]*data-action="no-show"/);
    expect(openPart(html)).not.toContain('a-old');
    expect(html).toContain('Histórico (1)');
  });

  it('moves past appointments with an outcome or cancelled into the history', () => {
    const html = render(card([appt('a-cancelled', '2026-11-20T18:00:00Z', 'cancelled'), appt('a-noshow', '2026-11-19T18:00:00Z', 'no_show')]));
    expect(openPart(html)).not.toContain('data-appointment-id');
    expect(html).toContain('Histórico (2)');
  });
});
