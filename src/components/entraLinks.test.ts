import { DataFrame } from '@grafana/data';

import { buildFrames } from '../core/frames/buildFrames';
import { AuditQuery } from '../core/model/query';
import { resolveSettings } from '../core/model/settings';
import { toGrafanaFrame } from '../datasource/toDataFrame';
import { auditEvent } from './testing/auditEvents';
import { auditLogPortalUrl, withEntraLinks } from './entraLinks';

function frame(format: AuditQuery['format']): DataFrame {
  const query: AuditQuery = { refId: 'A', format, groupBy: 'activity', filters: [] };
  const built = buildFrames({
    query,
    events: [auditEvent()],
    from: 0,
    to: Date.now(),
    truncated: false,
    intervalMs: 60_000,
  });
  return toGrafanaFrame(built.frames[0]);
}

const context = (cloud: 'azure' | 'usgov' | 'custom') => ({
  settings: resolveSettings({
    cloud,
    tenantId: 't',
    clientId: 'c',
    graphUrl: 'https://g.example',
    loginUrl: 'https://l.example',
  }),
  datasourceUid: 'uid-1',
  datasourceName: 'Entra audit',
});

describe('withEntraLinks', () => {
  it('links an events row to its whole operation in Explore and to the admin center', () => {
    const linked = withEntraLinks(frame('events'), context('azure'));
    const links = linked.fields.find((f) => f.name === 'Correlation ID')!.config.links!;
    expect(links).toEqual([
      {
        title: 'Events of this operation',
        url: '',
        internal: {
          datasourceUid: 'uid-1',
          datasourceName: 'Entra audit',
          query: {
            refId: 'A',
            format: 'events',
            groupBy: 'activity',
            filters: [{ field: 'correlationId', operator: 'eq', values: ['${__value.raw}'] }],
          },
        },
      },
      {
        title: 'Audit logs in the Entra admin center',
        url: 'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/Audit',
        targetBlank: true,
      },
    ]);
    expect(linked.fields.filter((f) => f.config.links?.length).map((f) => f.name)).toEqual([
      'Initiator user ID',
      'Initiator app ID',
      'Initiator service principal ID',
      'Correlation ID',
    ]);
  });

  it("links the initiator's ids to their events in Explore and to the user, app and service principal in the admin center", () => {
    const linked = withEntraLinks(frame('events'), context('azure'));
    const linksOf = (name: string) => linked.fields.find((f) => f.name === name)!.config.links!;
    const [byUser, user] = linksOf('Initiator user ID');
    expect(byUser.internal?.query).toMatchObject({
      filters: [{ field: 'initiatorUserId', operator: 'eq', values: ['${__value.raw}'] }],
    });
    expect(user.url).toBe(
      'https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/${__value.raw}'
    );
    const [byApp, app] = linksOf('Initiator app ID');
    expect(byApp.internal?.query).toMatchObject({ filters: [{ field: 'initiatorAppId' }] });
    expect(app.url).toContain('Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${__value.raw}');
    expect(linksOf('Initiator service principal ID')[0].url).toContain(
      'ManagedAppMenuBlade/~/Overview/objectId/${__value.raw}/appId/${__data.fields["Initiator app ID"]}'
    );
    const custom = withEntraLinks(frame('events'), context('custom'));
    expect(custom.fields.find((f) => f.name === 'Initiator user ID')!.config.links!.map((l) => l.title)).toEqual([
      'Events by this user',
    ]);
  });

  it("links a log line to the event's full row", () => {
    const linked = withEntraLinks(frame('logs'), context('usgov'));
    const links = linked.fields.find((f) => f.name === 'id')!.config.links!;
    expect(links.map((l) => l.title)).toEqual([
      'This event with all its details',
      'Audit logs in the Entra admin center',
    ]);
    expect(links[0].internal?.query).toMatchObject({
      filters: [{ field: 'id', operator: 'eq', values: ['${__value.raw}'] }],
    });
    expect(links[1].url).toBe('https://portal.azure.us/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/Audit');
  });

  it('offers no portal link for custom endpoints and leaves other frames alone', () => {
    expect(auditLogPortalUrl(context('custom').settings)).toBeUndefined();
    const events = withEntraLinks(frame('events'), context('custom'));
    expect(events.fields.find((f) => f.name === 'Correlation ID')!.config.links!.map((l) => l.title)).toEqual([
      'Events of this operation',
    ]);
    const summary = frame('summary');
    expect(withEntraLinks(summary, context('azure'))).toBe(summary);
  });
});
