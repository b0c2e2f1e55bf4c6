import type { Condition } from './types';

/**
 * Reads the health conditions a patient affirms (SPEC §5 vocabulary) from everyday words and
 * brand names ("tô grávida", "tomo Marevan", "roacutan", "peguei sol na praia"), honouring
 * negation ("não estou grávida", "grávida não, mas tomo AAS"), explicit "none" answers
 * ("não tenho nenhuma dessas") and hypotheticals ("se eu estiver grávida…", "quem tem lúpus…").
 * Screening is a safety gate, so a mention in doubt ("não sei se estou grávida") counts.
 */

export interface ConditionReading {
  /** Affirmed conditions, in order of mention; `[]` for an explicit "none". Undefined = silent. */
  conditions?: Condition[];
  /** Every condition mentioned at all, affirmed or not (for "is this a health question?"). */
  mentioned: Condition[];
  /** Spans of condition phrases (with their body-part complement), so "herpes na boca" is not a service. */
  spans: [number, number][];
  /** The message explicitly said "none of these". */
  none: boolean;
}

const W = '[a-z]*';

const PATTERNS: [Condition, string][] = [
  [
    'gestante',
    `gravid${W}|gravidez|gestante${W}|gestacao|gestando|engravidei|esperando (?:um |o |meu |minha )?(?:bebe|nene|filho|filha|neném)|bebe a caminho|pre ?natal|(?:estou|estava) de \\d{1,2} (?:meses|semanas)|\\d{1,2} semanas de gestacao`,
  ],
  [
    'amamentando',
    `amament${W}|desmam${W}|lactante${W}|lactacao|(?:dando|dou|da|dar) (?:de )?mamar|(?:dando|dou|da) (?:o )?peito|aleitamento|leite materno|(?:filh[oa]|bebe|nene|nenem) (?:[a-z0-9]+ ){0,5}(?:ainda )?mama(?: no peito)?`,
  ],
  [
    'doenca_neuromuscular',
    `miastenia(?: gravis)?|neuromuscular${W}|esclerose lateral(?: amiotrofica)?|distrofia muscular|atrofia muscular|guillain${W}|lambert eaton|neuronio motor|doenca muscular|fraqueza muscular`,
  ],
  [
    'alergia_toxina',
    `alergi${W} (?:a |as |ao |com |de |na |no |a propria )?(?:toxina${W}(?: botulinica)?|botox|botulinica|dysport|xeomin|botulift|albumina)|reacao (?:alergica )?(?:a |ao |com |na |no )?(?:toxina${W}|botox)`,
  ],
  [
    'alergia_lidocaina',
    `alergi${W} (?:a |as |ao |com |de |na |no )?(?:anestesi${W}|lidocaina|xilocaina|procaina|articaina|benzocaina)|reacao (?:alergica )?(?:a |ao |com |na |no )?(?:anestesi${W}|lidocaina|xilocaina)`,
  ],
  [
    'autoimune',
    `lupus|artrite${W}|auto ?imune${W}|esclerodermia|sjogren|psoriase|vitiligo|hashimoto|crohn|retocolite|esclerose multipla|espondilite|dermatomiosite|doenca de graves`,
  ],
  [
    'anticoagulante',
    `anti ?coagula${W}|antiagregante${W}|varfarina|warfarin${W}|marevan|coumadin|xarelto|rivaroxabana|eliquis|apixabana|pradaxa|dabigatrana|clexane|enoxaparina|heparina|aas|a a s|aspirina|acido acetil ?salicilico|clopidogrel|plavix|ticagrelor|brilinta|somalgin|ecasil|buferin|afina${W} (?:o )?sangue|sangue (?:mais )?fino|remedio (?:pra|para) (?:o )?sangue`,
  ],
  ['herpes_ativo', `herpes${W}|cobreiro|bolha (?:de|do) herpes`],
  ['isotretinoina', `isotretinoin${W}|roacutan${W}|roacutam|roacuta|acnova|absorica|isotrex|isotretinoina`],
  [
    'queloide',
    `queloid${W}|cicatriz${W} (?:hipertrofica${W}|alta${W}|grossa${W}|elevada${W}|saltada${W}|alta e grossa)|cicatrizo mal|cicatrizacao ruim|tendencia a cicatriz${W}`,
  ],
  [
    'exposicao_solar',
    `(?:tomei|peguei|tomando|pegando|tomo|pego|tomou|peguei muito|tomei muito|fiquei (?:muito )?no|fiquei (?:muito )?exposta ao|exposicao ao|exposta ao|exposto ao|muito) sol|(?:estou|to|fico|fiquei|trabalho|passei o dia|passo o dia|passei a tarde|passei a manha) (?:muito )?(?:no|ao|debaixo do|embaixo do|exposta ao|exposto ao) sol|sol todo dia|(?:trabalho|passei|passo|fiquei) ${'(?:[a-z]+ ){0,2}'}na praia|exposicao solar|bronzead${W}|bronzeamento|queimad${W} (?:de|do|pelo|com o|no) sol|queimadura${W} (?:de sol|solar|do sol)|pele queimada|fui (?:a |as |na |pra |para |para a |pra a )?praia|voltei da praia|volto da praia|(?:estou|estava|to) na praia|vou (?:a |as |pra |para |para a |pra a |viajar pra |viajar para )?praia|viagem (?:pra|para) (?:a )?praia|ardid${W} (?:de|do) sol|vermelh${W} (?:de|do) sol`,
  ],
  [
    'infeccao_local',
    `infec${W}|infect${W}|inflamad${W}|inflamacao|inflamacoes|ferida${W}|machucad${W}|pus|abscesso|foliculite|lesao|lesoes|espinha${W} inflamada${W}|acne inflamada|celulite infecciosa|corte no rosto|pele (?:em carne viva|irritada e)`,
  ],
];

