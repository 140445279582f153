import { DataFrame, DataLink, Field } from '@grafana/data';

import { CLOUDS } from '../core/model/clouds';
import { AuditQuery, FilterField } from '../core/model/query';
import { ResolvedSettings } from '../core/model/settings';

export interface LinkContext {
  settings: ResolvedSettings;
  datasourceUid: string;
  datasourceName: string;
}

/** The audit-log blade of the Entra admin center (Azure portal in the government and China clouds). */
export function auditLogPortalUrl(settings: ResolvedSettings): string | undefined {
  const portal = portalUrl(settings);
  return portal && `${portal}/#view/Microsoft_AAD_IAM/ActiveDirectoryMenuBlade/~/Audit`;
}

/**
 * Data links from an event to its context: its whole operation (every event sharing the
 * correlation ID) or the event itself as a table row in Explore, and the tenant's audit log in the
 * Entra admin center. Added by the browser adapter only, so the frames both engines build stay equal.
 */
export function withEntraLinks(frame: DataFrame, context: LinkContext): DataFrame {
  const linksFor: Record<string, DataLink[]> = {
    'Correlation ID': [exploreLink('Events of this operation', 'correlationId', context)],
    // The logs frame's event id: Explore's log details offer the full row from there.
    id: [exploreLink('This event with all its details', 'id', context)],
  };
  const portal = auditLogPortalUrl(context.settings);
  if (portal) {
    linksFor['Correlation ID'].push({ title: 'Audit logs in the Entra admin center', url: portal, targetBlank: true });
    linksFor.id.push({ title: 'Audit logs in the Entra admin center', url: portal, targetBlank: true });
  }
  Object.assign(linksFor, investigationLinks(context));
  if (!frame.fields.some((field) => linksFor[field.name])) {
    return frame;
  }
  return {
    ...frame,
    fields: frame.fields.map((field): Field => {
      const links = linksFor[field.name];
      return links
        ? { ...field, config: { ...field.config, links: [...(field.config.links ?? []), ...links] } }
        : field;
    }),
  };
}

/**
 * The events table's initiator ids (issue 17): every event of that user or app in Explore, and
 * the object in the Entra admin center (Azure portal in the government and China clouds).
 */
function investigationLinks(context: LinkContext): Record<string, DataLink[]> {
  const portal = portalUrl(context.settings);
  const inPortal = (title: string, blade: string): DataLink[] =>
    portal ? [{ title, url: `${portal}/#view/${blade}`, targetBlank: true }] : [];
  return {
    'Initiator user ID': [
      exploreLink('Events by this user', 'initiatorUserId', context),
      ...inPortal(
        'User in the Entra admin center',
        'Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/overview/userId/${__value.raw}'
      ),
    ],
    'Initiator app ID': [
      exploreLink('Events by this app', 'initiatorAppId', context),
      ...inPortal(
        'App registration in the Entra admin center',
        'Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${__value.raw}'
      ),
    ],
    'Initiator service principal ID': inPortal(
      'Enterprise application in the Entra admin center',
      'Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/${__value.raw}/appId/${__data.fields["Initiator app ID"]}'
    ),
  };
}

function portalUrl(settings: ResolvedSettings): string | undefined {
  return settings.cloud === 'custom' ? undefined : CLOUDS[settings.cloud].portalUrl;
}

function exploreLink(title: string, field: FilterField, context: LinkContext): DataLink<AuditQuery> {
  return {
    title,
    url: '',
    internal: {
      datasourceUid: context.datasourceUid,
      datasourceName: context.datasourceName,
      query: {
        refId: 'A',
        format: 'events',
        groupBy: 'activity',
        filters: [{ field, operator: 'eq', values: ['${__value.raw}'] }],
      },
    },
  };
}
