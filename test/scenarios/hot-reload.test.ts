import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatProblem } from '../../src/flows/parse-flow-file';
import { describePostgres } from '../support/test-database';
import { recordsOf } from './support/records';
import { givenPatient, startScenario, type Scenario } from './support/scenario';

describePostgres('owner edits flow files while the service runs', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario({ copyFlows: true });
  });
  afterAll(async () => s?.stop());

  const edit = (file: string, change: (text: string) => string) => {
    const path = join(s.flowsDir, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };

  it('the next message follows the new text; a broken edit keeps the last valid version and is reported', async () => {
    const yara = givenPatient(s, '+5511987654001');
    await yara.says('quero limpeza de pele').expectReply(/Para \*Limpeza de pele\*, qual dia e horário ficam melhor pra você\?/);

    edit('booking.yaml', (t) => t.replace(/ {2}ask_when: .*\n/, "  ask_when: 'Que dia fica bom para sua *{{service}}*, {{patient.first_name}}? ✨'\n"));
    edit('messages.yaml' , () => "greeting: 'Oi! Que bom te ver por aqui na {{clinic.name}} 💕 Em que posso ajudar?'\n");
    await yara.says('oi').expectReply(/Que dia fica bom para sua \*Limpeza de pele\*, Paciente\? ✨/);
    await givenPatient(s, '+5511987654009').says('oi').expectReply(/Que bom te ver por aqui na Clínica Bella Pele 💕/);

    // A typo: unclosed quote. The bot keeps the last valid text and the problem is reported with its line.
    const setAskWhen = (line: string) => edit('booking.yaml', (t) => t.replace(/ {2}ask_when: .*\n/, `  ask_when: ${line}\n`));
    setAskWhen("'Que dia QUEBRADO fica bom?");
    await yara.says('oi').expectReply(/Que dia fica bom para sua \*Limpeza de pele\*/).expectNotReply(/QUEBRADO/);
    expect(s.app.app.flows.require('bella-pele').problems().map(formatProblem).join('\n')).toMatch(/booking\.yaml:\d+: /);

    // An edit that parses but breaks a rule (unknown variable) is refused the same way, at its line.
    setAskWhen("'Que dia {{horario}} QUEBRADO?'");
    await yara.says('oi').expectReply(/Que dia fica bom/).expectNotReply(/QUEBRADO/);
    const line = readFileSync(join(s.flowsDir, 'booking.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('  ask_when:')) + 1;
    expect(s.app.app.flows.require('bella-pele').problems().map(formatProblem)).toContainEqual(
      expect.stringMatching(new RegExp(`booking\\.yaml:${line}: texts\\.ask_when: unknown variable \\{\\{horario\\}\\}`)),
    );

    const r = await recordsOf(s.db, (await yara.id())!);
    const versions = r.turns.map((t) => t.flowVersion);
    expect(versions[0]).not.toBe(versions[1]); // the valid edit changed the version stored with the turn
    expect(versions[1]).toBe(versions[2]); // the broken edits did not
    expect(versions[2]).toBe(versions[3]);
  });

  it('screening rules apply to the next answer after an edit', async () => {
    edit('screening.yaml', (t) => t.replace('  limpeza-de-pele:\n    consult: [isotretinoina]', '  limpeza-de-pele:\n    block: [exposicao_solar]\n    consult: [isotretinoina]'));
    const zeca = givenPatient(s, '+5511987654002');
    await zeca.says('quero limpeza de pele sábado de manhã').expectReply(/sábado/);
    await zeca.says('1').expectReply(/Autorização/);
    await zeca.says('sim').expectReply(/exposição ao sol recente/);
    await zeca.says('voltei da praia ontem').expectReply(/não realizamos \*Limpeza de pele\* em caso de exposição ao sol/);
  });

  it('the owner shapes the steps: asking the professional, offering the soonest without asking when', async () => {
    // (also fixes the text the previous test left broken: the file must be valid as a whole to apply)
    edit('booking.yaml', (t) => t.replace('  ask: never ', '  ask: always ').replace('  ask: true ', '  ask: false ').replace(/ {2}ask_when: .*\n/, "  ask_when: 'Qual dia?'\n"));
    const ari = givenPatient(s, '+5511987654003');
    await ari.says('quero preenchimento labial').expectReply(/Tem preferência de profissional para \*Preenchimento labial/).expectReply(/1\. Dra\. Ana Souza\n2\. Dr\. Bruno Lima/);
    await ari.says('com o dr bruno').expectReply(/horários para \*Preenchimento labial/).expectReply(/Dr\. Bruno Lima/).expectNotReply(/Ana Souza|qual dia/);
    const bel = givenPatient(s, '+5511987654004');
    await bel.says('quero limpeza de pele').expectReply(/Tem preferência/);
    await bel.says('tanto faz').expectReply(/horários para \*Limpeza de pele\*:\n\n1\. [^\n]+ — Carla Mendes/).expectNotReply(/qual dia/i);
  });
});