/** "na boca", "no lábio", "nos lábios": where a condition is, not a service request. */
const BODY_PART = /^ (?:n[ao]s?|d[ao]s?|em|perto d[ao]s?|em volta d[ao]s?|ao redor d[ao]s?) (?:minha |meu |meus |minhas )?(?:boca|labio|labios|rosto|testa|face|pele|nariz|queixo|axila|axilas|virilha|buco|local|regiao|bochecha|olho|olhos|area)\b/;

/** Upper-case acronyms that are everyday words in lower case ("ela" = she, "les"). */
const ACRONYMS: [RegExp, Condition][] = [
  [/\bELA\b/, 'doenca_neuromuscular'],
  [/\bLES\b/, 'autoimune'],
];

/** "…anestesia de dentista": the condition's complement, not a request for the dentist. */
const COMPLEMENT = /^ (?:de|do|da) [a-z]+/;

const COMPILED: [Condition, RegExp][] = PATTERNS.map(([c, p]) => [c, new RegExp(`\\b(?:${p})\\b`, 'g')]);

/** Explicit "none": "nenhuma dessas", "não tenho nada", "sou saudável". */
const NONE =
  /\b(?:nenhum|nenhuma|nenhuns|nada disso|nada disto|nao possuo|sou saudavel|tudo (?:certo|ok|normal|tranquilo) comigo|nenhuma das anteriores|nao (?:tenho|uso|tomo|faco uso de)(?: (?:nada|nao|nenhum[a-z]*|remedio[a-z]*|medicament[a-z]*|doenca[a-z]*|problema[a-z]*|condic[a-z]*|alergia[a-z]*))?(?= *(?:[.,;!?]|$|mas\b|e\b|nao\b|obrigad)))/;

