/** Meta's customer-service window: free-form WhatsApp messages only within 24 h of the patient's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 3600_000;

export interface ReplyWindow {
  /** Free text may be sent now. */
  open: boolean;
  /** When the window closes (WhatsApp only; null when it never applies or is closed). */
  closesAt: Date | null;
}

/**
 * Whether staff may write freely on this conversation now. Only the WhatsApp Cloud API has the
 * 24-hour rule; SMS, whatsapp-web.js and the simulator always accept text.
 */
export function replyWindow(conversation: { channel: string; lastInboundAt: Date | null }, now: Date): ReplyWindow {
  if (conversation.channel !== 'whatsapp') return { open: true, closesAt: null };
  const last = conversation.lastInboundAt;
  if (!last) return { open: false, closesAt: null };
  const closesAt = new Date(last.getTime() + WHATSAPP_WINDOW_MS);
  return closesAt.getTime() > now.getTime() ? { open: true, closesAt } : { open: false, closesAt: null };
}
