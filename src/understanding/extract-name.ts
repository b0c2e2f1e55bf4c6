/**
 * The patient's own name when they introduce themselves ("meu nome é Fernanda Costa", "sou a
 * Patrícia", "me chamo…", "aqui é o João"), read from the original text so accents survive, and
 * title-cased so "fernanda costa" is stored as "Fernanda Costa".
 */

const LETTER = "A-Za-zÀ-ÖØ-öø-ÿ'’";

/** Introductions where whatever follows is a name. */
const STRONG = new RegExp(
  `(?:^|[^${LETTER}])(?:meu nome (?:completo )?(?:é|e|eh|:)|me chamo|pode me chamar de|(?:aqui )?quem (?:fala|escreve) (?:é|e|eh)(?: [ao])?|nome(?: completo)?\\s*:)\\s*([${LETTER}]+(?:[ \\t]+[${LETTER}]+){0,6})`,
  'iu',
);

/** "sou a Patrícia", "aqui é o João", "eu sou Maria": a name only if it looks like one. */
const WEAK = new RegExp(
  `(?:^|[^${LETTER}])(?:(?:eu )?sou (?:[ao] )?|aqui (?:é|e|eh) (?:[ao] )?)([${LETTER}]+(?:[ \\t]+[${LETTER}]+){0,5})`,
  'iu',
);

/** "É a Camila" / "oi, é o Pedro" as the whole message (a sentence-initial "e a Carla…" is "and"). */
const IT_IS = new RegExp(
  `^\\s*(?:(?:oi|olá|ola|bom dia|boa tarde|boa noite)[,!.]?\\s+)?(?:é|e|eh) [ao] ([${LETTER}]+(?:[ \\t]+[${LETTER}]+){0,3})\\s*[.!,]*\\s*(?:tudo bem\\??|tudo bom\\??)?\\s*$`,
  'iu',
);

/** Words that end a name ("…Fernanda e quero marcar"). */
const STOP = new Set(
  [
    'e', 'eu', 'tenho', 'quero', 'queria', 'gostaria', 'preciso', 'estou', 'to', 'tô', 'sou', 'tudo', 'bem', 'bom', 'boa', 'meu', 'minha',
    'cpf', 'email', 'e-mail', 'aqui', 'da', 'de', 'do', 'dos', 'das', 'e', 'ok', 'obrigada', 'obrigado', 'para', 'pra', 'com',
    'paciente', 'cliente', 'por', 'favor', 'sim', 'não', 'nao', 'que', 'no', 'na', 'vou', 'vim', 'fiz', 'marquei', 'agendei',
    'tinha', 'estava', 'gostei', 'amanhã', 'amanha', 'hoje', 'telefone', 'celular', 'whatsapp', 'falando', 'escrevendo',
    'mas', 'só', 'so', 'já', 'ja', 'também', 'tambem', 'nasci', 'moro', 'fui', 'o', 'a', 'os', 'as', 'um', 'uma', 'mãe', 'mae', 'pai',
  ].map((w) => w.toLowerCase()),
);

/** Particles kept inside a name ("Maria da Silva") but never at its ends. */
const PARTICLES = new Set(['da', 'de', 'do', 'dos', 'das', 'e']);

/** First words that show "sou a …" is not a name ("sou a paciente", "sou alérgica"). */
const NOT_A_NAME = new Set(
  [
    'paciente', 'cliente', 'mãe', 'mae', 'pai', 'filha', 'filho', 'esposa', 'marido', 'mesma', 'mesmo', 'pessoa', 'favor', 'primeira', 'primeiro',
    'única', 'unica', 'dona', 'dono', 'responsável', 'responsavel', 'secretária', 'secretaria', 'nova', 'novo', 'alérgica', 'alergica',
    'alérgico', 'alergico', 'gestante', 'grávida', 'gravida', 'diabética', 'diabetica', 'hipertensa', 'médica', 'medica', 'enfermeira',
    'estudante', 'menor', 'maior', 'de', 'da', 'do', 'das', 'dos', 'muito', 'bem', 'assim', 'eu', 'ela', 'ele', 'você', 'voce',
    'clínica', 'clinica', 'recepção', 'recepcao', 'sua', 'seu', 'tua', 'teu', 'uma', 'um', 'contra', 'casada', 'solteira', 'daqui',
    'amiga', 'amigo', 'vizinha', 'irmã', 'irma', 'tia', 'avó', 'avo', 'sobrinha', 'prima', 'namorada', 'noiva', 'que', 'quem', 'isso', 'sim', 'não', 'nao',
    'lactante', 'saudável', 'saudavel', 'fumante', 'magra', 'gorda', 'morena', 'loira', 'ruiva', 'bonita', 'idosa', 'jovem', 'tímida',
    'timida', 'apaixonada', 'fã', 'fa', 'ansiosa', 'ansioso', 'medrosa', 'medroso', 'sensível', 'sensivel', 'maquiadora',
    'dentista', 'biomédica', 'biomedica', 'advogada', 'professora', 'mais', 'bastante', 'obrigada', 'obrigado', 'grata', 'grato',
  ].map((w) => w.toLowerCase()),
);

