import { describe, expect, it } from 'vitest';
import { routeTurn } from '../../../src/conversation/llm/route-turn';
import { freshState, type ConversationState, type Step } from '../../../src/conversation/state';
import { understand } from '../../../src/understanding/understand';
import { DEMO_VOCABULARY } from '../support/demo-vocabulary';

const NOW = new Date('2026-03-10T10:00:00-03:00');

function at(step: Step): ConversationState {
  const state = freshState();
  state.step = step;
  if (step !== 'idle') {
    state.task = {
      kind: 'book',
      serviceId: 'toxina-botulinica',
      offered: [1, 2, 3].map((n) => ({ n, startsAt: `2026-03-11T1${5 + n}:00:00.000Z`, professionalId: 'ana-souza', serviceId: 'toxina-botulinica' })),
      startedAt: NOW.toISOString(),
    };
  }
  return state;
}

function route(text: string, step: Step = 'idle', optedOut = false) {
  return routeTurn({ state: at(step), reset: false, u: understand(text, { now: NOW, tz: 'America/Sao_Paulo' }, DEMO_VOCABULARY), text, optedOut });
}

describe('routing a message: the deterministic engine when it reads it confidently, the model otherwise', () => {
  it.each<[string, Step]>([
    ['sim', 'confirm'],
    ['pode confirmar', 'confirm'],
    ['não', 'consent'],
    ['sim, autorizo', 'consent'],
    ['2', 'pick'],
    ['a segunda opção', 'pick'],
    ['a das 14h', 'pick'],
    ['não tenho nenhuma', 'screening'],
    ['tomo roacutan e to gravida de 2 meses', 'screening'],
    ['sim', 'reminders'],
    ['1', 'screening_choice'],
    ['sexta de manhã', 'when'],
    ['tanto faz', 'professional'],
  ])('structured answer "%s" at %s → engine', (text, step) => {
    expect(route(text, step)).toMatchObject({ to: 'engine', kind: 'step_answer' });
  });

  it.each([
    ['parar', 'stop'],
    ['quero falar com uma pessoa', 'stop'],
    ['quero apagar meus dados', 'stop'],
    ['quero marcar botox amanhã à tarde', 'clear_request'],
    ['quero agendar', 'clear_request'],
    ['preciso cancelar minha consulta', 'clear_request'],
    ['quanto custa o preenchimento?', 'question'],
    ['qual o endereço?', 'question'],
    ['oi', 'small_talk'],
    ['obrigada!', 'small_talk'],
  ])('clear request "%s" → engine (%s)', (text, kind) => {
    expect(route(text)).toMatchObject({ to: 'engine', kind });
  });

  it.each([
    ['quero marcar então, pode ser quarta depois do almoço', 'idle'],
    ['oi! tem algum jeito de tirar essas rugas da testa? me incomodam demais kkk', 'idle'],
    ['tem estacionamento perto? e aceita pix?', 'idle'],
    ['tenho alguma coisa marcada com vocês esse mês? não lembro', 'idle'],
    ['tanto faz o dia, mas prefiro com a doutora', 'idle'],
    ['2', 'idle'],
    ['tem algo mais cedo?', 'pick'],
    ['sim, mas antes me diz: precisa ir sem maquiagem?', 'confirm'],
    ['precisa ir sem maquiagem? e pode levar acompanhante?', 'screening'],
  ] as [string, Step][])('free text or a question the reader cannot place, "%s" at %s → model', (text, step) => {
    expect(route(text, step).to).toBe('llm');
  });

  it('a long message with several requests goes to the model even when one of them is clear', () => {
    expect(route('quero marcar botox na sexta, mas também queria saber se vocês fazem limpeza de pele no mesmo dia e se dá pra parcelar no cartão em três vezes sem juros').to).toBe('llm');
  });

  it('after an opt-out, small talk stays with the engine (which stays silent)', () => {
    expect(route('ok', 'idle', true)).toMatchObject({ to: 'engine', kind: 'opted_out_silence' });
  });

  it('an unreadable stored state is the engine\'s to explain', () => {
    const u = understand('oi', { now: NOW }, DEMO_VOCABULARY);
    expect(routeTurn({ state: freshState(), reset: true, u, text: 'oi', optedOut: false })).toMatchObject({ to: 'engine', kind: 'state_reset' });
  });
});
