import React from 'react';
import { QueryEditorHelpProps } from '@grafana/data';
import { Button, Card, Stack, Text } from '@grafana/ui';

import { AuditQuery } from '../core/model/query';
import { filterFieldLabel, FORMAT_OPTIONS } from './query/options';
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
    parts.push(`group by ${query.groupBy}`);
  }
  for (const row of query.filters) {
    parts.push(
      `${filterFieldLabel(row.field)} ${row.operator === 'eq' ? 'is' : 'starts with'} ${row.values.join(' or ')}`
    );
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
