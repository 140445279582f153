import { TestDataSourceResponse } from '@grafana/data';

import { authFailedCauses, microsoftSaid, probeAnswerRule, renderAdvice } from '../core/errors/errorTable';
import { parseErrorBody } from '../core/errors/graphError';
import { redactSecrets } from '../core/errors/redact';
import { CLOUDS } from '../core/model/clouds';
import { ResolvedSettings } from '../core/model/settings';
import { headerValue } from '../core/walk/transport';
import { apiVersionPath } from '../core/plan/planRequest';

/**
 * What Save & test tells an admin for each answer the route probe can get through Grafana's data
 * proxy. The proxy hides the token endpoint's answer (a failed token request reaches the browser
 * as Graph's 401, rewritten to 400 "Authentication to data source failed"), so that case lists
 * the likely causes and how to tell them apart instead of guessing one.
 */
export interface ProbeAnswer {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

/** The likely causes of a refused token, which the proxy hides (conformance/tables/errors.json). */
export const AUTH_FAILED_CAUSES = authFailedCauses();

export function describeTarget(settings: ResolvedSettings): string {
  const cloud =
    settings.cloud === 'custom' ? `custom endpoint ${hostOf(apiUrlOf(settings))}` : CLOUDS[settings.cloud].label;
  const api = settings.api === 'legacy' ? 'legacy Azure AD Graph' : `Graph ${apiVersionPath(settings)}`;
  return `tenant ${settings.tenantId} (${cloud}, ${api})`;
}

/** The host the probe's route sends to: Microsoft Graph, or the legacy Azure AD Graph host. */
function apiUrlOf(settings: ResolvedSettings): string {
  return settings.api === 'legacy' ? settings.legacyGraphUrl : settings.graphUrl;
}

/** The message and fix for a probe answer, by the rules of conformance/tables/errors.json (probeAnswers). */
export function explainProbeAnswer(answer: ProbeAnswer, settings: ResolvedSettings): TestDataSourceResponse {
  const { status, bodyText } = answer;
  if (status >= 200 && status < 300) {
    return explainSuccess(bodyText, settings);
  }
  const body = parseErrorBody(bodyText);
  const rule = probeAnswerRule({ status, ...body });
  const retryAfter = headerValue(answer.headers, 'retry-after');
  const values = {
    status: String(status),
    microsoftSaid: microsoftSaid(body.code, body.message),
    grafanaSaid: body.message,
    clientId: settings.clientId,
    target: describeTarget(settings),
    graphHost: hostOf(settings.graphUrl),
    apiVersion: apiVersionPath(settings),
    apiHost: hostOf(apiUrlOf(settings)),
    loginHost: hostOf(settings.loginUrl),
    wait: renderAdvice(retryAfter ? '{waitSeconds}' : '{waitUnknown}', { retryAfter: retryAfter ?? '' }),
    authFailedCauses: AUTH_FAILED_CAUSES.map((cause) => `• ${cause}`).join('\n'),
  };
  return error(renderAdvice(rule.message, values), renderAdvice(rule.fix ?? '', values));
}

function explainSuccess(bodyText: string, settings: ResolvedSettings): TestDataSourceResponse {
  let events: unknown;
  try {
    events = JSON.parse(bodyText)?.value;
  } catch {
    events = undefined;
  }
  if (!Array.isArray(events)) {
    return error(renderAdvice('{notAPage}', { apiHost: hostOf(apiUrlOf(settings)) }), renderAdvice('{notAPageFix}'));
  }
  // Graph names the time activityDateTime, the legacy API activityDate.
  const time = events[0]?.activityDateTime ?? events[0]?.activityDate;
  const newest = typeof time === 'string' ? time : undefined;
  return {
    status: 'success',
    message: renderAdvice('{connectedThroughProxy}', {
      target: describeTarget(settings),
      newest: newest ? renderAdvice('{newestEvent}', { time: newest }) : renderAdvice('{noEvents}'),
    }),
  };
}

/** Microsoft's text is echoed, so it passes the same redaction as every engine error. */
function error(message: string, fix: string): TestDataSourceResponse {
  return { status: 'error', message: redactSecrets(message), details: { message: fix } };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url || 'the Graph host';
  }
}
