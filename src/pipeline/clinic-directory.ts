import { eq } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import { clinics } from '../db/schema';
import type { Channel } from '../channels/types';

/**
 * Which clinic a message was sent to, from the address it arrived at: the Cloud API
 * phone_number_id, the SMS number, the simulator's clinic id. Cached; refreshed on a miss.
 */
export class ClinicDirectory {
  private cache = new Map<string, string>();
  private loadedAt = 0;

  constructor(
    private readonly database: Database,
    /** Clinic used for channels with a single account (whatsapp-web.js) and unknown SMS numbers. */
    private readonly defaultClinicId: string,
  ) {}

  async resolve(channel: Channel, address: string): Promise<string | null> {
    if (channel === 'whatsapp_web') return this.defaultClinicId;
    const key = `${channel}|${address}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (Date.now() - this.loadedAt > 1000) await this.reload();
    return this.cache.get(key) ?? (channel === 'sms' ? this.defaultClinicId : null);
  }

  async reload(): Promise<void> {
    const rows = await this.database.db.select({ id: clinics.id, wa: clinics.whatsappPhoneNumberId, sms: clinics.smsNumber }).from(clinics);
    const next = new Map<string, string>();
    for (const r of rows) {
      next.set(`simulator|${r.id}`, r.id);
      if (r.wa) next.set(`whatsapp|${r.wa}`, r.id);
      if (r.sms) next.set(`sms|${r.sms}`, r.id);
    }
    this.cache = next;
    this.loadedAt = Date.now();
  }

  /** The clinic's display data, for turn contexts (cached for a few seconds: it changes with the catalog file). */
  async describe(clinicId: string): Promise<{ id: string; name: string; timezone: string } | null> {
    const hit = this.described.get(clinicId);
    if (hit && Date.now() - hit.at < 5000) return hit.value;
    const [row] = await this.database.db.select({ id: clinics.id, name: clinics.name, timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, clinicId));
    this.described.set(clinicId, { at: Date.now(), value: row ?? null });
    return row ?? null;
  }

  private described = new Map<string, { at: number; value: { id: string; name: string; timezone: string } | null }>();
}
