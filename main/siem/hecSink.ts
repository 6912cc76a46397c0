import { z } from 'zod';
import { giveUp, isDelivery, post, quote, retryLater, type Delivery, type Sink, type SinkDeps } from './delivery';
import { hecEvent, hecRequestBody } from './hecEvents';
import { hecEventUrl, secretsOf, type SinkConfig } from './sinkConfig';

// Splunk HTTP Event Collector answers (Splunk's "Troubleshoot HTTP Event
// Collector" status codes, excerpt in test/fixtures/siem/): the HEC code
// decides, the HTTP status where no HEC answer came back.

/** HEC's answer document. */
const HecAnswer = z.looseObject({
  text: z.string().optional(),
  code: z.number().int().optional(),
  'invalid-event-number': z.number().int().optional(),
});

/** 8 internal server error, 9 server is busy, 18/19 unhealthy (queues full, ack service down): a later try can succeed. */
const RETRY_CODES = new Set([8, 9, 18, 19]);
/** HTTP statuses retried when no HEC code says otherwise (a proxy or load balancer in front of the collector). */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** What the user can do about a refusal, by HEC code. */
const ADVICE: Readonly<Record<number, string>> = {
  1: 'the token is disabled in Splunk',
  2: 'no token was sent',
  3: 'the Authorization header was not accepted',
  4: 'Splunk does not know this token: check the secret',
  7: 'the token may not write to this index',
  10: 'the token has indexer acknowledgement on, which this forwarder does not use: turn it off for this token',
  11: 'the token has indexer acknowledgement on, which this forwarder does not use: turn it off for this token',
};

type HecConfig = Extract<SinkConfig, { kind: 'hec' }>;

export function hecSink(config: HecConfig, hostName: string, deps: SinkDeps): Sink {
  const url = hecEventUrl(config.url);
  const secrets = secretsOf(config);
  const headers = { authorization: `Splunk ${config.token}`, 'content-type': 'application/json' };
  const meta = { hostName, ...(config.index !== undefined ? { index: config.index } : {}) };
  return {
    config,
    encode: (entry) => hecEvent(entry, meta),
    async send(records, signal) {
      const res = await post(deps, url, headers, hecRequestBody(records), signal, secrets);
      if (isDelivery(res)) return res;
      const answer = parseAnswer(res.body);
      const said = answer !== null ? `HEC code ${answer.code ?? '?'} "${quote(answer.text ?? '', secrets)}"` : quote(res.body, secrets);
      const what = `HTTP ${res.status}${said !== '' ? `, ${said}` : ''}`;
      if (res.status === 200 && answer?.code === 0) return { ok: true, note: null };
      if (res.status === 200) return giveUp(`${what}: not HEC's success answer (is the URL the collector's?)`);
      const code = answer?.code;
      if ((code !== undefined && RETRY_CODES.has(code)) || (code === undefined && RETRY_STATUSES.has(res.status))) {
        return retryLater(what, res, deps.now());
      }
      return refusal(what, code, answer?.['invalid-event-number'], records.length);
    },
  };
}

function refusal(what: string, code: number | undefined, invalidEvent: number | undefined, sent: number): Delivery {
  const advice = code !== undefined ? ADVICE[code] : undefined;
  // Splunk indexes the events before an invalid one: those will be sent again on restart, and deduplicated by id.
  const which = invalidEvent !== undefined ? ` (event ${invalidEvent} of the ${sent} in the batch)` : '';
  return giveUp(`${what}${which}${advice !== undefined ? `: ${advice}` : ''}`);
}

function parseAnswer(body: string): z.infer<typeof HecAnswer> | null {
  try {
    const parsed = HecAnswer.safeParse(JSON.parse(body));
    return parsed.success && (parsed.data.code !== undefined || parsed.data.text !== undefined) ? parsed.data : null;
  } catch {
    return null;
  }
}
