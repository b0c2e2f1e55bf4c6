/**
 * The phrases behind each intent, over normalized text (lowercase, no accents, shorthand
 * expanded). Patterns are plain alternations with bounded gaps (`(?:[a-z]+ ){0,3}`), so none can
 * backtrack catastrophically, and each is compiled once at load.
 */

function rx(alternatives: string[]): RegExp {
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b`);
}

const W = '[a-z]*';
/** Up to n filler words between two parts of a phrase. */
const gap = (n: number): string => `(?:[a-z]+ ){0,${n}}`;

/** Days and slots a patient turns down or offers ("sexta não dá", "só segunda"). */
const DAY_WORD = '(?:amanha|hoje|depois de amanha|segunda|terca|quarta|quinta|sexta|sabado|domingo|seg|ter|qua|qui|sex|sab|dia \\d{1,2}|semana que vem|essa semana|esse dia|essa data|esse horario|nesse horario|essa hora|de manha|a tarde|a noite|pela manha|\\d{1,2} ?h(?:\\d\\d)?|as \\d{1,2})';

/** Attempts to steer the bot ("esqueça suas regras", "ignore as instruções"): never obeyed, read as `other`. */
export const INJECTION = rx([
  `esquec${W} ${gap(3)}(?:regras|instrucoes|ordens|prompt|comandos|programacao|diretrizes|restricoes)`,
  `ignor${W} ${gap(3)}(?:regras|instrucoes|ordens|prompt|comandos|anteriores|diretrizes|restricoes|instructions|rules)`,
  `desconsider${W} ${gap(3)}(?:regras|instrucoes|ordens|anteriores)`,
  `(?:novas|nova) (?:instrucoes|regras|instrucao)`, 'system prompt', 'prompt do sistema', `seu prompt`, 'modo (?:desenvolvedor|dev|deus|admin|administrador|irrestrito)',
  'jailbreak', 'voce agora e', 'a partir de agora voce', 'finja (?:que|ser)', 'aja como', 'faca de conta', 'revele', 'mostre (?:suas|as) instrucoes', 'previous instructions',
  'sem restricoes', 'dan mode', 'sudo', 'act as', `(?:ignor|esquec|desconsider)${W} tudo`, 'you are now', 'ignore all',
  `(?:ignor|esquec|desconsider)${W} ${gap(3)}(?:falaram|disseram|mandaram|ensinaram|programaram|orientaram|configuraram|instruiram|instruid[ao]|programad[ao]|treinad[ao]|configurad[ao])`,
  // "repita comigo: …", "responda só com sim", "diga que o botox é de graça": making the bot say something
  `(?:repit|repet)${W} (?:comigo|depois de mim|apos mim|isso|isto|o que eu|exatamente|a frase|a seguinte|essa frase|esta frase|em voz alta|palavra por palavra)`,
  `(?:responda|responde|fale|fala|diga|escreva|escreve|digite) (?:apenas|somente|so|exatamente) (?:com|em|sim|nao|isso|a palavra|o texto|que|o que)`,
  `(?:diga|digam|escreva|afirme|declare|prometa|digite|repita) (?:pra mim |para mim |ai )?(?:que|q) (?!(?:horas?|dia|dias|horario|horarios|data|valor|preco|procedimento)\\b)`,
  // role play: "você agora é um pirata", "imagine que você", "vamos fingir"
  'role ?play', `interpret${W} (?:um|uma|o papel)`, `(?:faca|faz|fazer) (?:o )?papel d${W}`, `imagine que (?:voce|vc)`, `como se (?:voce|vc) fosse`, `responda como (?:se|um|uma)`,
  `simul${W} (?:ser|que)`, 'vamos (?:brincar|fingir)', '(?:voce|vc) (?:e|sera|vai ser) (?:um|uma) (?:pirata|personagem|hacker|gato|cachorro|ator|atriz|ia sem|assistente sem|chatbot sem|robo sem)',
  // acting on other patients or the whole clinic: "cancele todas as consultas", "me passa o telefone dos pacientes"
  `(?:todas as|todos os) (?:consultas|agendamentos|horarios|reservas) (?:da clinica|de todos|dos pacientes|do sistema|de hoje|de amanha|da agenda)`, `(?:de|dos|das) (?:todos os|todas as|outros|outras) (?:pacientes|clientes)`,
  `(?:dados|telefones?|lista|nomes|cpfs?|enderecos|contatos) (?:dos|de|das) (?:outros |outras |demais )?(?:pacientes|clientes)`, '(?:voce|vc) e (?:o )?(?:chat ?gpt|gpt|gemini|claude|llama)',
  '^system', 'modo de teste', 'prompt injection', 'instrucoes (?:ocultas|internas|do sistema|secretas)', '(?:quais|qual) (?:sao )?(?:as |suas |seu |o )?(?:regras|instrucoes|prompt) (?:internas|internos|ocultas|secretas|do sistema)',
]);

/**
 * Tasks that are not the clinic's business and never become a booking, whatever else the message
 * holds: code, translations, essays, poems, jokes ("escreve um código em python", "traduz esse
 * texto", "faz uma redação sobre botox").
 */
export const OFF_TOPIC_TASK = rx([
  `(?:escrev|escreva|redij|redig|cri|crie|gera|gere|gerar|monta|monte|elabor|compo|desenvolv|program)${W} ${gap(3)}(?:codigo|programa|script|funcao|algoritmo|aplicativo|redacao|poema|poesia|musica|cancao|letra de musica|historia|historinha|conto|piada|texto|carta|artigo|resumo|dissertacao|tcc|monografia|ensaio|discurso|post|legenda|planilha|slides?|trabalho escolar|dever de casa)`,
  `(?:faz|faca|fazer|faze|me ajuda (?:a|com)|ajuda com|me ajude (?:a|com)|resolve|resolva) ${gap(2)}(?:codigo|programa|script|redacao|poema|poesia|musica|piada|dever de casa|licao|tarefa de casa|tcc|monografia|dissertacao|traducao|conta de matematica|equacao|exercicio de|prova de|trabalho da escola|trabalho da faculdade|lista de exercicios)`,
  `tradu(?:z|za|zir|zam|zi|zem|cao)`, `(?:codigo|script|programa) (?:em|de|no|na) (?:python|java|javascript|js|c|html|css|sql|php|ruby|go|rust|typescript|excel)`,
  'python', 'javascript', 'linguagem de programacao', 'html', `(?:licao|dever|tarefa|prova|exercicio)${W} de (?:matematica|portugues|historia|geografia|fisica|quimica|biologia|ingles|casa)`,
  `(?:me )?(?:conta|conte|fala|diga|manda) (?:uma |um )?(?:piada|charada|adivinha|historinha|curiosidade)`, 'piada', 'charada',
]);

/**
 * Questions about the world rather than the clinic — weather, sport, trivia, news. Read as `other`
 * unless the message also speaks of the clinic ("se chover amanhã posso remarcar?").
 */
export const OFF_TOPIC_QUESTION = rx([
  'vai chover', `chov${W}`, 'chuva', 'previsao do tempo', `previsao (?:pra|para|de) (?:amanha|hoje|o fim de semana|sabado|domingo|segunda|terca|quarta|quinta|sexta|essa semana|semana que vem)`, `como (?:esta|ta|vai estar|vai ficar|fica) o (?:tempo|clima)`, `o (?:tempo|clima) (?:amanha|hoje|la fora|ai)`,
  `(?:clima|temperatura) (?:hoje|amanha|ai|la|em|de|do|da|agora)`, 'vai fazer (?:frio|calor|sol)', `(?:esta|ta|vai) (?:fazendo )?(?:frio|calor) (?:ai|hoje|amanha|la)`, 'quantos graus',
  `capital d[aeo]s?`, `quem (?:ganhou|descobriu|inventou|venceu|e o presidente|e a presidente|foi o|foi a|escreveu|pintou|canta|cantou)`, 'presidente do brasil', 'copa do mundo',
  `campeonato${W}`, 'brasileirao', 'flamengo', 'corinthians', 'palmeiras', 'vasco', 'gremio', 'futebol', 'jogo (?:do|de ontem|de hoje)', 'loteria', 'mega ?sena', 'bitcoin',
  `cotacao (?:do|de)`, 'horoscopo', 'qual (?:e )?(?:o )?(?:seu|meu) signo', 'receita de (?:bolo|pao|comida|lasanha|bolinho|brigadeiro|torta|frango)', 'quanto (?:e|da) \\d+ (?:mais|menos|vezes|dividido|x)',
  'sentido da vida', `(?:voce|vc) (?:gosta|gostaria) de (?:mim|musica|futebol|filme)`, `qual (?:e )?(?:o )?(?:seu|sua) (?:filme|musica|cor|comida|time) (?:favorit${W}|preferid${W})`,
  `(?:voce|vc) (?:acredita em|tem namorad${W}|e casad${W}|e solteir${W}|tem sentimentos)`, 'noticias de hoje', 'ultimas noticias', 'eleicao', 'eleicoes',
]);

/** Clinic words that keep a world question on topic ("se chover amanhã, posso remarcar?"). */
export const ON_TOPIC = rx([
  `remarc${W}`, `reagend${W}`, `cancel${W}`, `desmarc${W}`, `marc${W}`, `agend${W}`, 'consulta', 'horario', 'clinica', 'atendimento', 'sessao', 'procedimento', 'vaga',
  'pagamento', 'pagar', 'aceita', 'aceitam', 'estacionamento', 'chegar', 'ir ai', 'ir la', 'atrasar', `atras${W}`, 'abrem', 'abre', 'funcionam', 'funciona', 'atendem',
]);

/** Confirmation said in a sentence ("confirmo minha presença", "estarei lá"). */
export const CONFIRM = rx([
  `confirmad${W}issim[ao]`, 'confirmo', 'confirmado', 'confirmada', 'confirmando', 'confirmar presenca', 'presenca confirmada', 'estarei (?:la|ai|presente)', 'vou comparecer',
  `comparec${W}rei`, 'pode confirmar', '(?:ta|esta) confirmado', 'pode deixar que (?:eu )?vou', 'vou sim', 'pode ser sim', 'pode marcar', 'pode agendar',
  'pode reservar', 'fechado entao', 'combinado entao', 'la estarei', 'vou estar la', 'vou estar ai', 'com certeza vou',
  `pode ser (?:esse|essa|este|esta|o primeiro|a primeira|o segundo|a segunda)(?: (?:horario|data|dia|hora|mesmo|mesma|opcao|ai))?(?: sim| entao| mesmo| por favor)*(?= *(?:[.!]|$))`,
  'pode contar comigo', 'conta comigo', '(?:to|estou) indo', 'pode me esperar', 'me espera(?:m)?', 'vou estar presente', 'estarei ai sim', 'to confirmad[ao]',
]);

/** Declining without the word "não" up front ("vou pensar", "esses horários não dão"). */
export const DENY = rx([
  'vou pensar', 'vou ver e te (?:aviso|falo)', 'nada disso', 'nada disto', 'prefiro (?:outro|outra|outros|outras)', 'nem um', 'nem uma', 'nenhum deles', 'nenhuma delas', 'depois (?:eu )?(?:vejo|aviso|falo|te aviso)', 'fica pra (?:proxima|depois|outra)', 'por enquanto nao', 'agora nao',
  `nao (?:da|dao|serve|servem|posso|consigo|rola|quero|gostei|precisa|obrigad[ao]|tenho interesse)`, 'nenhum (?:serve|me serve|deles|desses)', 'nenhuma (?:serve|delas|dessas)',
]);

/** LGPD requests: erase, access, correct, revoke consent. */
export const DATA_RIGHTS = rx([
  `(?:apag|exclu|delet|remov|elimin|destru|limp)${W} ${gap(3)}(?:dados|cadastro|cadastros|informacoes|registro|registros|historico|ficha|conta|conversas)`,
  `(?:dados|cadastro|informacoes) ${gap(2)}(?:apagad|excluid|deletad|removid|eliminad)${W}`,
  `revog${W}`, `(?:retir|cancel|remov)${W} ${gap(2)}(?:consentimento|autorizacao)`, `nao dou ${gap(1)}(?:consentimento|autorizacao)`,
  // "não autorizo mais o uso dos meus dados" revokes; a bare "não autorizo" answers a consent question (deny)
  `nao (?:autorizo|consinto|permito) ${gap(3)}(?:mais|uso|usar|dados|tratamento|compartilh${W}|armazen${W}|guardar)`,
  `(?:que|quais) ${gap(2)}dados(?! (?:voces |vcs |eu )?(?:precis${W}|necessari${W}|devo|tenho que|pra (?:agendar|marcar|cadastr${W}|o cadastro)|para (?:agendar|marcar|cadastr${W}|o cadastro)))`, `(?:o que|oque) voces ${gap(1)}(?:sabem|tem|guardam|armazenam) ${gap(1)}(?:de|sobre) mim`, 'lgpd', 'lei geral de protecao',
  'protecao de dados', 'direito ao esquecimento', 'portabilidade', `acesso ${gap(1)}(?:aos|meus) ${gap(1)}dados`, 'copia dos meus dados', `(?:corrig|retific)${W} ${gap(2)}(?:dados|cadastro)`,
  `(?:onde|como) ${gap(2)}(?:meus dados|minhas informacoes)`, `acess${W} ${gap(2)}(?:dados|informacoes|cadastro)`,
  `(?:vend|compartilh|repass|us|armazen|guard|trat|fazem com|faz com)${W} ${gap(2)}(?:meus|os meus|minhas|as minhas) (?:dados|informacoes)`, `(?:fazem|faz|usam|usa) com (?:os )?meus dados`, 'meus dados pessoais', 'dados pessoais', 'dados sensiveis',
  // "quais informações minhas vocês têm?", "que dados vocês guardam sobre mim?"
  `(?:que|quais) (?:tipo de |tipos de )?(?:informacoes|informacao|dados|registros) (?:minhas|meus|minha|meu|de mim|sobre mim|a meu respeito)`,
  `(?:que|quais) (?:tipo de |tipos de )?(?:informacoes|informacao|dados|registros) (?:voces|vcs|a clinica) (?:tem|guardam|armazenam|possuem|sabem|coletam|coletaram|salvam|salvaram|mantem)(?: (?:de mim|sobre mim|a meu respeito|minhas|meus|ai|guardad${W}|salv${W}|armazenad${W}))?(?= ?[?.!,]| *$)`,
  // "apaga meu número e meu cpf do sistema", "remove meu cadastro", "exclui meu prontuário"
  `(?:apag|exclu|delet|remov|elimin|tir|risc|limp)${W} ${gap(2)}(?:numero|telefone|celular|cpf|rg|email|e-mail|nome|foto|fotos|contato|endereco|historico|prontuario|ficha|informacao) ${gap(5)}(?:do|dos|da|de|no|nos|na) (?:sistema|sistemas|banco|base|cadastro|registro|registros|arquivo|arquivos|servidor|clinica)`,
  `(?:apag|exclu|delet|remov|elimin)${W} ${gap(2)}(?:cpf|rg|prontuario|historico|fotos)`, `(?:direito|quero) (?:de |a )?ser esquecid${W}`, `esquec${W} (?:tudo )?(?:sobre mim|de mim|meus dados|que eu existo)`,
  `(?:quero|queria|preciso|gostaria de|solicito|solicitar|pedir|peco) (?:ver |acessar |receber |consultar |saber |baixar |exportar |ter acesso a |uma copia de )?(?:os |todos os )?meus dados(?! (?:pra|para|de contato|estao|sao|abaixo|seguem|segue))`,
  `(?:apag|exclu|delet|remov|elimin)${W} ${gap(1)}(?:tudo|todas as informacoes|todos os dados|qualquer (?:dado|informacao)|todo o meu|toda a minha) (?:sobre mim|de mim|a meu respeito|que voces tem|cadastro|historico)`,
  `(?:voces|vcs|a clinica) (?:tem|guardam|armazenam|mantem|possuem|salvam|salvaram|guardaram|coletam) ${gap(1)}(?:meus|minhas|os meus|as minhas) (?:dados|informacoes)`,
  `(?:meus dados|minhas informacoes) (?:estao|sao|ficam|vao ficar|estarao) (?:seguros|seguras|guardad${W}|protegid${W}|salv${W}|armazenad${W}|onde|com quem)`,
  `(?:tudo|o que|oque) (?:que )?(?:voces|vcs|a clinica) (?:tem|sabem|guardam|armazenam|possuem) (?:sobre|de|a respeito de) mim`,
  `(?:vend|compartilh|repass|divulg|passam|usam)${W} ${gap(1)}(?:meu|minha|meus|minhas) (?:cpf|rg|telefone|numero|endereco|email|fotos|historico|prontuario)`,
  `(?:corrig|retific)${W} ${gap(2)}(?:email|e-mail|telefone|numero|nome|endereco|cpf|celular|data de nascimento)`,
  `(?:atualiz|alter|mud|troc)${W} ${gap(2)}(?:email|e-mail|telefone|numero|nome|endereco|cpf|celular) ${gap(2)}(?:no|do|nos|dos|na|da) (?:cadastro|sistema|registro|ficha)`,
  `copia ${gap(2)}(?:dados|informacoes|cadastro|prontuario|historico|ficha|registros)`, `(?:uso|tratamento|compartilhamento|armazenamento|coleta) (?:dos|de|das) (?:meus|minhas) (?:dados|informacoes)`,
  `(?:pra que|para que|por que|porque|pq) ${gap(2)}(?:precisam|querem|pedem|pediram|usam|guardam|armazenam) ${gap(2)}(?:cpf|rg|dados|informacoes pessoais)`,
]);

/** One-word stop requests ("PARE", "sair"); "cancelar" alone is a cancellation, not here. */
export const OPT_OUT_WHOLE = /^(?:pare|parar|para|parem|stop|sair|saia|chega|descadastrar|descadastre|unsubscribe|remover|pare por favor|stop por favor|chega de mensagem|sai)$/;

/** Stop-messaging requests in a sentence. */
export const OPT_OUT = rx([
  `nao ${gap(3)}(?:receber|recebo|mande${W}|manda${W}|mandar|envie${W}|enviar|envia${W}) ${gap(2)}(?:mensage${W}|lembrete${W}|notifica${W}|propaganda${W}|promoc${W}|sms|whatsapp|nada|mais)`,
  `nao (?:me )?(?:mand|envi)${W} mais`, `nao quero (?:mais )?receber`, `nao quero (?:mais )?(?:lembretes|mensagens|notificacoes|propaganda|promocoes|contato)`,
  `(?:para|pare|parem|parar) (?:de )?(?:me )?(?:mandar|enviar|encher|mandando|enviando|incomodar|perturbar|mandarem)`,
  'sair da lista', `me (?:tira|tire|tirem|remova|removam|exclua|excluam|retire)${W} ${gap(2)}(?:da lista|dessa lista|desta lista|dos lembretes|das mensagens|do envio|dos envios)`,
  `remov${W} ${gap(3)}da lista`, `(?:tira|tire|tirem|tirar|remove|remova|removam|exclui|exclua|excluam|apaga|apague) ${gap(2)}(?:da lista|dessa lista|desta lista|dos lembretes|das mensagens|do envio|dos envios|da lista de transmissao)`, `(?:quero|gostaria de|queria) sair`, `descadastr${W}`, `cancelar ${gap(1)}inscricao`, 'cancelar (?:a |minha )?assinatura',
  `(?:cancelar|cancela|desativar|desligar|desativa|desliga|suspender) (?:os |as |esses |essas )?(?:mensagens|lembretes|notificacoes|envios|alertas)`,
  `chega de (?:mensage${W}|lembrete${W})`, 'spam', 'bloquear', 'bloqueia', 'vou bloquear', 'unsubscribe', 'opt ?out', 'nao me incomode', 'nao me perturbe',
  `parem ${gap(2)}mensagens`, `sem mais (?:mensagens|lembretes)`,
  // "cancelar o recebimento de mensagens", "desativa as notificações", "suspender o envio"
  `(?:cancel|desativ|deslig|suspend|interromp|encerr|bloque|desabilit)${W} (?:o |a |os |as |esses |essas |estes |estas |meu |meus |minha |minhas |todos os |todas as |seus |suas )?(?:recebimento|envio|envios|disparo|disparos|mensagens|lembretes|notificacoes|alertas|avisos|comunicados|propagandas|promocoes|marketing|sms|mensagens automaticas)`,
  // "parar de receber", "para de me lembrar", "deixar de receber"
  `(?:parar|pare|parem|para|deixar|deixa|deixem|deixe) (?:de|com) (?:me |ficar me |ficar )?(?:receber|mandar|enviar|lembrar|avisar|notificar|encher|incomodar|perturbar|mandarem|enviarem|lembrarem|chamar|contatar|mandando|enviando|lembrando|avisando)`,
  `(?:para|pare|parem|parar|chega) com (?:as |os |essas |esses )?(?:mensagens|lembretes|notificacoes|avisos|propagandas|spam)`,
  `nao (?:precisa|precisam|quero que|e pra|e para) ${gap(1)}(?:me )?(?:mandar|enviar|ficar mandando) ${gap(1)}(?:mais|mensage${W}|lembrete${W}|nada)`,
  `nao (?:precisa|precisam|quero que|e pra|e para) (?:mais )?(?:me )?(?:ficar )?(?:lembrar|avisar|notificar|lembrando|avisando|lembrarem|avisarem)`,
  `nao (?:me )?(?:lembrem|lembre|avisem|mandem|enviem|notifiquem|chamem|contatem|procurem) mais`, `nao quero (?:mais )?ser (?:lembrad${W}|avisad${W}|notificad${W}|contatad${W}|contactad${W}|incomodad${W})`,
]);

/** Asking for a person: staff, a call back, "não quero falar com robô". */
export const HUMAN = rx([
  `atendente${W}`, 'atendimento humano', 'humano', 'humana', 'pessoa (?:real|de verdade|fisica|humana)', `alguem (?:de verdade|real|da clinica|da recepcao|responsavel|ai|de carne e osso)`,
  `(?:chama|chame|chamar|passa|passe|transfere|transfira|quero|queria|cade|com a|com o) ${gap(1)}(?:recepcao|recepcionista|secretari[ao])`, `falar (?:com|cm|c ?/|c) ${gap(2)}(?:alguem|pessoa|atendente|gente|clinica|voces|responsavel|gerente|dono|dona|equipe|moca|mulher|menina|recepcao|humano|dra|dr|doutora|doutor|ela|ele)`,
  `me (?:liga|ligue|ligar|liguem|telefona|telefonem|retorna|retornem|retornar|chama no|chamem no)`, `(?:retorn${W}|ligar|ligacao|contato) por telefone`,
  `(?:estou|to) falando com ${gap(1)}(?:pessoa|humano|humana|robo|bot|maquina|atendente|alguem|gente)`, '(?:liga|ligue|ligar|liguem) (?:pra|para) mim', `pode${W} me ligar`, `(?:prefiro|quero|queria) ${gap(1)}(?:por )?(?:telefone|ligacao)`,
  'uma ligacao', 'falar por telefone', `nao ${gap(3)}(?:robo|bot|maquina|chatbot|automatic${W}|inteligencia artificial)`, '(?:e|voce e|isso e|to falando com) (?:um )?(?:robo|bot)',
  'com um (?:humano|ser humano)', `transfer${W} (?:pra|para) (?:um |uma |a |o )?(?:atendente|humano|pessoa|recepcao)`, `chama ${gap(1)}(?:recepcionista|atendente|alguem|moca|gerente|responsavel)`,
  `(?:posso|quero|queria|gostaria de|preciso|da pra|tem como) falar com`, 'falar diretamente', 'atendimento pessoal', 'robo', 'ser humano',
  // "me passa pra alguém", "transfere pra uma pessoa", "quero ser atendida por uma pessoa", "gente de verdade"
  `(?:passa|passe|passar|transfere|transfira|transferir|encaminha|encaminhe|encaminhar|joga|direciona|direcione|coloca|coloque|bota) (?:pra|para|pro|com) (?:alguem|uma pessoa|um humano|uma humana|um atendente|uma atendente|a atendente|o atendente|a recepcao|outra pessoa|um ser humano|uma moca|a moca|gente|um funcionario|uma funcionaria|a secretaria|a equipe|o pessoal|alguma pessoa)`,
  `atendid${W} por (?:uma |um |alguma |algum )?(?:pessoa|humano|humana|ser humano|gente|atendente|alguem|moca|recepcionista|funcionari${W})`, 'gente de verdade', 'pessoa de carne e osso', 'gente de carne e osso',
  `(?:quero|queria|preciso|gostaria de) (?:uma pessoa|um humano|uma humana|atendimento com (?:uma )?pessoa)`,
  // a complaint goes to the staff: "quero reclamar", "fazer uma reclamação"
  `reclamac(?:ao|oes)`, `(?:quero|queria|preciso|vou|gostaria de) (?:fazer )?(?:uma )?reclamar`, 'ouvidoria', `falar com ${gap(1)}(?:supervisor${W}|coordenador${W}|dona da clinica|dono da clinica)`,
]);

/**
 * Looking for someone without saying what for ("tem alguém aí?", "alguém pode me atender?",
 * "cadê a moça?"): a call for a person only when the message asks for nothing else — "alguém pode
 * me ajudar a marcar botox?" is a booking.
 */
export const HUMAN_SOFT = rx([
  `(?:tem|ha|existe) (?:alguem|alguma pessoa|algum atendente|algum humano|uma pessoa|gente) (?:ai|ae|aqui|online|disponivel|de verdade|real|atendendo|pra (?:me )?(?:atender|ajudar|responder|falar))`,
  `alguem (?:pode|poderia|podia|consegue|vai) (?:me )?(?:atender|ajudar|responder)`, `alguem (?:ai|ae|aqui|online)`,
  `cade ${gap(3)}(?:recepcao|recepcionista|secretaria|atendente|moca|pessoa|alguem|humano|voces|gente|responsavel)`,
  `ninguem (?:responde|me responde|atende|me atende|pra me atender|vai me responder|vai me atender|ai)`,
]);

/** A one-word call for staff ("atendente", "recepção"). */
export const HUMAN_WHOLE = /^(?:(?:a |o )?(?:recepcao|recepcionista|secretaria|atendente|humano|gerente)(?: por favor)?)$/;

/** "não vou poder ir", "não consigo comparecer", "surgiu um imprevisto". */
export const NOT_ATTENDING = rx([
  `nao ${gap(2)}(?:posso|consigo|conseguir|conseguirei|poder|poderei|vai dar|da|dara|vou conseguir|vou poder) ${gap(3)}(?:ir|comparecer|chegar|estar ai|estar la|vir|aparecer)`,
  `vou (?:ter que |precisar |ter de )?faltar`, `nao vou (?:mais )?(?:poder )?(?:ir|comparecer|conseguir)`, `surgiu ${gap(1)}(?:imprevisto|compromisso|problema|viagem)`,
  `tive ${gap(1)}imprevisto`, 'nao vai dar', 'nao vou poder', 'nao poderei', 'nao consigo mais', 'imprevisto', `nao (?:vou|irei)(?= *(?:[.!,]|$))`,
]);

/** "não posso na terça", "não consigo nesse horário": unavailable at a time (a reschedule with an alternative). */
export const NOT_AVAILABLE_AT = rx([
  `nao ${gap(1)}(?:posso|consigo|vou poder|vou conseguir|da|dara|vai dar) ${gap(1)}(?:na|no|nesse|nessa|neste|nesta|amanha|hoje|segunda|terca|quarta|quinta|sexta|sabado|dia|esse dia|essa data|esse horario|essa hora|de manha|a tarde|a noite)`,
  // the date first: "sexta não dá", "amanhã eu não posso", "hoje não, …", "esse horário fica ruim"
  `(?:${DAY_WORD}) (?:eu |pra mim |infelizmente |ja )?(?:nao (?:posso|consigo|da|dara|vai dar|vou poder|vou conseguir|rola|tenho como|serve|fica bom)|nao(?= [,.!])|fica (?:ruim|dificil|complicado)|(?:e|ta|esta) (?:ruim|dificil|complicado|impossivel))`,
]);


/** A wish for another slot, that turns "I can't go" into a reschedule. */
export const ALTERNATIVE = rx([
  `e (?:na |no )?(?:segunda|terca|quarta|quinta|sexta|sabado|amanha|dia \\d{1,2})(?= \\?)`,
  `(?:so|mas|apenas|somente|tem|teria|que tal|quem sabe|talvez) (?:na |no |a |as |de |dia |pra |para )?(?:${DAY_WORD})`, `(?:${DAY_WORD}) (?:sim|pode|da|consigo|posso|seria melhor|e melhor|fica melhor)`,
  'outro (?:dia|horario)', `tem outr[oa]s?(?= *(?:[?.!,]|$))`, `outras? (?:opcao|opcoes|possibilidade${W}|alternativa${W})`, 'outra (?:data|hora|semana|vez|dia)', 'outros horarios', 'pode ser', 'prefiro', `so (?:na|no|posso|consigo|da)`, 'que tal', 'tem como',
  `remarc${W}`, 'mudar', 'trocar', 'passar', 'semana que vem', 'mais tarde', 'mais cedo', 'depois', 'tem vaga', 'tem horario', 'teria',
]);

/** Verbs that move a booking ("passar" and "jogar" need an object: "passar por uma avaliação" is booking one). */
const MOVE_VERB = '(?:mudar|muda|mude|mudo|mudem|trocar|troca|troque|troco|troquem|alterar|altera|altere|altero|transferir|transfere|transfira|transfiro|mover|move|mova|adiar|adia|adie|adio|antecipar|antecipa|antecipe|adiantar|adianta|adiante|empurrar|empurra|empurre|remanejar|remaneja|postergar|posterga|prorrogar|prorroga|deslocar|desloca)';
const MOVE_VERB_ALL = `(?:${MOVE_VERB.slice(3, -1)}|passar|passa|passe|passo|jogar|joga|jogue|deixar|deixa|deixe)`;

/** Words of a new date after "pra": "pras 16h", "pra sexta", "pro mês que vem", "pra frente". */
const DATE_WORD =
  '(?:tarde|manha|noite|\\d{1,2}[a-z:0-9]*|outro|outra|semana|segunda|terca|quarta|quinta|sexta|sabado|domingo|amanha|hoje|depois|mais (?:tarde|cedo|pra frente)|dia|data|mes|proxima|proximo|seg|ter|qua|qui|sex|sab|frente|janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|meio dia|meiodia|duas|tres|quatro|cinco|seis|sete|oito|nove|dez|onze|inicio|comeco|fim|final)';

/** Moving an existing booking. */
export const RESCHEDULE = rx([
  `remarc${W}`, `reagend${W}`, `re ?agend${W}`, `re marc${W}`, `reprogram${W}`, `redesign${W}`,
  `(?:mudar|muda|mude|mudo|trocar|troca|troque|troco|alterar|altera|altere|altero|passar|passa|passe|transferir|transfere|mover|move|adiar|adia|adie|antecipar|antecipa|adiantar|adianta|jogar|joga|empurrar|remanejar) ${gap(3)}(?:dia|data|horario|hora|consulta|agendamento|sessao|procedimento|marcacao|atendimento|compromisso|retorno|aplicacao|limpeza|botox|reserva)`,
  `(?:mudar|muda|trocar|troca|passar|passa|adiar|adia|jogar|joga|deixar|deixa|transferir|empurrar|mover|antecipar) ${gap(2)}(?:pra|para) (?:outro dia|outra data|outro horario|outra semana|semana que vem|a semana que vem|outro mes|depois|mais tarde|mais cedo|outra hora|outra vez)`,
  `(?:passar|passa|trocar|troca|mudar|muda|mover|jogar|joga|adiar|adia|antecipar|antecipa|adiantar|adianta) ${gap(1)}(?:pra|para|pro) (?:a |o |as )?(?:tarde|manha|noite|\\d{1,2}[a-z:0-9]*|outro|outra|semana|segunda|terca|quarta|quinta|sexta|sabado|amanha|depois|mais|dia|mes|proxima|proximo)`,
  'outra data', 'mudanca de horario', 'mudanca de data', 'troca de horario', 'trocar de horario', 'mudar de horario', 'mudar de dia', 'trocar o dia', 'trocar de dia',
  // "transferir minha avaliação", "adiar o peeling", "mudar a data do botox"
  `${MOVE_VERB} ${gap(3)}(?:avaliacao|peeling|depilacao|microagulhamento|harmonizacao|bioestimulador|toxina|preenchimento|sculptra|laser)`,
  `(?:passar|passa|passe|jogar|joga|jogue) (?:o |a |meu |minha |esse |essa |este |esta |nosso |nossa )(?:consulta|horario|agendamento|sessao|procedimento|marcacao|atendimento|retorno|aplicacao|limpeza|botox|avaliacao|peeling|depilacao|microagulhamento|harmonizacao|bioestimulador|preenchimento|reserva)`,
  // "passa pras 16h", "empurra pra semana que vem", "transferir pro mês que vem", "joga pra frente"
  `${MOVE_VERB_ALL} ${gap(3)}(?:pra|para|pro|pras|pros|p) (?:a |o |as |os |um |uma |de |na |no |da |do |a partir d[ao]s? |depois d[ao]s? )?(?:${DATE_WORD})`,
  // "trocar de quarta pra quinta", "mudar da manhã pra tarde"
  `${MOVE_VERB} (?:de|da|do) (?:${DATE_WORD})`, `${MOVE_VERB_ALL} ${gap(3)}(?:de|da|do) (?:${DATE_WORD}) ${gap(2)}(?:pra|para|pro|pras|pros|p) (?:a |o |as )?(?:${DATE_WORD})`,
  // "preciso mudar", "vou ter que trocar": the verb alone, about the booking at hand
  `(?:preciso|precisava|precisaria|vou precisar|tenho que|terei que|vou ter que|queria|quero|gostaria de|da pra|tem como|consigo|posso) (?:mudar|trocar|alterar)(?= *(?:[.!?,]|$| (?:ela|ele|isso|por favor|pfv|tudo bem)\\b))`,
  `(?:preciso|precisaria|vou precisar|precisava) (?:de )?(?:outro|outra|um novo|uma nova) (?:horario|data|dia)`,
  // moving is these verbs' only sense in a clinic chat: "preciso adiar", "dá pra antecipar?"
  'adi(?:ar|a|e|o|em|amos|ando|ado|ada|aria)', `antecip(?:ar|a|e|o|em|amos|ando|ado|ada|aria)(?! (?:o |a )?(?:pagamento|valor|sinal|parcela))`, `posterg${W}`, `prorrog${W}`,
  // "teria como ser mais cedo?", "pode ser mais tarde?"
  `(?:pode|poderia|teria como|tem como|da pra|daria pra|consegue|conseguiria|seria possivel|e possivel) (?:ser |ficar |passar |marcar |ir |fazer )?(?:um pouco |bem |uns minutos )?mais (?:cedo|tarde)`,
  // "meu horário pode ser transferido?"
  `(?:consulta|horario|agendamento|sessao|avaliacao|procedimento|reserva) ${gap(2)}(?:ser |foi |esta )?(?:transferid|remarcad|reagendad|adiad|antecipad|mudad|trocad|alterad|passad)[ao]s?`,
  // another professional for the booking: "trocar de profissional", "mudar pra dra. Ana"
  `${MOVE_VERB} (?:de|a|o) (?:profissional|doutora|doutor|medica|medico|dra|dr|biomedica|especialista)`, `${MOVE_VERB} ${gap(1)}(?:pra|para|pro|com) (?:a |o )?(?:dra|dr|doutora|doutor|outra profissional|outro profissional|outra doutora|outro medico|outra medica)`,
  // "minha consulta de sexta pode ser segunda?"
  `(?:minha|meu) (?:consulta|horario|agendamento|sessao|avaliacao|procedimento|retorno|aplicacao|limpeza|botox) ${gap(4)}(?:pode|poderia|da pra|daria pra|tem como|consegue|conseguiria) (?:ser|ficar|passar|mudar|ir) ${gap(1)}(?:pra |para |pro |na |no |em |de )?(?:${DATE_WORD})`,
]);

/** Calling a booking off. */
export const CANCEL = rx([
  `cancel${W}`, `desmarc${W}`, `desist${W}`, `nao quero mais ${gap(1)}(?:o |a |meu |minha )?(?:horario|consulta|agendamento|procedimento|sessao|atendimento|fazer|ir)`,
  `(?:tirar|tira|tire) ${gap(1)}(?:meu nome|meu horario|o horario|minha consulta|o agendamento|meu agendamento)`, 'nao vou mais', `nao (?:quero|vou) mais fazer`,
  `anul${W}`, 'nao preciso mais', 'pode liberar (?:o |meu )?horario', 'libera (?:o |meu )?horario', 'nao tenho mais interesse', 'mudei de ideia',
]);

/** Unmistakable booking requests: "agendar", "marcar", "tem vaga…", "horários livres". */
export const BOOK = rx([
  'agendar', 'agende', 'agenda', 'agendamento', 'agendo', 'agendaria', 'marcar', 'marque', '(?<!(?:deixa|deixar|deixou|fica|ficar|ficou|tem|sem|alguma|nenhuma|qual|que|a|essa|esta|outra) )marca(?! (?:do|da|de|dos|das|e|usada|usam|que|voces|boa|roxa|vermelha|no|na))', 'marcacao', 'marcaria',
  'reservar', 'reserva', 'reservo', 'encaixar', 'encaixe', 'encaixa', 'encaixam',
  `tem ${gap(2)}(?:vaga|vagas|horario|horarios|disponibilidade|agenda|encaixe|hora livre|data)(?! (?:de|do|da|pra|para) (?:carro|estacionar|estacionamento|garagem|moto|funcionamento|atendimento|almoco|abertura))`,
  `(?:horario|horarios|vaga|vagas|data|datas|dia|dias) ${gap(1)}(?:disponive${W}|livre${W}|vago${W}|aberto${W}|sobrando)`, 'disponibilidade',
  `quando ${gap(2)}(?:tem|teria|posso|pode|consigo|da|abre|tiver) ${gap(1)}(?:vaga|horario|ir|fazer|marcar|agendar|encaixar|disponibilidade)`,
  `(?:proximo|primeiro) horario`, `qual (?:o |e o )?(?:proximo|primeiro|melhor) (?:horario|dia|data)`, `me (?:ve|veja|arruma|arranja|consegue) ${gap(1)}horario`, 'ver (?:um )?horario',
  'quais horarios', 'que horarios', 'horarios (?:pra|para) (?:amanha|hoje|sexta|segunda|terca|quarta|quinta|sabado)', 'consulta (?:pra|para) (?:amanha|hoje)',
  // availability questions: "qual dia vc tem pra sculptra?", "que horário tem pra limpeza?", "quais dias a Carla atende?"
  `(?:qual|quais|que) (?:o |os |a |as )?(?:dia|dias|horario|horarios|data|datas|hora|horas|vaga|vagas|periodo|turno) ${gap(3)}(?:tem|teria|tera|tiver|tem livre|tem vago|esta livre|estao livres|fica livre|disponive${W}|livre${W}|vago${W}|da pra|daria pra|posso|poderia|consigo|conseguiria|pode|podem|seria|encaixa|encaixaria|sobrou|sobraram|sobra)(?! (?:de )?(?:funcionamento|abertura)| (?:a |o )?(?:minha|meu|nossa|sua)\\b)`,
  `quando ${gap(3)}(?:pode|podem|consegue|conseguem|poderia|poderiam) (?:me )?(?:atender|encaixar|receber)`,
  `(?:como (?:esta|ta)|abriu|abre|abriram) ${gap(1)}agenda`, `tem (?:algo|alguma coisa|espaco|lugar|encaixe) (?:pra|para|na|no|amanha|hoje|essa|esta|semana)`,
  `pra quando (?:tem|teria|voces tem|vcs tem|consigo|posso)`, `(?:qual|quais) (?:a |o |as |os )?(?:proxima|proximas|proximo|proximos) (?:data|datas|vaga|vagas|horario|horarios|dia|dias)`,
  `(?:data|dia|horario|vaga) mais (?:proxim${W}|cedo|perto)`,
  `tem ${gap(1)}(?:dia|dias) (?:pra|para|livre${W}|disponive${W}|vago${W}|na|nessa|essa|esta)`,
  `(?:tem|teria|ainda tem) (?:algo |alguma coisa |ainda )?(?:pra|para) (?:hoje|amanha|depois de amanha|segunda|terca|quarta|quinta|sexta|sabado|essa semana|esta semana|semana que vem|a semana que vem|o fim de semana|o sabado|dia \\d)`,
  `(?:qual|que) (?:o |a )?(?:dia|horario|data|hora|periodo|turno) ${gap(2)}(?:fica melhor|e melhor|seria melhor|fica bom|e bom|funciona)`,
]);

/** Softer requests ("quero fazer…", "gostaria de uma avaliação"): booking unless a question topic wins. */
export const BOOK_WEAK = rx([
  `(?:quero|queria|quer|gostaria|gostava|preciso|precisava|desejo|pretendo|penso em|pensando em|podemos|tem como|consigo|seria possivel|e possivel|gostaria de|quero muito|to querendo|estou querendo|estava querendo|tenho interesse|interesse em) ${gap(3)}(?:fazer|faze|agendar|marcar|uma sessao|um horario|horario|uma consulta|atendimento|ser atendid${W}|passar ai|passar na clinica|ir ai|ir na clinica|ir amanha|ir hoje|um encaixe|uma vaga|vaga|uma avaliacao|avaliacao)`,
  `(?:posso|da pra|consigo) ${gap(1)}(?:ir|passar) ${gap(1)}(?:ai|hoje|amanha|na clinica|la)`,
  `(?:quero|queria|gostaria de|preciso|precisava|desejo) (?:tirar|tratar|melhorar|resolver|corrigir|diminuir|remover|aplicar|colocar|suavizar|clarear|eliminar|acabar com)`,
]);

/** A wish, that with a service makes a booking request ("queria botox"). */
export const DESIRE = rx([
  'quero', 'queria', 'quer', 'gostaria', 'gostava', 'preciso', 'precisava', 'desejo', 'pretendo', 'interesse', 'interessada', 'interessado', 'pensando em',
  'penso em', 'vou fazer', 'quero fazer', 'querendo', 'fazer', 'faco', 'faria', 'procuro', 'procurando', 'busco', 'quero saber se tem', 'tem como',
]);

/** "R$" anywhere (no word boundary after "$"). */
export const CURRENCY = /\br ?\$/;

/** Price questions; "quanto tempo" and "quantas sessões" are not prices. */
export const PRICE = rx([
  `quanto (?:e|custa|custam|custaria|sai|saira|fica|ficaria|ficou|ta|esta|cobra|cobram|cobrariam|seria|vale|da|deu|pago|pagaria|vou pagar|que custa|que e|que sai|que fica|que ta|por|pra|para)`,
  `quanto ${gap(1)}(?:custa|custam|cobra|cobram|cobrariam|sai|fica|pago|pagaria)`, 'cobram', 'cobra', 'cobrar', 'cobrado', 'cobrada',
  `(?:e|sera|seria) (?:paga|pago|gratis|gratuita|gratuito|de graca|cobrada|cobrado)`, 'gratis', 'gratuita', 'gratuito', 'de graca', 'sem custo', `abatid${W}`,
  'valor', 'valores', 'preco', 'precos', 'custo', 'custos', 'orcamento', 'orcamentos', 'tabela', 'taxa', 'custa', 'custam', 'caro', 'barato', `promoc${W}`,
  'desconto', 'descontos', 'pacote', 'pacotes', 'investimento', 'quanto fica', 'quanto sai', 'quanto custa', 'quanto que', 'reais',
  // "tá quanto?", "sai quanto?", "fica por quanto", "vai sair quanto"
  `(?:ta|esta|e|fica|ficaria|sai|sairia|custa|custaria|seria|cobram|cobra|vai sair|vai ficar|vai custar|fica em|sai por|sai a|fica por|ficou|saiu|pago|pagaria|paga|vale|da) (?:mais ou menos |uns |umas |por |em )?quanto`,
  `quanto (?:ta|esta) (?:saindo|ficando|custando|cobrando)`, 'por quanto(?! tempo)', `(?:faz|fazem|faria|fariam|deixa|deixam) (?:por|a|em) quanto`, `(?:quanto|qual) ${gap(1)}(?:investimento|investir|vou investir)`, 'quanto (?:vou|vai|iria) (?:gastar|pagar|investir)',
  `quais (?:sao )?(?:as |os )?(?:condicoes|valores)`, 'quanto em media', `(?:qual|quais) (?:o |os )?(?:valor|valores|preco|precos)`,
]);

/** "até sexta", "até amanhã": a farewell, not a date given. */
export const FAREWELL = rx([
  `ate (?:amanha|hoje|segunda|terca|quarta|quinta|sexta|sabado|domingo|la|logo|mais|breve|semana que vem|o dia|dia \\d{1,2}|a proxima|depois|entao)`, 'tchau', 'bom fim de semana', 'boa semana',
]);

/** Asking for information without a recognizable subject ("tenho uma dúvida"). */
export const INFO_GENERIC = rx([
  `informac${W}`, 'duvida', 'duvidas', 'pergunta', 'perguntar', 'saber mais', 'explicar', 'explica', 'como funciona', 'mais detalhes', 'detalhes',
  `(?:queria|quero|gostaria de|gostaria|preciso|precisava) saber`, 'saber sobre', `me (?:fala|conta|explica) ${gap(1)}sobre`, 'conhecer (?:o|a|os|as|melhor)',
  `(?:voces|voce) (?:indicam|indica|recomendam|recomenda|sugerem|sugere)`, `(?:qual|que) (?:tratamento|procedimento) ${gap(2)}(?:indicam|indica|recomendam|recomenda|melhor|serve)`,
]);

/** Questions about the patient's own booking ("que horas é minha consulta?"). */
export const OWN_BOOKING_QUESTION = rx([
  `(?:que horas|qual (?:o |a |e o |e a )?(?:dia|horario|data|hora)|quando) ${gap(3)}(?:minha consulta|meu horario|meu agendamento|minha sessao|meu procedimento|marquei|agendei|marcado|agendado|marcada|agendada)`,
  `(?:minha consulta|meu horario|meu agendamento|minha sessao) (?:e|eh|esta|ta|fica|ficou|era) ${gap(2)}(?:que horas|quando|que dia|qual|a que horas)`,
  `esqueci ${gap(3)}(?:horario|dia|data|consulta|agendamento)`, `(?:tenho|tem) ${gap(2)}(?:consulta|horario|agendamento) (?:marcad|agendad)${W}`,
]);

/** "minha consulta é amanhã?", "meu horário ainda está marcado?": a yes/no question about one's booking. */
export const OWN_BOOKING_YES_NO =
  /\b(?:minha consulta|meu horario|meu agendamento|minha sessao|minha avaliacao|meu procedimento|meu retorno|minha reserva) (?:e|eh|esta|ta|ficou|era|sera|vai ser|continua|ainda (?:e|esta|ta)|foi) [^?]{0,40}\?/;

/** "não quero agendar agora", "não vou marcar": turning a booking down, not asking for one. */
export const NOT_BOOKING = /\bnao (?:quero|vou|pretendo|preciso|desejo|gostaria de|posso) (?:mais )?(?:agendar|marcar|reservar|fazer (?:agora|nada))\b/;

/** A question about the clinic without a known topic ("posso levar acompanhante?", "tem wifi?"). */
/** "tanto faz", "qualquer horário", "o mais cedo possível": a preference that leaves the choice to the clinic. */
export const NO_PREFERENCE = rx([
  'tanto faz', 'qualquer (?:um|uma|dia|horario|hora|data|profissional|uma delas|um deles)', 'o (?:mais )?(?:cedo|rapido|breve|quanto antes) (?:possivel|que der|que tiver)',
  'o quanto antes', 'quanto antes melhor', 'quando (?:tiver|der|voces tiverem|houver) (?:vaga|horario)?', 'o primeiro (?:que tiver|disponivel|horario)', 'o proximo (?:disponivel|horario|que tiver)',
  'pode (?:ser|escolher) (?:qualquer|voce)', 'voce (?:escolhe|decide)', 'sem preferencia', 'nao tenho preferencia', 'qualquer um serve', 'o que (?:tiver|for melhor)',
]);

export const CLINIC_QUESTION = rx([
  'voces', 'clinica', 'ai', 'posso', 'pode', 'podem', 'atende', 'atendem', '^tem', 'aceita', 'aceitam', 'precisa', 'preciso', 'devo', 'levar',
  'fazem', 'existe', 'funciona', 'consulta', 'procedimento', 'sessao',
]);

/** Inform-like self statements ("tenho 42 anos", "moro perto", "é pra minha filha"). */
export const SELF_STATEMENT = rx([
  `^(?:(?:eu|so|ja|tambem|agora|atualmente|nunca) )?(?:tenho|sou|estou|uso|tomo|faco|fiz|moro|trabalho|nasci|fumo|bebo|tive|estava|fazia|apliquei|coloquei|passei|tirei|acabei de|ganhei|parei de|engravidei)`, '(?:e )?(?:pra|para) (?:mim|minha|meu|minhas|meus)',
  '\\d{1,3} anos', 'meu (?:telefone|numero|celular|email|whatsapp|cpf|endereco|nome)', 'minha (?:idade|data de nascimento)', 'nasci em',
  'cheguei', 'ja cheguei', '(?:estou|ja estou) (?:chegando|a caminho|ai|aqui|na recepcao|na porta|no predio)', `(?:vou|vou me) atras${W}`, `atrasad${W}`, 'a caminho',
]);

/** Health words that make a "não" an answer to screening rather than a refusal. */
export const HEALTH_CONTEXT = rx([
  'tenho', 'tomo', 'uso', 'estou', `condic${W}`, `doenca${W}`, 'problema de saude', 'problemas de saude', `remedio${W}`, `medicament${W}`, `alergi${W}`, 'saude',
  'possuo', 'sofro', 'faco uso', 'nenhuma dessas condicoes', 'contraindicac', 'sou saudavel',
]);

/** English and Spanish words that are not Portuguese. */
export const FOREIGN_WORDS = new Set([
  'the', 'is', 'are', 'you', 'your', 'i', 'want', 'would', 'like', 'please', 'hello', 'hi', 'book', 'appointment', 'thanks', 'thank', 'can', 'how', 'much',
  'what', 'where', 'my', 'name', 'yes', 'does', 'have', 'an', 'and', 'with', 'for', 'this', 'that', 'it', 'be', 'will', 'need', 'schedule', 'tomorrow',
  'today', 'morning', 'afternoon', 'price', 'cost', 'english', 'speak', 'good', 'we', 'they', 'there', 'here', 'time', 'when', 'cancel',
  'quiero', 'cita', 'hola', 'gracias', 'usted', 'necesito', 'puedo', 'tengo', 'manana', 'buenos', 'buenas', 'el', 'los', 'hacer', 'cuanto', 'cuesta', 'donde',
  'senor', 'senora', 'llamo', 'nombre', 'yo', 'hasta', 'luego', 'cuando', 'pero', 'muy', 'bien', 'ahora', 'tambien', 'hay', 'mucho', 'gusto',
  'ustedes', 'vosotros', 'tiene', 'tienen', 'precio', 'una', 'noche', 'hablar', 'habla', 'puede', 'quisiera', 'podria', 'necesita',
]);

/** Words that exist only in Portuguese among the languages patients switch to. */
export const PORTUGUESE_WORDS = new Set([
  'nao', 'voce', 'voces', 'eu', 'meu', 'minha', 'quero', 'queria', 'gostaria', 'tenho', 'estou', 'obrigado', 'obrigada', 'agendar', 'marcar', 'horario', 'amanha',
  'hoje', 'que', 'para', 'pra', 'com', 'do', 'da', 'um', 'uma', 'oi', 'bom', 'boa', 'tudo', 'sim', 'e', 'no', 'na', 'isso', 'fazer', 'tem', 'qual', 'quanto',
  'onde', 'quando', 'posso', 'pode', 'preciso', 'consulta', 'ola', 'dia', 'tarde', 'noite', 'manha', 'semana', 'valor', 'preco', 'sou', 'aqui', 'ai', 'mais',
  'muito', 'vou', 'esta', 'ta', 'seu', 'sua', 'dos', 'das', 'nos', 'nas', 'pelo', 'pela', 'ate', 'depois', 'antes', 'entao', 'tambem', 'so', 'ja', 'agora',
  'obg', 'valeu', 'beleza', 'certo', 'ok', 'cancelar', 'remarcar', 'quer', 'por', 'favor', 'clinica', 'botox', 'limpeza', 'pele',
]);
