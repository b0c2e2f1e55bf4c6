import { lexicon } from './when-lexicon';
/**
 * A numbered choice among options the bot listed ("2", "opção 3", "a primeira", "fico com a 2",
 * "a segunda opção"). "segunda" alone stays a weekday: ordinals that are also weekday names count
 * only next to a word like "opção".
 */

const ORDINALS: Record<string, number> = lexicon({
  primeira: 1, primeiro: 1, segundo: 2, terceira: 3, terceiro: 3, quarto: 4, quinto: 5, sexto: 6,
  setima: 7, setimo: 7, oitava: 8, oitavo: 8, nona: 9, nono: 9, decima: 10, decimo: 10,
  segunda: 2, quarta: 4, quinta: 5, sexta: 6,
});

/** Ordinals that are also weekday names. */
const WEEKDAY_ORDINALS = new Set(['segunda', 'quarta', 'quinta', 'sexta']);

const NUMBER_WORDS: Record<string, number> = lexicon({
  um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10,
});

const OPTION_NOUNS = new Set(['opcao', 'alternativa', 'numero', 'item', 'horario', 'sugestao', 'data', 'vaga', 'op', 'opc', 'letra']);

/** Words that may surround a bare choice without changing it ("quero a 2", "pode ser o 1 por favor"). */
const CHOICE_FILLER = new Set([
  'a', 'o', 'quero', 'queria', 'prefiro', 'escolho', 'fico', 'com', 'pode', 'ser', 'vou', 'de', 'na', 'no', 'seria', 'eu', 'entao',
  'por', 'favor', 'sim', 'ok', 'essa', 'esse', 'melhor', 'mesmo', 'mesma', 'e', 'numero', 'opcao', 'alternativa', 'n', 'item',
  'marca', 'marcar', 'manda', 'fechado', 'bora', 'beleza', 'perfeito', 'isso', 'gostaria', 'da', 'do', 'pra', 'mim', 'obrigado', 'obrigada',
]);

/** The option number, or undefined. `words` are the message's words and numbers, normalized. */
export function extractOption(words: string[]): number | undefined {
  if (words.length === 0 || words.length > 12) return undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1] ?? '';
    // "opção 2", "alternativa três", "número 1"
    if (OPTION_NOUNS.has(w) && w !== 'horario' && w !== 'data' && w !== 'vaga') {
      const n = /^\d{1,2}$/.test(next) ? Number(next) : NUMBER_WORDS[next];
      if (n !== undefined && n >= 1 && n <= 20) return n;
    }
    // "a segunda opção", "primeira opção", "o primeiro horário"
    const ord = ORDINALS[w];
    if (ord !== undefined) {
      if (OPTION_NOUNS.has(next)) return ord;
      if (!WEEKDAY_ORDINALS.has(w) && words.length <= 3 && (i === 0 || ['a', 'o', 'na', 'no', 'com', 'pela', 'pelo'].includes(words[i - 1]!))) return ord;
    }
    // "2ª opção" / "1a" → normalized "2a", "1o"
    const ordDigit = /^(\d{1,2})[ao]$/.exec(w);
    if (ordDigit && next !== 'feira' && (OPTION_NOUNS.has(next) || words.length <= 3)) return Number(ordDigit[1]);
  }
  // "2", "quero a 2", "fico com o 3"
  let found: number | undefined;
  for (const w of words) {
    if (/^\d{1,2}$/.test(w)) {
      if (found !== undefined) return undefined;
      found = Number(w);
      continue;
    }
    if (!CHOICE_FILLER.has(w)) return undefined;
  }
  return found !== undefined && found >= 1 && found <= 20 ? found : undefined;
}
