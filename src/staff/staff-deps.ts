import type { Database } from '../db/open-database';
import type { FlowRegistry } from '../flows/clinic-flows';
import type { JobQueue } from '../jobs/job-queue';
import type { Clock } from '../lib/clock';
import type { Encryptor } from '../lib/crypto';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import type { QrSnapshot, WhatsAppWebStatus } from '../channels/whatsapp-web';

/** What the staff domain (inbox and JSON API) needs from the composition root. */
export interface StaffDeps {
  database: Database;
  bus: EventBus;
  jobs: JobQueue;
  logger: Logger;
  clock: Clock;
  flows: FlowRegistry;
  /**
   * Field encryption (src/lib/crypto) to open `screenings.answers_enc`. Absent → the inbox says
   * the answers cannot be shown rather than failing.
   */
  crypto?: Encryptor;
  /** The whatsapp-web.js session (WHATSAPP_WEB=1): owners see its state and QR in the inbox. */
  whatsappWeb?: { status(): WhatsAppWebStatus; qr(): Promise<QrSnapshot | null> };
}
