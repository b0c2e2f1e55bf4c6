import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cannedFileSchema, fillCannedText } from '../../src/flows/canned-schema';
import { parseFlowFile } from '../../src/flows/parse-flow-file';
import { escapeHtml, html } from '../../src/staff/ui/html';
import { replyWindow } from '../../src/staff/reply-window';

describe('flows/canned.yaml', () => {
  it('the shipped file is valid and has template-backed replies for outside the 24 h window', () => {
    const parsed = parseFlowFile('flows/canned.yaml', readFileSync(new URL('../../flows/canned.yaml', import.meta.url), 'utf8'), cannedFileSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.replies.length).toBeGreaterThan(2);
    expect(parsed.value.replies.some((r) => r.template?.name)).toBe(true);
  });

  it('reports an unknown variable and a duplicate id with their lines', () => {
    const text = ['replies:', '  - id: a', '    title: A', '    text: Olá {{paciente.nome}}', '  - id: a', '    title: B', '    text: ok'].join('\n');
    const parsed = parseFlowFile('flows/canned.yaml', text, cannedFileSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^4: replies\.0\.text: unknown variable \{\{paciente\.nome\}\}/),
      expect.stringMatching(/^5: replies\.1\.id: duplicate id "a"/),
    ]);
  });

  it('fills variables and never leaves braces behind', () => {
    expect(fillCannedText('Olá, {{patient.first_name}}! Aqui é {{ staff.name }}. {{appointment.when}}', { 'patient.first_name': 'Ana', 'staff.name': 'Rita' })).toBe('Olá, Ana! Aqui é Rita.');
  });
});

describe('HTML escaping of patient text', () => {
  it('escapes interpolated values and keeps nested fragments', () => {
    const evil = '<img src=x onerror=alert(1)> & "quotes" \'single\' `tick`';
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(`<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`);
    expect(escapeHtml(evil)).not.toMatch(/[<>"'`]/);
    expect(html`<ul>${['a', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a</li><li>&lt;b&gt;</li></ul>');
  });
});

describe('WhatsApp 24-hour window', () => {
  const now = new Date('2026-03-10T15:00:00Z');
  it('is open within 24 h of the last inbound message, closed after, and absent on other channels', () => {
    expect(replyWindow({ channel: 'whatsapp', lastInboundAt: new Date('2026-03-09T15:00:01Z') }, now).open).toBe(true);
    expect(replyWindow({ channel: 'whatsapp', lastInboundAt: new Date('2026-03-09T15:00:00Z') }, now).open).toBe(false);
    expect(replyWindow({ channel: 'whatsapp', lastInboundAt: null }, now).open).toBe(false);
    expect(replyWindow({ channel: 'sms', lastInboundAt: null }, now).open).toBe(true);
  });
});
