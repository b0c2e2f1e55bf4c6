import { join } from 'node:path';
import type { ClinicFile } from '../flows/clinic-schema';
import { findClinicFolders, watchClinicFile } from '../flows/flow-store';
import type { Vocabulary } from './types';

/**
 * The engine's view of a clinic file: service names and synonyms, professional names and
 * aliases. Owners extend understanding by editing `flows/clinic.yaml`, never code. Memoized per
 * file object: call it on every message; a new version of the file makes a new vocabulary.
 */
export function vocabularyFromClinic(file: ClinicFile): Vocabulary {
  // the same file object yields the same vocabulary object, so the compiled index is reused
  let vocabulary = byFile.get(file);
  if (!vocabulary) {
    vocabulary = build(file);
    byFile.set(file, vocabulary);
  }
  return vocabulary;
}

const byFile = new WeakMap<ClinicFile, Vocabulary>();

function build(file: ClinicFile): Vocabulary {
  const services = file.services.filter((s) => s.active !== false).map((s) => ({ id: s.id, name: s.name, synonyms: s.synonyms }));
  return {
    services,
    professionals: file.professionals.map((p) => ({ id: p.id, name: p.name, aliases: [...p.aliases, ...titleAliases(p, file.professionals, services)] })),
  };
}

function plain(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/**
 * "a dermatologista", "a biomédica": a professional's title words, when no colleague shares them
 * and they name no service ("harmonização orofacial" stays a service).
 */
function titleAliases(
  p: ClinicFile['professionals'][number],
  all: ClinicFile['professionals'],
  services: Vocabulary['services'],
): string[] {
  const serviceWords = new Set(services.flatMap((s) => [s.name, ...s.synonyms].flatMap((x) => plain(x).split(' '))));
  const othersWords = new Set(all.filter((o) => o.id !== p.id).flatMap((o) => plain(o.title).split(' ')));
  return plain(p.title)
    .split(' ')
    .filter((w) => w.length >= 6 && !serviceWords.has(w) && !othersWords.has(w));
}

export interface LoadedVocabulary {
  vocabulary: Vocabulary;
  /** The clinic's timezone, the default for messages that carry none. */
  timezone: string;
  clinicId: string;
}

/**
 * Loads the vocabulary of the clinic under `flowsDir` (its only clinic, or the one whose folder or
 * id is `clinic`). Throws with `file:line: problem` when the file is invalid.
 */
export function loadVocabulary(flowsDir: string, clinic?: string): LoadedVocabulary {
  const folders = findClinicFolders(flowsDir);
  if (folders.length === 0) throw new Error(`no clinic.yaml under ${flowsDir}`);
  for (const folder of folders) {
    const file = watchClinicFile(folder.clinicFile).get();
    if (clinic && file.clinic.id !== clinic && !folder.dir.endsWith(join('/', clinic)) && folder.dir !== clinic) continue;
    return { vocabulary: vocabularyFromClinic(file), timezone: file.clinic.timezone, clinicId: file.clinic.id };
  }
  throw new Error(`no clinic "${clinic}" under ${flowsDir}`);
}
