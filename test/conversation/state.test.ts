import { describe, expect, it } from 'vitest';
import { freshState, readState, resetState, serializeState } from '../../src/conversation/state';

describe('conversation state (versioned JSON)', () => {
  it('an empty or foreign-only state is a new conversation, not a reset', () => {
    expect(readState({})).toEqual({ state: freshState(), reset: false });
    expect(readState(null)).toEqual({ state: freshState(), reset: false });
    // The reminder-reply step writes its own keys into a conversation the engine never touched.
    expect(readState({ reminderReschedule: { mode: 'rebook' } })).toEqual({ state: freshState(), reset: false });
  });

  it('reads back what it wrote', () => {
    const state = freshState();
    state.step = 'pick';
    state.task = { kind: 'book', serviceId: 'avaliacao', when: null, offered: [{ n: 1, startsAt: '2026-03-11T12:00:00.000Z', professionalId: 'ana-souza', serviceId: 'avaliacao' }], offeredAtSeq: 7, startedAt: '2026-03-10T13:00:00.000Z' };
    expect(readState(serializeState(state))).toEqual({ state, reset: false });
  });

  it('never guesses at a state from another version or a broken one: it starts over and says so', () => {
    expect(readState({ v: 2, step: 'confirm', booking: { slot: 'x' } })).toEqual({ state: freshState(), reset: true });
    expect(readState({ v: 1, step: 'confirmar' })).toEqual({ state: freshState(), reset: true });
    expect(readState({ step: 'pick', offers: [] })).toEqual({ state: freshState(), reset: true });
    expect(readState('garbage')).toEqual({ state: freshState(), reset: true });
  });

  it('keeps other modules\' keys out of its own view', () => {
    const { state } = readState({ ...serializeState(freshState()), reminderReply: { appointmentId: 'a', at: 'b' } });
    expect(state).not.toHaveProperty('reminderReply');
  });

  it('resets in place (the tools of a turn share the object)', () => {
    const state = freshState();
    state.task = { kind: 'book', offered: [], startedAt: '2026-03-10T13:00:00.000Z' };
    state.listed = ['x'];
    const same = state;
    resetState(state);
    expect(same).toEqual(freshState());
  });
});
