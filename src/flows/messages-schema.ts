import { z } from 'zod';

/**
 * General bot texts (flows/messages.yaml): what the bot says outside a specific flow. Owners may
 * rewrite any of them; a missing key falls back to the default below.
 */
export const DEFAULT_MESSAGES = {
  media_not_supported: 'Recebi seu arquivo, obrigado! Por enquanto só consigo ler mensagens de texto. Pode me escrever o que precisa? 🙂',
  rate_limited: 'Recebi muitas mensagens seguidas. Vou dar uma pausa rapidinha; em um minuto continuo com você. 🙏',
  error: 'Desculpe, tive um problema aqui. Já avisei nossa equipe, que vai continuar o atendimento com você.',
} as const;

export type MessageKey = keyof typeof DEFAULT_MESSAGES;

export const messagesFileSchema = z
  .object(Object.fromEntries(Object.keys(DEFAULT_MESSAGES).map((k) => [k, z.string().min(1).optional()])) as Record<MessageKey, z.ZodOptional<z.ZodString>>)
  .catchall(z.string().min(1))
  .transform((m) => ({ ...DEFAULT_MESSAGES, ...Object.fromEntries(Object.entries(m).filter(([, v]) => v != null)) }) as Record<string, string> & Record<MessageKey, string>);

export type MessagesFile = z.output<typeof messagesFileSchema>;
