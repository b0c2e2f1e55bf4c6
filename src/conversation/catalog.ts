import type { ClinicFile, ProfessionalDef, ServiceDef } from '../flows/clinic-schema';
import type { ClinicFlows } from '../flows/clinic-flows';
import { describeInstantPt } from '../lib/clinic-time';
import { formatPrice, numbered } from './texts';

/**
 * The catalog as the owner wrote it in clinic.yaml (the version in service right now): the only
 * source of names, prices and facts the bot states, so it never invents one.
 */
export class Catalog {
  readonly file: ClinicFile;

  constructor(flows: ClinicFlows) {
    this.file = flows.clinic();
  }

  get tz(): string {
    return this.file.clinic.timezone;
  }

  /** Active services, in the file's order. */
  services(): ServiceDef[] {
    return this.file.services.filter((s) => s.active !== false);
  }

  service(id: string | undefined): ServiceDef | undefined {
    return id ? this.services().find((s) => s.id === id) : undefined;
  }

  professional(id: string | undefined): ProfessionalDef | undefined {
    return id ? this.file.professionals.find((p) => p.id === id) : undefined;
  }

  /** Who performs a service, in the file's order. */
  performers(serviceId: string): ProfessionalDef[] {
    const s = this.service(serviceId);
    return s ? s.professionals.map((id) => this.professional(id)).filter((p): p is ProfessionalDef => p != null) : [];
  }

  professionalName(id: string | undefined): string {
    return this.professional(id)?.name ?? 'nossa equipe';
  }

  serviceName(id: string | undefined): string {
    return this.service(id)?.name ?? this.file.services.find((s) => s.id === id)?.name ?? 'o procedimento';
  }

  price(serviceId: string): string {
    const s = this.service(serviceId);
    return s ? formatPrice(s.price) : '';
  }

  /** "quinta-feira, 12/03 às 14:00" */
  slot(startsAt: Date | string): string {
    return describeInstantPt(new Date(startsAt), this.tz);
  }

  /** The numbered list of services the patient can pick from. */
  serviceMenu(): string {
    return numbered(this.services().map((s) => `${s.name} — ${formatPrice(s.price)}`));
  }
}
