import React from 'react';
import { QueryEditorHelpProps } from '@grafana/data';
import { Button, Card, Stack, Text } from '@grafana/ui';

import { AuditQuery } from '../core/model/query';
import { filterFieldLabel, FORMAT_OPTIONS, OPERATOR_OPTIONS } from './query/options';
import { QUERY_EXAMPLES, QueryExample } from './query/examples';
import { selectors } from './selectors';

/** The cheat sheet Grafana shows beside the query editor, in panels and Explore. */
export function QueryEditorHelp({ query, onClickExample }: QueryEditorHelpProps<AuditQuery>) {
  return (
    <Stack direction="column" gap={1} data-testid={selectors.query.help}>
      <Text element="p">
        Filters work like the Entra admin center&apos;s: rows are ANDed, the values in a row ORed, and matching ignores
        case. Microsoft Graph applies what it can; the plugin applies the rest to the fetched events, so the result is
        the same either way. Values may be dashboard variables; a multi-value variable becomes several values.
      </Text>
      <Text element="p">
        Operators: <em>is</em>, <em>is not</em> (none of the values), <em>starts with</em>, <em>contains</em> and{' '}
        <em>does not contain</em> (none of the values). Graph takes only <em>is</em> and <em>starts with</em>, on the
        fields Microsoft documents; the others always run in the plugin, which fetches more events. On a target field
        any target may match, and <em>is not</em> keeps an event only when no target matches. Group by a second field (
        <em>Then by</em>) to label every series and alert with both, e.g. initiated by and target name: who did it to
        what.
      </Text>
      {QUERY_EXAMPLES.map((example) => (
        <Card key={example.title} noMargin>
          <Card.Heading>{example.title}</Card.Heading>
          <Card.Description>
            {example.description}
            <br />
            <Text variant="code" color="secondary">
              {summarise(example)}
            </Text>
          </Card.Description>
          <Card.Actions>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => onClickExample({ ...example.query, refId: query?.refId ?? 'A' })}
            >
              Use this query
            </Button>
          </Card.Actions>
        </Card>
      ))}
    </Stack>
  );
}

function summarise({ query }: QueryExample): string {
  const format = FORMAT_OPTIONS.find((o) => o.value === query.format)?.label ?? query.format;
  const parts = [`Format: ${format}`];
  if (query.format !== 'events' && query.format !== 'logs') {
    parts.push(`group by ${query.groupBy}${query.secondGroupBy ? ` then ${query.secondGroupBy}` : ''}`);
  }
  for (const row of query.filters) {
    const negative = row.operator === 'ne' || row.operator === 'notContains';
    const operator = OPERATOR_OPTIONS.find((o) => o.value === row.operator)?.label ?? row.operator;
    parts.push(`${filterFieldLabel(row.field)} ${operator} ${row.values.join(negative ? ' nor ' : ' or ')}`);
  }
  if (query.rawFilter) {
    parts.push(`$filter: ${query.rawFilter}`);
  }
  if (query.topN) {
    parts.push(`top ${query.topN}`);
  }
  if (query.groups) {
    parts.push(`always report ${query.groups.join(', ')}`);
  }
  return parts.join(' · ');
}
