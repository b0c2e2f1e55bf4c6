import type { QrSnapshot, WhatsAppWebStatus } from '../../../channels/whatsapp-web';
import { html } from '../html';
import { layout, type PageContext } from '../layout';

const STATE_LABELS: Record<WhatsAppWebStatus['state'], string> = {
  stopped: 'Parado',
  starting: 'Iniciando o navegador…',
  waiting_for_scan: 'Aguardando a leitura do QR code',
  authenticated: 'Autenticado, conectando…',
  ready: 'Conectado',
  reconnecting: 'Reconectando…',
};

/**
 * The whatsapp-web.js session for clinics without the Business API: its state and, while it waits
 * for a scan, the QR code to read with the clinic's phone (WhatsApp → Aparelhos conectados).
 * Refreshes itself every few seconds without scripts.
 */
export function whatsappWebPage(ctx: PageContext, status: WhatsAppWebStatus | null, qr: QrSnapshot | null): string {
  const body = !status
    ? html`<h1>WhatsApp Web</h1><p>O WhatsApp Web não está habilitado neste servidor. Para usar um número sem a API oficial, inicie o serviço com <code>WHATSAPP_WEB=1</code>.</p>`
    : html`<h1>WhatsApp Web</h1>
        <p>Estado: <strong data-state="${status.state}">${STATE_LABELS[status.state]}</strong>${status.account ? html` · número <strong>${status.account}</strong>` : html``}</p>
        ${status.lastError ? html`<p class="muted">Último erro: ${status.lastError}${status.nextRetryAt ? html` · nova tentativa às ${status.nextRetryAt.toLocaleTimeString('pt-BR')}` : html``}</p>` : html``}
        ${qr
          ? html`<figure class="qr"><img src="${qr.dataUrl}" alt="QR code para conectar o WhatsApp da clínica" width="280" height="280"><figcaption>No celular da clínica: WhatsApp → Aparelhos conectados → Conectar um aparelho, e aponte para este código. Ele muda a cada poucos segundos.</figcaption></figure>`
          : html``}`;
  const page = layout(ctx, { title: 'WhatsApp Web', section: 'team', body });
  return page.replace('<head>', '<head><meta http-equiv="refresh" content="5">');
}