function titleCase(word: string): string {
  const lower = word.toLowerCase();
  if (PARTICLES.has(lower)) return lower;
  if (word !== lower && word !== word.toUpperCase()) return word;
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Cuts the captured words at the first stop word and trims particles from the ends. */
function trimName(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const lower = w.toLowerCase();
    if (STOP.has(lower) && !(PARTICLES.has(lower) && out.length > 0)) break;
    out.push(w);
  }
  while (out.length > 0 && PARTICLES.has(out[out.length - 1]!.toLowerCase())) out.pop();
  return out.slice(0, 5);
}

/** The patient's name, or undefined. Linear; bounded captures. */
export function extractName(raw: string): string | undefined {
  if (!raw) return undefined;
  const text = raw.length > 600 ? raw.slice(0, 600) : raw;
  for (const [re, strong] of [
    [STRONG, true],
    [WEAK, false],
    [IT_IS, false],
  ] as const) {
    const m = re.exec(text);
    if (!m) continue;
    const words = trimName(m[1]!.split(/[ \t]+/));
    if (words.length === 0) continue;
    const first = words[0]!;
    if (NOT_A_NAME.has(first.toLowerCase()) || first.length < 2) continue;
    if (!strong) {
      const capitalized = first.charAt(0) !== first.charAt(0).toLowerCase();
      const hadArticle = re === IT_IS || /(?:sou|é|e|eh) [ao] $/iu.test(text.slice(0, m.index + m[0].length - m[1]!.length));
      if (!capitalized && !hadArticle) continue;
      if (!capitalized && words.length > 3) continue;
    }
    return words.map(titleCase).join(' ');
  }
  return undefined;
}

/** A reply that is only a name: two to five capitalized words ("Maria Silva", "João Pedro de Souza"). */
const BARE = new RegExp(`^\\s*([${LETTER}]+(?:[ \\t]+[${LETTER}]+){1,4})\\s*[.!]?\\s*$`, 'u');

/** Capitalized words that are not names ("Bom Dia", "Muito Obrigada", "Tudo Bem"). */
const NOT_NAME_WORDS = new Set(
  [
    ...NOT_A_NAME, ...STOP, 'oi', 'olá', 'ola', 'bom', 'boa', 'dia', 'tarde', 'noite', 'tudo', 'bem', 'beleza', 'certo', 'ok', 'sim', 'não', 'nao', 'obrigada',
    'obrigado', 'valeu', 'muito', 'até', 'ate', 'logo', 'mais', 'breve', 'tchau', 'dra', 'dr', 'doutora', 'doutor', 'senhora', 'senhor', 'pode', 'ser', 'quero',
    'perfeito', 'combinado', 'fechado', 'confirmado', 'confirmo', 'claro', 'feliz', 'natal', 'ano', 'novo', 'parabéns', 'parabens', 'deus', 'abençoe', 'amém',
    'amem', 'nada', 'nenhum', 'nenhuma', 'opção', 'opcao', 'próxima', 'proxima', 'semana', 'mês', 'mes', 'que', 'vem', 'horário', 'horario', 'clínica', 'clinica',
    'são', 'sao', 'paulo', 'rio', 'janeiro', 'bella', 'pele', 'ótimo', 'otimo', 'show', 'top', 'legal', 'entendi', 'isso', 'mesmo', 'exato', 'agora', 'depois',
  ].map((w) => w.toLowerCase()),
);

/**
 * The whole message is a name, answering "qual o seu nome?": capitalized words, none of them a
 * common word. The caller makes sure the words name no service, professional or date.
 */
export function extractBareName(raw: string): string | undefined {
  if (!raw || raw.length > 80) return undefined;
  const m = BARE.exec(raw);
  if (!m) return undefined;
  const words = m[1]!.split(/[ \t]+/);
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (PARTICLES.has(first.toLowerCase()) || PARTICLES.has(last.toLowerCase())) return undefined;
  for (const w of words) {
    const lower = w.toLowerCase();
    if (PARTICLES.has(lower)) continue;
    if (w.length < 2 || NOT_NAME_WORDS.has(lower)) return undefined;
    // "Maria", "DA SILVA" would be shouting; a name reply capitalizes each word
    if (w.charAt(0) === w.charAt(0).toLowerCase() || w.slice(1) !== w.slice(1).toLowerCase()) return undefined;
  }
  return words.map(titleCase).join(' ');
}

