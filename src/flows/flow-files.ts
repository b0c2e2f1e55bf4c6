import type { z } from 'zod';
import { messagesFileSchema, DEFAULT_MESSAGES } from './messages-schema';
import { cannedFileSchema, DEFAULT_CANNED } from './canned-schema';
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ClinicFile } from './clinic-schema';
import type { FlowProblem } from './parse-flow-file';
import { bookingFileSchema, defaultBookingFile } from './booking-schema';
import { defaultScreeningFile, screeningFileSchema, screeningReferences, type ReferenceProblem } from './screening-schema';
import { defaultRemindersConfig, remindersFileSchema } from './reminders-schema';

/**
 * The owner-editable files of a clinic folder besides clinic.yaml: name → schema and the default
 * used when the file does not exist. Adding a file here makes it validated by `atende validate`,
 * hot-reloaded and part of the version hash stored with each turn.
 */
export const FLOW_FILES = {
  'messages.yaml': { schema: messagesFileSchema, fallback: () => ({ ...DEFAULT_MESSAGES }) },
  'canned.yaml': { schema: cannedFileSchema, fallback: () => structuredClone(DEFAULT_CANNED) },
  'booking.yaml': { schema: bookingFileSchema, fallback: defaultBookingFile },
  'screening.yaml': { schema: screeningFileSchema, fallback: defaultScreeningFile },
  'reminders.yaml': { schema: remindersFileSchema, fallback: defaultRemindersConfig },
} satisfies Record<string, { schema: z.ZodType; fallback?: () => unknown }>;

export type FlowFileName = keyof typeof FLOW_FILES;
export type FlowFileValue<N extends FlowFileName> = z.output<(typeof FLOW_FILES)[N]['schema']>;

/**
 * Cross-file checks against the clinic's clinic.yaml (e.g. a service id in screening.yaml that the
 * catalog does not have), run by `atende validate` after each file parsed on its own.
 */
export const FLOW_REFERENCES: { [N in FlowFileName]?: (value: FlowFileValue<N>, clinic: ClinicFile) => ReferenceProblem[] } = {
  'screening.yaml': screeningReferences,
};

/** Runs the cross-file checks of one parsed file and places each problem at its line (`file:line`). */
export function checkFlowReferences<N extends FlowFileName>(name: N, displayName: string, text: string, value: FlowFileValue<N>, clinic: ClinicFile): FlowProblem[] {
  const check = FLOW_REFERENCES[name] as ((v: FlowFileValue<N>, c: ClinicFile) => ReferenceProblem[]) | undefined;
  if (!check) return [];
  const found = check(value, clinic);
  if (found.length === 0) return [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const lineOf = (path: (string | number)[]): number => {
    // The key's own line when the last step names a map key, else the deepest node that exists.
    const parent = doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]));
      if (pair && isNode(pair.key) && pair.key.range) return lines.linePos(pair.key.range[0]).line;
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  return found.map((p) => ({ file: displayName, line: lineOf(p.path), message: p.message }));
}
