import { lexicon } from './when-lexicon';
/**
 * One canonical form of a patient message, shared by every rule of the engine: lowercase, no
 * accents, emoji turned into the word they stand for, WhatsApp shorthand expanded, punctuation
 * kept as separate characters. Rules are written once against this form instead of each rule
 * coping with "Amanhã"/"amanha"/"amnh" or "✅"/"ok" on its own.
 */

/** Longer messages are read up to this many characters; keeps the worst case bounded. */
export const MAX_TEXT_LENGTH = 3000;

/** Emoji (and a few symbols) that carry an answer by themselves. */
const EMOJI_WORDS: [RegExp, string][] = [
  [/[\u{1F44D}\u{1F44C}\u2705\u2714\u2611\u{1F197}\u{1F64B}\u{1F91D}]/gu, ' ok '],
  [/[\u{1F44E}\u274C\u274E\u{1F6AB}\u2716]/gu, ' nao '],
  [/[\u{1F64F}]/gu, ' obrigado '],
  [/[\u2764\u2665\u{1F495}\u{1F496}\u{1F497}\u{1F49C}\u{1F499}\u{1F49A}\u{1F9E1}\u{1F60D}\u{1F970}\u{1F618}\u{1F917}]/gu, ' obrigado '],
];

/**
 * Shorthand and frequent misspellings, word for word. Kept to forms that cannot be another word
 * in a clinic conversation ("s" and "n" alone are handled by the intent rules, not here).
 */
const WORD_MAP: Record<string, string> = lexicon({
  vc: 'voce', vcs: 'voces', voc: 'voce', ce: 'voce', oce: 'voce', cs: 'voces',
  pq: 'porque', pqe: 'porque', porq: 'porque', q: 'que', oq: 'o que',
  tb: 'tambem', tbm: 'tambem', tbem: 'tambem',
  hj: 'hoje', hje: 'hoje', hoj: 'hoje',
  amnh: 'amanha', amnha: 'amanha', amanh: 'amanha', amha: 'amanha', amanhan: 'amanha', amanah: 'amanha', manhan: 'manha',
  dps: 'depois', dpois: 'depois', depoi: 'depois',
  obg: 'obrigado', obgd: 'obrigado', obgda: 'obrigada', obrigadu: 'obrigado', brigado: 'obrigado', brigada: 'obrigada',
  obrigadao: 'obrigado', obrigadinho: 'obrigado', obrigadinha: 'obrigada',
  brigadao: 'obrigado', brigadu: 'obrigado', brigadinho: 'obrigado', brigadinha: 'obrigada', brigadissimo: 'obrigado', brigadissima: 'obrigada',
  obgdo: 'obrigado', obgdao: 'obrigado', obgada: 'obrigada', obgado: 'obrigado', obrigda: 'obrigada', obrigdo: 'obrigado', obriagda: 'obrigada', obriagdo: 'obrigado',
  valeuzao: 'valeu', valeus: 'valeu', vlws: 'valeu', vlwww: 'valeu', vlww: 'valeu', tmj: 'tamo junto',
  vlw: 'valeu', valew: 'valeu',
  blz: 'beleza', blza: 'beleza',
  td: 'tudo', tdb: 'tudo bem', tds: 'todos',
  msg: 'mensagem', msgs: 'mensagens', mensagen: 'mensagem', mensagems: 'mensagens',
  qdo: 'quando', qnd: 'quando', qndo: 'quando', qd: 'quando',
  qto: 'quanto', qnto: 'quanto', qt: 'quanto', qanto: 'quanto', qnt: 'quanto', vlr: 'valor', vlrs: 'valores', prc: 'preco',
  qal: 'qual', kal: 'qual',
  msm: 'mesmo', mt: 'muito', mto: 'muito', mta: 'muita', mtas: 'muitas', mtos: 'muitos',
  agr: 'agora', vdd: 'verdade', cmg: 'comigo',
  qria: 'queria', qro: 'quero', kero: 'quero', keria: 'queria', qeria: 'queria', qero: 'quero',
  gostari: 'gostaria', gostria: 'gostaria', gotaria: 'gostaria',
  naum: 'nao', n: 'nao', nn: 'nao', nops: 'nao', nop: 'nao',
  simm: 'sim', ss: 'sim', siim: 'sim',
  eh: 'e', tah: 'ta', to: 'estou', tou: 'estou', tamo: 'estamos', tamos: 'estamos',
  pfv: 'por favor', pfvr: 'por favor', pf: 'por favor', porfa: 'por favor', porfavor: 'por favor',
  fds: 'fim de semana', prox: 'proxima', prx: 'proxima', proxma: 'proxima', prosima: 'proxima',
  doutra: 'doutora', dotora: 'doutora', dotor: 'doutor',
  ajendar: 'agendar', agedar: 'agendar', agendr: 'agendar',
  maracar: 'marcar', marcr: 'marcar', mracar: 'marcar',
  orario: 'horario', horaio: 'horario', hrario: 'horario', orarios: 'horarios',
  canselar: 'cancelar', cancelr: 'cancelar', cancelra: 'cancelar', cansela: 'cancela',
  remaracar: 'remarcar',
  consuta: 'consulta', cosulta: 'consulta',
  aki: 'aqui', aq: 'aqui',
  semna: 'semana', smana: 'semana', senana: 'semana',
  tersa: 'terca', quata: 'quarta', qarta: 'quarta', qinta: 'quinta',
  sesta: 'sexta', sabdo: 'sabado', sabad: 'sabado', dominho: 'domingo', segnda: 'segunda',
  tade: 'tarde', noiet: 'noite', manah: 'manha',
  gravid: 'gravida', gravda: 'gravida', gavida: 'gravida',
  whats: 'whatsapp', whatsap: 'whatsapp', watsapp: 'whatsapp', wats: 'whatsapp', zap: 'whatsapp', wpp: 'whatsapp', zapzap: 'whatsapp', insta: 'instagram',
  endereso: 'endereco', enderco: 'endereco',
  botx: 'botox', btox: 'botox', botoks: 'botox',
});

