import { graphAnswerRule, microsoftSaid, renderAdvice } from './errorTable';
import { QueryError } from './queryError';

/** The parts of Microsoft's error bodies the messages use: Graph's `error`, legacy `odata.error`. */
interface ParsedErrorBody {
  code: string;
  message: string;
  /** The body is the retired Azure AD Graph's `odata.error`, so the answer came from the legacy API. */
  legacy: boolean;
  /** Microsoft's request-id, which its support asks for; '' when the body has none. */
  requestId: string;
}

export function parseErrorBody(bodyText: string): ParsedErrorBody {
  try {
    const body = JSON.parse(bodyText);
    const legacy = !!body?.['odata.error'] && typeof body['odata.error'] === 'object';
    const error = legacy ? body['odata.error'] : body?.error;
    if (error && typeof error === 'object') {
      // Azure AD Graph writes the message as {lang, value}.
      const message = typeof error.message === 'string' ? error.message : error.message?.value;
      return { code: String(error.code ?? ''), message: String(message ?? ''), legacy, requestId: requestIdOf(error, legacy) };
    }
    if (body && typeof body.message === 'string') {
      return { code: '', message: body.message, legacy: false, requestId: '' };
    }
  } catch {
    // Not JSON: Grafana's proxy answers some failures in plain text.
  }
  return { code: '', message: bodyText.trim().slice(0, 300), legacy: false, requestId: '' };
}

/** Graph writes innerError["request-id"] (or requestId); the legacy API writes requestId on odata.error. */
function requestIdOf(error: Record<string, unknown>, legacy: boolean): string {
  const inner = error.innerError as Record<string, unknown> | null | undefined;
  const candidates = legacy ? [error.requestId] : [inner?.['request-id'], inner?.requestId];
  const found = candidates.find((id) => typeof id === 'string' && id !== '');
  return typeof found === 'string' ? found : '';
}

/**
 * Turns a non-retryable (or retries-exhausted) HTTP answer into the message a panel shows, by the
 * rules of conformance/tables/errors.json (graphAnswers), as the Go engine's GraphError does.
 */
export function errorFromResponse(status: number, bodyText: string): QueryError {
  const body = parseErrorBody(bodyText);
  const rule = graphAnswerRule({ status, ...body });
  const message = renderAdvice(rule.message, {
    status: String(status),
    microsoftSaid: microsoftSaid(body.code, body.message),
  });
  const requestId = body.requestId ? renderAdvice('{requestIdSuffix}', { requestId: body.requestId }) : '';
  return new QueryError(rule.code, message + requestId, status);
}
