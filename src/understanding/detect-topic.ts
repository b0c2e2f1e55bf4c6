import type { InfoTopic } from './types';

/**
 * What a patient's question is about, so the bot answers from the clinic file only (address,
 * hours, payment, insurance, parking, contact, services, professionals, a service's details) or
 * refers a health question to the professional (`medical`) instead of answering it.
 */

function rx(alternatives: string[]): RegExp {
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b`);
}

const W = '[a-z]*';
const ANY = '(?:[a-z]+ )';

export const TOPIC_PATTERNS: [InfoTopic, RegExp][] = [
  [
    'address',
    rx([
      'endereco', 'enderecos', `onde ${ANY}{0,3}(?:fica|ficam|e a|e o|esta|estao|localiza${W}|atende|atendem|voces estao|e ai|e isso|e)`,
      'localizacao', 'localizad[ao]s?', `como ${ANY}?(?:chego|chegar|faco pra chegar|faco para chegar|vou ate)`, 'qual (?:a |e a )?rua', 'que rua', 'bairro',
      'ponto de referencia', 'fica perto', 'fica longe', 'e longe', 'e perto', 'cep', 'mapa', 'google maps', 'waze', 'estacao', 'metro', 'qual o local',
      'fica onde', 'ficam onde', 'e onde', 'em que cidade', 'qual cidade', 'localidade', 'manda a localizacao', 'unidade',
    ]),
  ],
  [
    'parking',
    rx([
      'estacionamento', 'estacionar', 'estaciono', 'estacione', `onde ${ANY}?(?:paro|parar|deixo|deixar) o carro`, 'vagas? (?:de|pra|para) (?:carro|estacionar|moto)',
      'manobrista', 'valet', 'garagem', 'zona azul', 'parar o carro', 'ir de carro', 'vou de carro', 'estacionamentos',
    ]),
  ],
  [
    'insurance',
    rx([
      'planos? de saude', 'plano (?:medico|odontologico)', `convenio${W}`, 'unimed', 'amil', 'bradesco saude', 'sul ?america', 'hapvida', 'notredame',
      'intermedica', 'golden cross', 'cassi', 'reembolso', 'nota fiscal', 'recibo', `(?:aceita|atende|pega|cobre|trabalha)${W} ${ANY}?(?:com )?planos?`, 'plano cobre',
    ]),
  ],
  [
    'payment',
    rx([
      'pix', 'cartao', 'cartoes', 'credito', 'debito', `parcel${W}`, 'dinheiro', 'especie', 'boleto', 'formas? de pagamento', 'pagamento', 'pagar',
      'a vista', 'transferencia', 'sem juros', 'maquininha', 'visa', 'mastercard', 'sinal', 'vezes no cartao',
    ]),
  ],
  [
    'hours',
    rx([
      'horarios? de (?:funcionamento|atendimento|abertura)', `que horas ${ANY}{0,2}(?:abre|abrem|fecha|fecham|funciona|funcionam|comeca|comecam|atende|atendem|encerra|encerram|abrir|fechar)`,
      'ate que horas', 'a partir de que horas', `(?:abre|abrem|abrir|funciona|funcionam|atende|atendem|trabalha|trabalham|aberto|aberta|abertos|expediente) ${ANY}{0,2}(?:sabados?|domingos?|feriados?|fim de semana|final de semana|a noite|de noite|no almoco|hoje|amanha)`,
      `(?:qual|quais) (?:e |sao )?(?:o |os )?horarios? (?:de voces|da clinica|de atendimento|de funcionamento|que voces)`, 'horario da clinica',
      'dias de atendimento', `(?:quais|que) dias ${ANY}{0,3}(?:atende|atendem|abre|abrem|funciona|funcionam|trabalha|trabalham)`, 'estao abertos', 'esta aberta', 'esta aberto', 'abrem hoje', 'fecham hoje',
      'abre hoje', 'fecha hoje', `(?:abre|abrem|fecha|fecham) (?:que|q) horas`, 'horario de almoco', 'fecham para o almoco', 'fecham pro almoco',
    ]),
  ],
  [
    'contact',
    rx([
      `(?:qual|quais|tem|tens|me passa|passa|manda|me manda|me envia|envia|me da|informa) ${ANY}{0,3}(?:telefone|telefones|numero|whatsapp|instagram|insta|email|e-mail|site|contato|contatos|redes sociais|fixo)`,
      `(?:telefone|numero|whatsapp|instagram|insta|email|e-mail|site|contato) (?:de voces|da clinica|fixo|para contato|pra contato|de contato)`, 'redes sociais',
      'algum telefone', 'outro numero', 'numero fixo', 'como (?:eu )?(?:entro em contato|falo com voces|ligo)',
    ]),
  ],
  [
    'professionals',
    rx([
      `quem ${ANY}{0,2}(?:atende|atendem|faz|fazem|aplica|aplicam|vai me atender|vai atender|vai fazer|e a|e o|sao os|sao as|trabalha|trabalham)`,
      `(?:quais|qual|que) ${ANY}?(?:profissionais|profissional|medicos|medico|medica|doutores|doutoras|doutora|doutor|dermatologistas?|especialistas?|biomedic${W}|dentistas?)`,
      '(?:e|eh|ela e|ele e) (?:medica|medico|dermatologista|biomedica|biomedico|dentista|formad[ao]|especialista|habilitad[ao]|registrad[ao])',
      'crm', 'cro', 'crbm', 'formacao', 'especialidade', 'experiencia', 'curriculo', 'equipe',
      `nome ${ANY}?(?:da|do) (?:doutora|doutor|dra|dr|medica|medico|profissional|biomedica|biomedico|dermatologista|dentista)`,
    ]),
  ],
  [
    'services',
    rx([
      `(?:quais|que) ${ANY}?(?:procedimentos|servicos|tratamentos|tipos de procedimento|opcoes de tratamento)`, `o que (?:voces|a clinica) ${ANY}?(?:fazem|faz|oferece|oferecem|tem|trabalham)`,
      'trabalham com', 'lista de (?:servicos|procedimentos|precos)', 'catalogo', 'cardapio', `(?:voces|a clinica) (?:fazem|faz|oferecem|oferece|realizam|realiza|trabalham)`,
      'fazem (?:esse|este) procedimento', 'servicos', 'procedimentos de voces', `tem ${ANY}?(?:tratamento|procedimento) (?:pra|para)`, `(?:atende|atendem) (?:criancas|homens?|adolescentes|menores)`,
      `(?:voces|voce) (?:indicam|indica|recomendam|recomenda|sugerem)`, `(?:qual|que) (?:tratamento|procedimento) ${ANY}{0,2}(?:indicam|indica|recomendam|recomenda|melhor|serve)`,
    ]),
  ],
];

/** Details of a service: asked whatever the punctuation. */
const SERVICE_INFO_STRONG = rx([
  'doi', 'doe', 'doi muito', `dolorid${W}`, 'sente dor', 'sentir dor', 'da dor', 'machuca', `definitiv${W}`, 'permanente', `quanto tempo ${ANY}{0,3}(?:dura|demora|leva|fica|aparece|faz efeito|pra ver|para ver|de duracao|de recuperacao|sessao|procedimento)`,
  'dura quanto', 'duram quanto', 'demora quanto', 'quanto dura', 'quanto demora', 'duracao', 'quantas sessoes', 'quantas aplicacoes', 'quantas vezes', `(?:como|de que forma) ${ANY}{0,2}(?:funciona|e feito|e feita|fazem|faz|e o procedimento|e a sessao|e a aplicacao)`,
  'o que e', 'pra que serve', 'para que serve', 'serve pra', 'serve para', 'fica roxo', 'fica inchad[ao]', 'deixa marca', 'e natural', 'fica natural', 'recuperacao',
  'efeito colateral', 'efeitos colaterais', 'resultado aparece', 'quando aparece', 'diferenca entre', 'vale a pena', 'precisa de retorno', 'tem retorno', 'tem retoque', 'retoque',
  'qual (?:a )?marca', 'que marca', 'marca (?:do|da|de)', 'qual produto', 'idade minima', 'a partir de que idade', 'precisa (?:de )?(?:preparo|jejum|exame)', 'intervalo entre',
  'quanto tempo', 'tempo de duracao', 'quantas unidades', 'quantos ml', 'quantas seringas', 'ja sai', 'posso sair', 'precisa de repouso',
]);

/** Words of a service question that need a question mark to count ("efeito", "anestesia"). */
const SERVICE_INFO_WEAK = rx([
  `efeito${W}`, `resultado${W}`, 'anestesia', 'anestesico', 'repouso', 'cuidados', 'inchaco', `inchad${W}`, 'roxo', 'hematoma', 'retorno', 'manutencao',
  `riscos?`, 'seguro', 'natural', 'indicad[ao]', 'funciona', 'sessoes', 'dura', 'demora', 'garantia', 'tecnica', 'produto', 'pos',
  'menor de idade', 'tenho \\d{1,2} anos', 'com \\d{1,2} anos', 'idade',
]);

/** Health questions to refer: a permission or safety question about one's own body. */
const MEDICAL_CUE = rx([
  'posso', 'pode', 'podia', 'poderia', 'consigo', 'da pra', 'e seguro', 'faz mal', 'tem problema', 'tem risco', `perigo${W}`, `contraindic${W}`, `contra indic${W}`,
  'recomendado', 'recomendavel', 'interfere', 'atrapalha', 'precisa parar', 'preciso parar', 'tenho que parar', 'devo parar', 'devo', 'e indicado', 'faz diferenca',
  'tem algum problema', 'prejudica', 'afeta', 'risco',
]);

const MEDICAL_WORDS = rx([
  `remedio${W}`, `medicament${W}`, `antibiotic${W}`, 'anti ?inflamatorio', 'alcool', `bebida${W}`, 'beber', 'academia', 'malhar', `exercicio${W}`, 'sol', 'praia',
  'piscina', `gravid${W}`, `amament${W}`, 'doenca', `diabet${W}`, `hipertens${W}`, 'pressao alta', 'cancer', `quimio${W}`, 'cirurgia', `alergi${W}`, 'deitar',
  'dormir de bruços', 'maquiagem', 'sauna', 'saude', 'tratamento de', 'anticoncepcional', 'vacina', 'covid', 'gripe', 'febre', 'menstruad[ao]', 'menstruacao',
  'dermatite', 'rosacea', 'melasma', 'marca-passo', 'marcapasso', 'implante', 'silicone', 'protese', 'fio de pdo', 'fios', 'idade', 'epilepsia', 'depressao',
  'antidepressivo', 'ansiedade', 'tireoide', 'hormonio', 'acne', 'espinha', 'manchas',
]);

/** "…posso fazer limpeza de pele" without a question mark is still a question. */
const PERMISSION = /\b(?:posso|pode|podemos|consigo|da pra) (?:fazer|tomar|usar|ir|beber|malhar|pegar|passar|depilar|aplicar|comer|dirigir|trabalhar|treinar)\b/;

/** Does the message ask a question? ("?", or a question word up front.) */
export function isQuestion(text: string): boolean {
  if (text.includes('?')) return true;
  if (PERMISSION.test(text)) return true;
  return /^(?:(?:oi|ola|bom dia|boa tarde|boa noite|e ai)\s*[,!.]?\s*)?(?:qual|quais|quanto|quantos|quantas|quando|onde|como|quem|que|o que|por que|porque|posso|pode(?! ser\b)|podem|voces|vcs|tem|teria|e possivel|da pra|sera|a clinica|faz|fazem|aceita|aceitam|atende|atendem|funciona|existe|precisa|preciso|devo|e verdade)\b/.test(text);
}

export interface TopicHints {
  /** The message names a catalog service. */
  hasService: boolean;
  /** The message mentions a health condition (affirmed or not). */
  mentionsCondition: boolean;
  question: boolean;
}

/** The topic of an information question, or undefined when the message asks about none. */
export function detectTopic(text: string, hints: TopicHints): InfoTopic | undefined {
  if (hints.question && MEDICAL_CUE.test(text) && (hints.mentionsCondition || MEDICAL_WORDS.test(text))) return 'medical';
  if (hints.mentionsCondition && hints.question) return 'medical';
  for (const [topic, re] of TOPIC_PATTERNS) {
    if (!re.test(text)) continue;
    if (topic === 'contact' && /\b(?:meu|minha) (?:telefone|numero|celular|email|e-mail|whatsapp|contato)\b/.test(text)) continue;
    if (topic === 'services' && hints.hasService && !hints.question) continue;
    if (topic === 'professionals' && !hints.question) continue;
    return topic;
  }
  if (SERVICE_INFO_STRONG.test(text)) return 'service_info';
  if (hints.question && SERVICE_INFO_WEAK.test(text)) return 'service_info';
  return undefined;
}
