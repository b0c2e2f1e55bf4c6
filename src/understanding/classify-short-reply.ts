/**
 * Short replies made only of stock words — "sim, pode ser", "ok obrigada", "não, obrigado",
 * "oi, tudo bem?", "👍" — are recognized by covering every word of the message with known phrases
 * (longest first), so "sim" is a confirmation but "sim, tenho lúpus" is not a bare "sim".
 */

export type ReplyKind = 'confirm' | 'strongConfirm' | 'deny' | 'greeting' | 'thanks' | 'filler';

const PHRASES: Record<Exclude<ReplyKind, 'filler'>, string[]> = {
  strongConfirm: [
    'sim', 'isso', 'isso mesmo', 'isso ai', 'exato', 'exatamente', 'confirmo', 'confirmado', 'confirmada', 'confirmar', 'confirma', 'confirmadissimo', 'confirmadissima', 'confirmadinha',
    'pode ser', 'pode sim', 'pode marcar', 'pode agendar', 'pode confirmar', 'pode reservar', 'pode fechar', 'pode ser sim', 'fechado', 'fechou', 'fecha',
    'combinado', 'combinadissimo', 'claro', 'claro que sim', 'com certeza', 'vou sim', 'irei', 'estarei la', 'estarei ai', 'estarei presente',
    'vou comparecer', 'vou estar la', 'vou estar ai', 'compareco', 'comparecerei', 'positivo', 'aceito', 'quero sim', 'sim quero', 'de acordo', 'esse mesmo',
    'pode ser esse', 'pode ser essa', 'fico com esse', 'fico com essa', 'essa mesma', 'agendado', 'marcado', 'reservado', 'topo', 'estou dentro', 'to dentro',
    'bora', 'vamos', 'vamos la', 'vambora', 'partiu', 'yes', 'uhum', 'aham', 'ahan', 'sim senhora', 'sim senhor', 'confirmadinho', 'ok confirmado', 'la estarei',
    'pode', 'quero', 'vou', 'certeza', 'sim por favor', 'isso por favor', 'correto', 'certissimo', 'sim claro', 'claro que pode', 'pode deixar',
    // consent answers
    'autorizo', 'eu autorizo', 'autorizo sim', 'sim autorizo', 'concordo', 'eu concordo', 'concordo sim', 'consinto', 'permito', 'autorizado', 'autorizada', 'pode usar',
  ],
  confirm: [
    'ok', 'okay', 'oki', 'okey', 'okei', 'oky', 'beleza', 'belezinha', 'perfeito', 'perfeita', 'certo', 'certinho', 'ta bom', 'ta bem', 'ta', 'ta otimo',
    'ta perfeito', 'ta certo', 'ta combinado', 'ta joia', 'otimo', 'otima', 'show', 'show de bola', 'top', 'massa', 'joia', 'legal', 'esse', 'essa', 'esse ai',
    'essa ai', 'tudo certo', 'tudo ok', 'maravilha', 'excelente', 'boa', 'bom', 'muito bom', 'sem problemas', 'sem problema', 'tranquilo', 'de boa', 'entendi',
    'entendido', 'ciente', 'esta bem', 'esta otimo', 'esta certo', 'esta perfeito', 'esta bom', 'ah ta', 'ata', 'tudo bem entao', 'blz', 'fechou entao',
  ],
  deny: [
    'nao', 'nada', 'nenhum', 'nenhuma', 'nenhum desses', 'nenhuma dessas', 'nenhum deles', 'nenhuma delas', 'nenhum dos dois', 'nenhuma das duas', 'nenhum horario',
    'nenhuma opcao', 'negativo', 'nope', 'agora nao', 'prefiro nao', 'nao quero', 'nao precisa', 'deixa', 'deixa pra la', 'deixa quieto', 'esquece', 'melhor nao',
    'acho que nao', 'nem', 'jamais', 'nunca', 'nao posso', 'nao da', 'nao gostei', 'nao serve', 'nao me serve', 'nenhum serve', 'nenhum me serve', 'nao me atende',
    'nao consigo', 'nao rola', 'nao pode ser', 'sem interesse', 'nao tenho interesse', 'dispenso', 'nao e isso', 'errado', 'de jeito nenhum', 'nem pensar',
    'nao obrigado', 'nao obrigada', 'nenhum desses horarios', 'nenhuma dessas opcoes', 'nenhum desses dias', 'nao quero nao', 'ainda nao', 'por enquanto nao',
    'nao estou interessada', 'nao estou interessado', 'nao tenho', 'nao desejo', 'nao vou querer', 'nao dessa vez', 'hoje nao', 'nao agora',
    'nada disso', 'nada disto', 'nem um', 'nem uma', 'nem um desses', 'nem uma dessas', 'nem um deles', 'nem uma delas',
    'nao autorizo', 'eu nao autorizo', 'nao concordo', 'nao aceito', 'nao consinto', 'nao permito',
  ],
  greeting: [
    'oi', 'oie', 'ola', 'alo', 'bom dia', 'boa tarde', 'boa noite', 'e ai', 'eai', 'opa', 'hey', 'hei', 'salve', 'tudo bem', 'tudo bom', 'tudo certo', 'tudo joia',
    'tudo tranquilo', 'como vai', 'como esta', 'como vao', 'como voce esta', 'e voce', 'e com voce', 'fala', 'boas', 'bem vindo', 'tchau', 'ate mais', 'ate logo',
    'ate breve', 'ate amanha', 'ate la', 'ate', 'bom fim de semana', 'boa semana', 'bom descanso', 'tenha um bom dia', 'tenha uma boa tarde', 'otimo dia',
    'bjs', 'beijos', 'beijo', 'abraco', 'abracos', 'fui', 'inte', 'ola tudo bem', 'oi tudo bem', 'boa tarde tudo bem', 'como estao', 'tudo otimo', 'td bem',
  ],
  thanks: [
    'obrigado', 'obrigada', 'muito obrigado', 'muito obrigada', 'valeu', 'agradeco', 'agradecido', 'agradecida', 'grato', 'grata', 'gratidao', 'agradecemos',
    'obrigado pela atencao', 'obrigada pela atencao', 'pela atencao', 'pela ajuda', 'pelo atendimento', 'pela informacao', 'pelas informacoes', 'muito grata',
    'muito grato', 'obrigadissima', 'obrigadissimo', 'mil vezes obrigada', 'valeu mesmo', 'agradeco muito', 'deus abencoe', 'fico no aguardo', 'aguardo',
    'fico grata', 'fico grato', 'agradeco a atencao', 'gratidao sempre', 'tamo junto', 'valeu demais', 'obrigado demais', 'obrigada demais', 'valeu valeu',
    'muito obrigado mesmo', 'muito obrigada mesmo', 'agradeco demais', 'obrigado de coracao', 'obrigada de coracao', 'muitissimo obrigado', 'muitissimo obrigada',
    'valeu pela forca', 'pela forca', 'pela paciencia', 'pelo carinho', 'pela gentileza', 'pelo retorno', 'pela resposta', 'pelas respostas', 'pela disponibilidade',
  ],
};

