import { clinicFacts, type FactTopic } from '../tools/clinic-facts';
import type { Turn } from './turn';

/**
 * Answers a price or clinic question from clinic.yaml only. A fact the file does not have is
 * never guessed: the patient is told so and offered a person. Health questions are referred to
 * the professional — the bot gives no medical advice.
 */
export function answerQuestion(turn: Turn): string {
  const { u, texts } = turn;
  if (u.intent === 'ask_price') {
    const serviceId = u.service ?? turn.task?.serviceId;
    const facts = clinicFacts(turn.tc, { topic: 'price', serviceId }).facts;
    if (facts.service) return [texts.general('price_one', { service: facts.service, price: facts.price! }), facts.info ?? ''].join(' ').trim();
    return texts.general('price_all', { prices: facts.prices! });
  }
  const topic = u.topic ?? (u.service ? 'service_info' : undefined);
  if (topic === 'medical') return texts.general('medical_referral');
  if (!topic) return texts.general('info_missing');
  const facts = clinicFacts(turn.tc, { topic: topic as FactTopic, serviceId: u.service ?? turn.task?.serviceId }).facts;
  const missing = () => texts.general('info_missing');
  switch (topic) {
    case 'address':
      return facts.address ? texts.general('info_address') : missing();
    case 'hours':
      return texts.general('info_hours', { hours: facts.hours! });
    case 'payment':
      return facts.payment ? texts.general('info_payment', { payment: facts.payment }) : missing();
    case 'insurance':
      return facts.insurance ? texts.general('info_insurance', { insurance: facts.insurance }) : missing();
    case 'parking':
      return facts.parking ? texts.general('info_parking', { parking: facts.parking }) : missing();
    case 'contact':
      return facts.phone || facts.instagram
        ? texts.general('info_contact', { instagram: facts.instagram ? ` · Instagram ${facts.instagram}` : '' })
        : missing();
    case 'services':
      return texts.general('info_services', { services: facts.services! });
    case 'professionals':
      return texts.general('info_professionals', { professionals: facts.professionals! });
    case 'service_info':
      if (!facts.service) return texts.general('info_services', { services: clinicFacts(turn.tc, { topic: 'services' }).facts.services! });
      return facts.info ? `${texts.general('info_service', { service: facts.service, info: facts.info })} ${texts.general('price_one', { service: facts.service, price: facts.price! })}` : texts.general('price_one', { service: facts.service, price: facts.price! });
    default:
      return missing();
  }
}
