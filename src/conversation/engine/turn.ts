import type { Understanding } from '../../understanding/types';
import { Catalog } from '../catalog';
import { numbered, Texts } from '../texts';
import type { ConversationState, OfferedSlot, Step, Task } from '../state';
import type { ToolContext } from '../tools/tool-context';

/**
 * One patient message being answered by the deterministic engine: what it says (read once), the
 * tools' context, the owner's texts and the replies gathered so far.
 */
export class Turn {
  readonly replies: string[] = [];
  /** Set when the bot could not tell what the patient meant (two in a row → a person takes over). */
  missed = false;
  readonly texts: Texts;
  readonly catalog: Catalog;

  constructor(
    readonly tc: ToolContext,
    readonly u: Understanding,
    readonly text: string,
    /** The stored state could not be read (another version): the patient may be mid-booking. */
    readonly reset: boolean,
  ) {
    this.texts = new Texts(tc.flows, tc.patient.name);
    this.catalog = new Catalog(tc.flows);
  }

  get state(): ConversationState {
    return this.tc.state;
  }

  get task(): Task | undefined {
    return this.tc.state.task;
  }

  say(...texts: (string | undefined)[]): void {
    for (const t of texts) if (t && t.trim()) this.replies.push(t.trim());
  }

  goto(step: Step): void {
    this.tc.state.step = step;
  }

  miss(text: string): void {
    this.missed = true;
    this.say(text);
  }

  /** "1. quinta-feira, 12/03 às 14:00 — Dra. Ana Souza" */
  options(slots: OfferedSlot[]): string {
    return numbered(slots.map((s) => `${this.catalog.slot(s.startsAt)} — ${this.catalog.professionalName(s.professionalId)}`));
  }
}
