import type { Period } from './types';

/**
 * The words of dates and times in Brazilian Portuguese (accent-free, as `normalizeText` writes
 * them), gathered in one place so the date scanner reads as grammar, not as word lists.
 */

/**
 * A word table without a prototype: a message saying "constructor" must find nothing, not
 * Object's own properties.
 */
export function lexicon<T>(entries: Record<string, T>): Record<string, T> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** Full weekday names, and the same glued to "feira" ("segundafeira"). 0 = Sunday. */
export const WEEKDAY_WORDS: Record<string, number> = lexicon({
  domingo: 0, segunda: 1, terca: 2, quarta: 3, quinta: 4, sexta: 5, sabado: 6,
  segundafeira: 1, tercafeira: 2, quartafeira: 3, quintafeira: 4, sextafeira: 5,
  sabadu: 6, sabbado: 6, domigo: 0, segunta: 1, secunda: 1, terssa: 2, quata: 3, qinta: 4, cexta: 5,
  seguda: 1, segnuda: 1, tecra: 2, quatra: 3, quarat: 3, qunta: 4, qiunta: 4, quitna: 4, sexata: 5, sxta: 5, sexat: 5,
  sabdo: 6, sbado: 6, sabaod: 6, dmingo: 0, domnigo: 0,
  // augmentatives and diminutives of everyday speech ("sabadão de manhã", "segundona cedo")
  sabadao: 6, sabadinho: 6, domingao: 0, segundona: 1, sextona: 5, sextinha: 5, quintona: 4,
});

/** Weekdays whose name is also an ordinal ("a segunda opção", "quinta vez"). */
export const ORDINAL_WEEKDAYS = new Set(['segunda', 'quarta', 'quinta', 'sexta']);

/** Abbreviations, accepted only next to other date words ("sex 14h", "na qua"). */
export const WEEKDAY_ABBREVIATIONS: Record<string, number> = lexicon({
  dom: 0, seg: 1, ter: 2, terc: 2, qua: 3, quar: 3, qui: 4, quin: 4, sex: 5, sext: 5, sab: 6,
});

/**
 * Words after which "ter" is the verb, never Tuesday ("vai ter 16h?", "pode ter de manhã?",
 * "vou ter que sair"). Tuesday needs a positive cue instead (see `readWeekdayName`).
 */
export const TER_CONTEXT_BEFORE = new Set(['na', 'nessa', 'essa', 'esta', 'nesta', 'proxima', 'ser', 'ou', 'tipo', 'entao', 'talvez', 'ok', 'sim', 'oi', 'ola']);

/** Approximation words before a relative amount: "daqui uns 3 dias", "em cerca de 10 dias". */
export const APPROXIMATORS = new Set(['uns', 'umas', 'tipo', 'aproximadamente', 'aprox', 'quase']);

/** Nouns after which "segunda/quarta/quinta/sexta" are ordinals, not weekdays. */
export const ORDINAL_NOUNS = new Set([
  'opcao', 'opcoes', 'alternativa', 'alternativas', 'vez', 'vezes', 'via', 'sessao', 'sessoes', 'dose', 'doses',
  'parcela', 'parcelas', 'etapa', 'fase', 'lugar', 'pessoa', 'serie', 'colocada', 'semana', 'semanas', 'aplicacao',
  'consulta', 'filha', 'filho', 'gravidez', 'gestacao', 'lista', 'sugestao', 'proposta', 'numero',
  'horario', 'horarios', 'data', 'datas', 'vaga', 'vagas', 'coluna', 'linha', 'tentativa', 'mensagem', 'pergunta', 'area',
]);

export const MONTH_WORDS: Record<string, number> = lexicon({
  janeiro: 1, fevereiro: 2, marco: 3, abril: 4, maio: 5, junho: 6, julho: 7, agosto: 8, setembro: 9, outubro: 10,
  novembro: 11, dezembro: 12, fevereira: 2, feveiro: 2, marso: 3, abirl: 4, setenbro: 9, novenbro: 11, dezenbro: 12,
});

/** Month abbreviations, accepted only right after a day ("5 de dez", "5/dez"). */
export const MONTH_ABBREVIATIONS: Record<string, number> = lexicon({
  jan: 1, fev: 2, mar: 3, abr: 4, mai: 5, jun: 6, jul: 7, ago: 8, set: 9, out: 10, nov: 11, dez: 12,
});

export const PERIOD_WORDS: Record<string, Period> = lexicon({
  manha: 'morning', manhazinha: 'morning', manhanzinha: 'morning', manhasinha: 'morning',
  tarde: 'afternoon', tardinha: 'afternoon', tardezinha: 'afternoon', tardizinha: 'afternoon',
  noite: 'evening', noitinha: 'evening', noitezinha: 'evening', anoitecer: 'evening',
});

/** Words before "tarde"/"noite" that make it "late"/a greeting, not a period. */
export const NOT_PERIOD_BEFORE = new Set([
  'boa', 'boas', 'mais', 'muito', 'tao', 'meio', 'ja', 'ta', 'ficou', 'fica', 'ficar', 'chegar', 'chego', 'cheguei', 'chegando',
  'acordo', 'acordar', 'acordei', 'dormi', 'dormir', 'durmo', 'saio', 'nunca', 'bem', 'meia', 'ontem', 'anteontem',
]);

/** Hour markers after a number: "15h", "15hs", "15 hrs", "15 horas". */
export const HOUR_MARKERS = new Set(['h', 'hs', 'hr', 'hrs', 'hora', 'horas', 'hras', 'hor', 'hrz', 'horass']);

export const MINUTE_MARKERS = new Set(['min', 'mins', 'minuto', 'minutos', 'm']);

/** Words right before a number of hours that make it a duration ("dura 1h", "leva 2 horas"). */
export const DURATION_CUES = new Set([
  'dura', 'duram', 'durar', 'durou', 'leva', 'levam', 'levar', 'demora', 'demoram', 'demorar', 'durante', 'por', 'cerca',
  'aproximadamente', 'quase', 'ha', 'faz', 'uns', 'menos', 'tempo', 'sessao', 'procedimento', 'aplicacao',
]);

/** Words for "this week's" before a weekday. */
export const THIS_WORDS = new Set(['essa', 'esta', 'nessa', 'nesta', 'este', 'neste', 'nesse', 'esse', 'desta', 'dessa', 'agora']);

/** Words for "the next one" before a weekday. */
export const NEXT_WORDS = new Set(['proxima', 'proximo', 'proximas', 'seguinte']);

/** Relative amounts: "daqui a 3 dias", "em duas semanas". Value is days, or minutes for hours. */
export const RELATIVE_UNITS: Record<string, { days?: number; months?: number; minutes?: number }> = lexicon({
  dia: { days: 1 }, dias: { days: 1 }, semana: { days: 7 }, semanas: { days: 7 }, mes: { months: 1 }, meses: { months: 1 },
  hora: { minutes: 60 }, horas: { minutes: 60 }, h: { minutes: 60 }, hs: { minutes: 60 }, hrs: { minutes: 60 }, hr: { minutes: 60 },
  minuto: { minutes: 1 }, minutos: { minutes: 1 }, min: { minutes: 1 }, mins: { minutes: 1 },
});

/** Time-prefix words after which a bare number is an hour ("às 3", "das 14", "pelas 10"). */
export const TIME_PREFIXES = new Set(['as', 'das', 'pelas', 'pras', 'praz', 'umas']);