/** "não sou alérgica a nada", "sem alergias", "alergia nenhuma": no allergy, said in other words. */
const NO_ALLERGY = /\b(?:nao sou alergic[ao]s?(?: (?:a|ao|de|com) (?:nada|nenhum[a-z]*|remedio[a-z]*|medicament[a-z]*))?|nao tenho (?:nenhuma )?alergia[s]? (?:a |de )?(?:nada|nenhum[a-z]*)|sem (?:nenhuma )?alergias?|alergias? nenhuma|nenhuma alergia|nunca tive (?:nenhuma )?alergia|nao tenho (?:nenhuma )?restricao|nenhuma restricao)\b/;

/**
 * Conditions that pass (SPEC §5 screens current pregnancy, breastfeeding, active herpes, current
 * isotretinoin…): said in the past or as stopped, they are not the patient's condition now.
 * Allergies, autoimmune and neuromuscular diseases and keloids stay whatever the tense.
 */
const TRANSIENT = new Set<Condition>(['gestante', 'amamentando', 'herpes_ativo', 'isotretinoina', 'anticoagulante', 'infeccao_local']);

/** Verbs that put the condition in the past: "parei de amamentar", "já tive herpes", "tomava roacutan". */
const PAST_MARKERS =
  /\b(?:parei|paramos|deixei|larguei|terminei|acabei|suspendi|interrompi|encerrei|tive|tomava|usava|tomei|usei|estive|amamentei|amamentava|amamentou|fiz (?:uso|tratamento)|fazia (?:uso|tratamento)|ja fiz|ja fui|estava|tinha|teve|foi|era)\b/g;

/** Verbs of now, that win over an earlier past: "já tive herpes, mas tomo AAS". */
const PRESENT_MARKERS = /\b(?:tenho|tomo|(?<!fiz |fazia )uso|estou|to|sou|faco|esta|ta|ando|continuo|ainda|agora|atualmente|comecei|voltei|estou com|fiquei|descobri|engravidei)\b/g;

/** A mention that is itself a past form ("amamentei", "amamentava"). */
const PAST_FORM = /^(?:amamentei|amamentava|amamentou|amamentaram|amamentamos|desmam[a-z]*)$/;

/** After the mention: "… ano passado", "… há 2 anos" (with a past verb), "… mas agora não", "… mas já passou". */
const PAST_AFTER =
  /^ ?,? ?(?:(?:[a-z]+ ){0,3}(?:ano passado|anos atras|meses atras|mes passado|na adolescencia|quando (?:eu )?era (?:nova|novo|jovem|adolescente|crianca)|antigamente|faz (?:muito )?tempo|ha (?:muito )?tempo|ha \d+ anos|faz \d+ anos|em (?:19|20)\d\d)|mas (?:agora |hoje |atualmente )?(?:nao|ja (?:passou|sarou|curou|parei|acabou|terminei|sequei)|parei|passou|sarou|curou|ja nao))/;

const NEGATORS = /\b(?:nao|nunca|nem|sem|jamais|nenhum|nenhuma|negativo)\b/g;

/**
 * A new affirmative statement ends a negation's reach: "não tenho lúpus e tomo varfarina", and so
 * does an exception — "não, só uso roacutan", "nenhuma, a não ser AAS" name the one that applies.
 */
const RESET = /(?:\bmas\b|\bporem\b|\bso que\b|\bcontudo\b|\bentretanto\b|(?:\be\b|,) (?:eu )?(?:tenho|tomo|uso|estou|sou|faco|fiz|tive|peguei|tomei|fui|vou|estava|sofro|descobri)\b|\b(?:so|somente|apenas|exceto|salvo|tirando|menos|fora|a nao ser|alem d[eoa]s?)\b)/g;

/** "se eu estiver grávida", "quem tem lúpus", "minha mãe toma varfarina": not the patient's own condition now. */
const HYPOTHETICAL = /\b(?:se (?:eu )?(?:estiver|tiver|for|fizer|usar|tomar|engravidar|estivesse|tivesse|fosse|ficar|pegar)|caso|quem|pessoas?|mulher(?:es)?|alguem|gestantes|lactantes|mae|pai|filha|filho|marido|esposa|irma|irmao|amiga|amigo|avo|tia|sogra|prima|namorad[ao])\b/g;

