import { join } from 'node:path';
import { loadVocabulary } from '../../../src/understanding/load-vocabulary';

/** The demo clinic's vocabulary (flows/clinic.yaml). */
export const DEMO_VOCABULARY = loadVocabulary(join(process.cwd(), 'flows')).vocabulary;
