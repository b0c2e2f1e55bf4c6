/** The WhatsApp Cloud API adapter: what the webhook routes and the outbound queue need. */
export { verifySignature } from './verify-signature';
export { verifyChallenge } from './verify-challenge';
export { parseWebhook, type ParsedWebhook } from './parse-webhook';
export { GraphApiSender, buildGraphMessage, type GraphApiSenderOptions } from './graph-api-sender';
export {
  GRAPH_PROVIDER,
  OUTSIDE_WINDOW_CODES,
  TEMPORARY_GRAPH_CODES,
  graphProviderError,
  isOutsideWindowError,
} from './graph-errors';