/** Clause limits: sentence punctuation. */
function clauseStart(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return i + 1; // . ! ? ; \n
    i--;
  }
  return 0;
}

function clauseEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) return i;
  }
  return text.length;
}

/** Is the mention at [start, end) negated within its clause? */
function isNegated(text: string, start: number, end: number): boolean {
  const from = clauseStart(text, start);
  const before = text.slice(Math.max(from, start - 80), start);
  let lastNeg = -1;
  NEGATORS.lastIndex = 0;
  for (let m = NEGATORS.exec(before); m; m = NEGATORS.exec(before)) {
    // "não sei se estou grávida": doubt, treated as a mention
    if (m[0] === 'nao' && /^nao sei\b/.test(before.slice(m.index))) continue;
    // "a não ser X" introduces an exception, not a negation
    if (m[0] === 'nao' && /^nao ser\b/.test(before.slice(m.index)) && /\ba $/.test(before.slice(0, m.index))) continue;
    lastNeg = m.index;
  }
  if (lastNeg >= 0) {
    RESET.lastIndex = 0;
    const tail = before.slice(lastNeg);
    if (!RESET.test(tail)) return true;
  }
  // "grávida não", "AAS nunca", "herpes não tenho"
  const after = text.slice(end, Math.min(clauseEnd(text, end), end + 20));
  return /^ ?,? (?:nao|nunca|jamais)\b(?! sei)/.test(after) && !/^ ?,? nao (?:posso|pode|consigo|sei)\b/.test(after);
}

/** Is the mention about someone else or a "what if"? ("grávida pode fazer?" asks about anyone) */
function isHypothetical(text: string, start: number, end: number): boolean {
  const from = clauseStart(text, start);
  const before = text.slice(Math.max(from, start - 40), start);
  let last = -1;
  HYPOTHETICAL.lastIndex = 0;
  for (let m = HYPOTHETICAL.exec(before); m; m = HYPOTHETICAL.exec(before)) last = m.index;
  if (last >= 0) {
    // "tenho uma filha e estou grávida": the patient speaks of herself again
    RESET.lastIndex = 0;
    return !RESET.test(before.slice(last));
  }
  return before.trim() === '' && /^ (?:pode|podem|consegue|conseguem|deve|devem)\b/.test(text.slice(end, end + 12));
}

/** After the mention, words that keep it current: "… e ainda estou", "… voltou", "… de novo". */
const STILL_AFTER = /\b(?:ainda (?:estou|to|tenho|tomo|uso|esta|ta)|continu[a-z]+|voltei a|voltou|de novo|novamente|agora (?:estou|to|tenho|tomo|uso) (?:com )?)/;

/**
 * Isotretinoin stopped only weeks ago still counts (its effect on the skin lasts months):
 * "terminei o roacutan semana passada", "parei há 2 meses".
 */
const RECENT_STOP =
  /\b(?:ontem|anteontem|semana passada|essa semana|esta semana|mes passado|esse mes|este mes|recentemente|faz pouco|ha pouco|agora pouco|(?:ha|faz) (?:(?:\d{1,2}|um|uma|dois|duas|tres|quatro|cinco|poucos|poucas|alguns|algumas) (?:dias?|semanas?)|(?:[1-5]|um|dois|tres|quatro|cinco|poucos|alguns) (?:mes|meses)))\b/;

