import type { Vocabulary } from '../../src/understanding/types';

/** The demo clinic's vocabulary (SPEC §5, flows/clinic.yaml), frozen here so unit tests do not move when owners edit the file. */
export const demoVocabulary: Vocabulary = {
  services: [
    { id: 'avaliacao', name: 'Consulta de avaliação', synonyms: ['avaliação', 'avaliacao', 'consulta', 'consulta de avaliação', 'primeira consulta', 'avaliar'] },
    {
      id: 'toxina-botulinica',
      name: 'Toxina botulínica (botox)',
      synonyms: ['botox', 'toxina', 'toxina botulínica', 'botulínica', 'dysport', 'xeomin', 'botulift', 'aplicação de botox', 'rugas da testa', 'pés de galinha'],
    },
    {
      id: 'preenchimento-labial',
      name: 'Preenchimento labial (ácido hialurônico)',
      synonyms: ['preenchimento', 'preenchimento labial', 'preenchimento nos lábios', 'preencher a boca', 'preencher os lábios', 'lábios', 'labios', 'boca', 'ácido hialurônico', 'hialurônico', 'lip'],
    },
    { id: 'harmonizacao-facial', name: 'Harmonização facial', synonyms: ['harmonização', 'harmonizacao', 'harmonização facial', 'harmonização orofacial', 'hof'] },
    { id: 'bioestimulador', name: 'Bioestimulador de colágeno (Sculptra, Radiesse)', synonyms: ['bioestimulador', 'bioestimulador de colágeno', 'sculptra', 'radiesse', 'ellansé', 'colágeno', 'flacidez'] },
    { id: 'limpeza-de-pele', name: 'Limpeza de pele', synonyms: ['limpeza', 'limpeza de pele', 'limpeza facial', 'extração de cravos', 'cravos'] },
    { id: 'peeling-quimico', name: 'Peeling químico', synonyms: ['peeling', 'peeling químico', 'peeling quimico', 'peel', 'ácido no rosto'] },
    { id: 'microagulhamento', name: 'Microagulhamento', synonyms: ['microagulhamento', 'micro agulhamento', 'dermapen', 'drug delivery', 'cicatriz de acne'] },
    { id: 'depilacao-laser', name: 'Depilação a laser', synonyms: ['depilação', 'depilacao', 'depilação a laser', 'laser', 'depilar', 'axila', 'virilha', 'buço'] },
  ],
  professionals: [
    { id: 'ana-souza', name: 'Dra. Ana Souza', aliases: ['ana', 'ana souza', 'dra ana', 'doutora ana', 'dra. ana', 'dermatologista'] },
    { id: 'bruno-lima', name: 'Dr. Bruno Lima', aliases: ['bruno', 'bruno lima', 'dr bruno', 'doutor bruno', 'dr. bruno', 'dentista'] },
    { id: 'carla-mendes', name: 'Carla Mendes', aliases: ['carla', 'carla mendes', 'biomedica carla', 'biomédica'] },
  ],
};
