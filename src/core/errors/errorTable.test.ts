import answers from '../../../conformance/tables/error-answers.json';
import table from '../../../conformance/tables/errors.json';
import { codeEntry, renderAdvice, tableCodes } from './errorTable';
import { errorFromResponse } from './graphError';
import { QUERY_ERROR_CODES } from './queryError';
import { truncatedAlertError } from './truncatedAlert';

describe('the error table (conformance/tables/errors.json, also run by go test)', () => {
  it.each(answers.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const bodyText = 'body' in c ? JSON.stringify(c.body) : 'bodyText' in c ? String(c.bodyText) : '';
    const error = errorFromResponse(c.status, bodyText);
    expect({ code: error.code, message: error.message }).toEqual(c.expect);
  });

  it('gives every QueryErrorCode, and internal, a status and a source', () => {
    expect([...tableCodes()].sort()).toEqual([...QUERY_ERROR_CODES, 'internal'].sort());
  });

  it('answers an unknown code as a plugin error with 500', () => {
    expect(codeEntry('internal')).toEqual({ status: 500, source: 'plugin' });
    expect(codeEntry('noSuchCode')).toEqual({ status: 500, source: 'plugin' });
    expect(codeEntry('permissionDenied')).toEqual({ status: 403, source: 'downstream' });
  });

  it('decides every rule list, each rule naming a known code, ending with a rule for any answer', () => {
    for (const rules of [table.graphAnswers, table.probeAnswers, table.tokenAnswers.byStatus]) {
      for (const rule of rules) {
        expect(tableCodes()).toContain(rule.code);
      }
      expect(rules[rules.length - 1].when).toEqual([{}]);
    }
  });

  it('names only placeholders the engines fill', () => {
    const filled = new Set([
      ...Object.keys(table.texts),
      ...['status', 'microsoftSaid', 'detail', 'requestId', 'retryAfter', 'time', 'maxEvents'],
      ...['clientId', 'target', 'graphHost', 'apiVersion', 'apiHost', 'loginHost', 'wait', 'grafanaSaid'],
      ...['authFailedCauses', 'newest', 'tenantId'],
      ...['host', 'transport', 'aadsts', 'oauthCode', 'advice', 'trace', 'traceId', 'correlationId'],
    ]);
    const all = JSON.stringify({ ...table, about: '' });
    const named = [...all.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    expect(named.filter((name) => !filled.has(name))).toEqual([]);
  });

  it('inserts a value once, so text from Microsoft cannot name a placeholder', () => {
    expect(renderAdvice('{microsoftSaid}', { detail: '{status} {grantSteps}' })).toBe(
      ' Microsoft said: "{status} {grantSteps}".'
    );
  });
});

describe('the truncated-alert error', () => {
  it("has the table's words, as Go's TruncatedAlertError (pkg/engine/truncation_test.go)", () => {
    const error = truncatedAlertError(2500);
    expect(error.code).toBe('eventsLimit');
    expect(error.message).toBe(
      'The events limit (2500 per query) stopped the walk before the whole range was read, so these counts would be too low ' +
        'for an alert. Narrow the range, add filters, or raise "Events per query" in the data source settings.'
    );
  });
});