/** Is a passing condition spoken of as over? ("parei de amamentar", "tomava roacutan ano passado") */
function isPast(text: string, start: number, end: number, c: Condition): boolean {
  if (!TRANSIENT.has(c)) return false;
  if (c === 'isotretinoina' && RECENT_STOP.test(text.slice(clauseStart(text, start), clauseEnd(text, end)))) return false;
  if (PAST_FORM.test(text.slice(start, end))) return true;
  const from = clauseStart(text, start);
  const before = text.slice(Math.max(from, start - 50), start);
  let lastPast = -1;
  let pastWord = '';
  let lastPresent = -1;
  PAST_MARKERS.lastIndex = 0;
  for (let m = PAST_MARKERS.exec(before); m; m = PAST_MARKERS.exec(before)) {
    // "tomei AAS ontem" still thins the blood: for a drug taken lately only a stop counts
    if (c === 'anticoagulante' && /^(?:tomei|usei|tive)$/.test(m[0])) continue;
    lastPast = m.index;
    pastWord = m[0];
  }
  PRESENT_MARKERS.lastIndex = 0;
  for (let m = PRESENT_MARKERS.exec(before); m; m = PRESENT_MARKERS.exec(before)) lastPresent = m.index;
  const after = text.slice(end, Math.min(clauseEnd(text, end), end + 60));
  // "tive herpes e ainda estou com a ferida", "parei mas voltei a tomar": still there
  if (STILL_AFTER.test(after)) return false;
  // "estava/tinha/era" alone is ambiguous ("descobri que estava grávida"): past only with a time said
  const ambiguous = /^(?:estava|tinha|foi|era|teve)$/.test(pastWord);
  if (lastPast > lastPresent && !ambiguous) return true;
  const over = PAST_AFTER.exec(after);
  if (!over) return false;
  // "… mas agora não", "… mas já passou": over whatever the verb
  if (/^ ?,? ?mas /.test(over[0])) return true;
  // "… ano passado": past unless a verb of now says otherwise ("uso roacutan há 2 anos")
  return lastPresent < 0 || lastPast > lastPresent;
}

/** Reads the conditions of a normalized message. `raw` is the original text (for "ELA"). */
export function extractConditions(text: string, raw: string): ConditionReading {
  const affirmed: Condition[] = [];
  const mentioned: Condition[] = [];
  const spans: [number, number][] = [];
  let anyNegated = false;
  const add = (c: Condition, start: number, end: number): void => {
    let spanEnd = end;
    const part = BODY_PART.exec(text.slice(end, end + 40)) ?? COMPLEMENT.exec(text.slice(end, end + 30));
    if (part) spanEnd = end + part[0].length;
    spans.push([start, spanEnd]);
    if (!mentioned.includes(c)) mentioned.push(c);
    if (isNegated(text, start, end)) {
      anyNegated = true;
      return;
    }
    if (isHypothetical(text, start, end)) return;
    if (isPast(text, start, end, c)) {
      anyNegated = true;
      return;
    }
    if (!affirmed.includes(c)) affirmed.push(c);
  };
  for (const [c, re] of COMPILED) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) add(c, m.index, m.index + m[0].length);
  }
  for (const [acronym, c] of ACRONYMS) {
    const m = acronym.exec(raw);
    if (!m) continue;
    const at = text.indexOf(m[0].toLowerCase());
    add(c, Math.max(0, at), Math.max(0, at) + m[0].length);
  }
  // "ferida de herpes": the herpes, not a separate infection
  if (affirmed.includes('herpes_ativo') && affirmed.includes('infeccao_local') && !/\binfec|\binflam|\bpus\b/.test(text)) {
    affirmed.splice(affirmed.indexOf('infeccao_local'), 1);
  }
  const none = NONE.test(text) || NO_ALLERGY.test(text);
  const order = (a: Condition, b: Condition): number => mentioned.indexOf(a) - mentioned.indexOf(b);
  affirmed.sort(order);
  let conditions: Condition[] | undefined;
  if (affirmed.length > 0) conditions = affirmed;
  else if (none || anyNegated) conditions = [];
  return { conditions, mentioned, spans, none };
}
