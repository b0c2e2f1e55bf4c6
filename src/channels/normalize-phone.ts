/**
 * Phone numbers arrive typed by people ("+55 (11) 98765-4321", "11987654321"), from WhatsApp as
 * bare international digits ("5511987654321") and from SMS providers in E.164. Patients are
 * matched by phone, so every adapter turns all of these into one E.164 string.
 *
 * Brazilian mobiles are kept exactly as given: WhatsApp ids of older Brazilian accounts often lack
 * the 9th digit ("551187654321") while the same person types it ("11 98765-4321"). Adding or
 * removing it here would silently create or merge patients; reconciling the two forms is a
 * patient-lookup concern, not a formatting one.
 */

/** E.164 allows at most 15 digits; 8 is the shortest real international number we accept. */
const E164_DIGITS = /^[1-9]\d{7,14}$/;

/** Brazilian DDD (area code): two digits, neither of them zero (11–99). */
const BR_DDD = /^[1-9][1-9]$/;

/**
 * Returns the E.164 form ("+5511987654321") of a phone number written in any of the usual
 * Brazilian ways, or null when it is not a plausible phone number.
 *
 * Accepted: an international number with "+" ("+55 (11) 98765-4321", "+1 650 555 1234") or
 * "0055" ("0055 11 …"); Brazilian digits with the country code ("5511987654321"); a Brazilian
 * national number with area code, optionally with the trunk "0" ("11987654321", "(11) 3456-7890",
 * "011 98765-4321"). Digits without "+" are read as Brazilian first, since that is who texts a
 * Brazilian clinic; other digit strings of 12–15 digits are taken as international.
 */
export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (trimmed === '' || trimmed.length > 40) return null;
  // Only digits, one leading "+", and the usual separators may appear.
  if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) return null;

  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return e164FromInternationalDigits(digits);
  // "00" is the international prefix only as "0055…"; elsewhere Brazil dials a carrier code after it.
  if (digits.startsWith('0055')) return e164FromInternationalDigits(digits.slice(2));
  if (digits.startsWith('00')) return null;

  const national = digits.startsWith('0') ? digits.slice(1) : digits;
  if (isBrazilianNational(national)) return `+55${national}`;
  if (national.startsWith('55') && isBrazilianNational(national.slice(2))) return `+${national}`;
  if (digits.length >= 12 && !digits.startsWith('0')) return e164FromInternationalDigits(digits);
  return null;
}

/**
 * A WhatsApp id (Cloud API `wa_id` / `from`, whatsapp-web.js "5511…@c.us") is always the full
 * international number without "+"; it must never be reinterpreted as a national number.
 */
export function waIdToE164(waId: string): string | null {
  if (typeof waId !== 'string') return null;
  const user = waId.trim().replace(/@c\.us$|@s\.whatsapp\.net$/, '').replace(/^\+/, '');
  return E164_DIGITS.test(user) ? `+${user}` : null;
}

function e164FromInternationalDigits(digits: string): string | null {
  if (!E164_DIGITS.test(digits)) return null;
  if (digits.startsWith('55') && !isBrazilianNational(digits.slice(2))) return null;
  return `+${digits}`;
}

/**
 * DDD + subscriber: 8 digits (landline, or a mobile registered before the 9th digit) or
 * 9 digits starting with 9 (mobile).
 */
function isBrazilianNational(national: string): boolean {
  if (!/^\d{10,11}$/.test(national)) return false;
  if (!BR_DDD.test(national.slice(0, 2))) return false;
  const subscriber = national.slice(2);
  if (subscriber.length === 9) return subscriber.startsWith('9');
  return /^[2-9]/.test(subscriber);
}