const FILLER = [
  'entao', 'e', 'ja', 'la', 'ai', 'a', 'o', 'eu', 'mesmo', 'muito', 'super', 'com', 'tudo', 'bem', 'por favor', 'favor', 'dra', 'doutora', 'doutor', 'querida',
  'querido', 'moca', 'amiga', 'amigo', 'hein', 'ne', 'viu', 'k', 'rs', 'haha', 'hehe', 'kk', 'ah', 'ahh', 'hum', 'hm', 'hmm', 'uai', 'nossa', 'pessoal', 'gente',
  'clinica', 'obg', 'de', 'pra', 'mim', 'voce', 'voces', 'tambem', 'pela', 'pelo', 'atencao', 'hoje', 'sempre', 'ta', 'bella', 'pele', 'senhora', 'senhor',
  'meu', 'minha', 'linda', 'lindo', 'flor', 'qrida', 'ate', 'um', 'uma', 'bom', 'dia', 'ok', 'mais', 'demais', 'muitissimo', 'anjo',
  'querida', 'fofa', 'gata', 'amore', 'mo', 'ajudou', 'muito', 'moco',
];

type Index = Map<string, ReplyKind>;

function buildIndex(): { index: Index; maxLen: number } {
  const index: Index = new Map();
  let maxLen = 1;
  for (const [kind, list] of Object.entries(PHRASES) as [ReplyKind, string[]][]) {
    for (const p of list) {
      if (!index.has(p)) index.set(p, kind);
      maxLen = Math.max(maxLen, p.split(' ').length);
    }
  }
  for (const f of FILLER) if (!index.has(f)) index.set(f, 'filler');
  return { index, maxLen };
}

const { index: INDEX, maxLen: MAX_LEN } = buildIndex();

/** Kinds used to cover the whole message, or undefined when a word is not a stock word. */
export function classifyShortReply(words: string[]): Set<ReplyKind> | undefined {
  if (words.length === 0 || words.length > 16) return undefined;
  const kinds = new Set<ReplyKind>();
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    for (let len = Math.min(MAX_LEN, words.length - i); len >= 1; len--) {
      const kind = INDEX.get(words.slice(i, i + len).join(' '));
      if (kind) {
        kinds.add(kind);
        matched = len;
        break;
      }
    }
    if (matched === 0) return undefined;
    i += matched;
  }
  return kinds;
}
