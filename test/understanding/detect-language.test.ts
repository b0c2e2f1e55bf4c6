import { describe, expect, it } from 'vitest';
import { isForeignText } from '../../src/understanding/detect-language';

const foreign = (text: string) => isForeignText(text.split(' '));

describe('isForeignText', () => {
  it('spots English and Spanish', () => {
    expect(foreign('hello i want to book an appointment')).toBe(true);
    expect(foreign('hola quiero una cita')).toBe(true);
  });
  it('keeps Portuguese, even with a loanword', () => {
    expect(foreign('quero marcar botox')).toBe(false);
    expect(foreign('ok obrigada')).toBe(false);
  });
});