/** 3+ repeats of one letter collapse to one ("simmm", "oiii", "okkk"); "rr"/"ss" stay. */
const REPEATS = /([a-z])\1{2,}/g;

/** A doubled last letter is WhatsApp emphasis ("oii", "simm", "okk", "botoxx"); "ss" is "sim". */
const TRAILING_DOUBLE = /([aeioumkhxz])\1+(?![a-z])/g;

/** Everything that is neither a letter, a digit, whitespace nor punctuation we read. */
const OTHER = /[^a-z0-9\s.,;:!?/\-@$%+_()'"]/g;

/** ASCII control characters and the Unicode line/paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const COMBINING = /[\u0300-\u036f]/g;

const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Lowercases, strips accents and emoji, expands shorthand. Never throws; any input that is not a
 * string reads as the empty message.
 */
export function normalizeText(input: unknown): string {
  if (typeof input !== 'string' || input.length === 0) return '';
  let s = input.length > MAX_TEXT_LENGTH ? input.slice(0, MAX_TEXT_LENGTH) : input;
  s = s.replace(CONTROL, ' ');
  // emoji, ordinal marks, accents and typographic quotes are all outside ASCII: plain text skips them
  if (NON_ASCII.test(s)) {
    for (const [re, word] of EMOJI_WORDS) s = s.replace(re, word);
    s = s
      .replace(/(\d)\s?[º°]/g, '$1o')
      .replace(/(\d)\s?ª/g, '$1a')
      .replace(/[º°]/g, 'o')
      .replace(/ª/g, 'a')
      .toLowerCase()
      .normalize('NFD')
      .replace(COMBINING, '')
      .replace(/[\u2018\u2019\u00b4`]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/[\u2013\u2014]/g, '-')
      .replace(/ß/g, 'ss')
      .replace(/[øœæ]/g, 'o');
  } else {
    s = s.toLowerCase().replace(/`/g, "'");
  }
  s = s
    .replace(REPEATS, '$1')
    .replace(TRAILING_DOUBLE, '$1')
    .replace(OTHER, ' ');
  return expandWords(s);
}

/** Puts spaces around sentence punctuation and maps shorthand words to their full form. */
function expandWords(s: string): string {
  // "27.11", "1.500" and "1,5" keep their digits together; other punctuation stands alone
  const spaced = s.replace(/(?<!\d)[.,]|[.,](?!\d)|[;!?()"]/g, ' $& ');
  const words = spaced.split(/\s+/);
  const out: string[] = [];
  for (const w of words) {
    if (w === '') continue;
    const mapped = WORD_MAP[w];
    out.push(mapped ?? w);
  }
  return out.join(' ');
}

/** The same form, without punctuation: words and numbers separated by single spaces. */
export function wordsOnly(normalized: string): string {
  return normalized.replace(/[^a-z0-9]+/g, ' ').trim();
}
