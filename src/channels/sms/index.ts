/** The SMS adapter (Twilio-compatible): what the webhook routes and the outbound queue need. */
export { TwilioSmsSender, SMS_PROVIDER, type TwilioSmsSenderOptions } from './twilio-sms-sender';
export { parseSmsWebhook, type SmsWebhookEvent, type ParseSmsWebhookOptions } from './parse-sms-webhook';
export { verifyTwilioSignature, twilioSignature, type TwilioParams } from './verify-twilio-signature';
