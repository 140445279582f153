import { normalizeDirectoryAudit } from '../../src/core/normalize/normalizeDirectoryAudit';
import { AuditEvent } from '../../src/core/model/event';
import { renderDirectoryAudit } from '../graph/renderDirectoryAudit';
import { buildDirectory } from './directory';
import { EventGenerator, SLOT_MS } from './generator';

const directory = buildDirectory(7, 'contoso.onmicrosoft.com', 'tenant-id', 120);
const MONDAY = Date.parse('2026-11-16T00:00:00Z') / SLOT_MS;

/** A day of the synthetic tenant as the plugin reads it: rendered by the Graph endpoint, then normalised. */
function normalisedDay(): AuditEvent[] {
  const generator = new EventGenerator({ seed: 7, eventsPerDay: 20_000, ingestionDelayMs: 180_000, directory });
  const events: AuditEvent[] = [];
  for (let slot = MONDAY; slot < MONDAY + 24 * 60; slot++) {
    for (const synthetic of generator.eventsInSlot(slot)) {
      events.push(
        normalizeDirectoryAudit(renderDirectoryAudit(synthetic, 'beta', { id: 'tenant-id', name: 'Contoso' }))!
      );
    }
  }
  return events;
}

describe('the changed values detection rules key on, end to end', () => {
  const day = normalisedDay();
  const named = (activity: string) => day.filter((e) => e.activity.trim() === activity);

  it('names the role and its template id on every role assignment and removal', () => {
    for (const activity of ['Add member to role', 'Remove member from role']) {
      const events = named(activity);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(event.changes.roleName).not.toBe('');
        expect(directory.roles.find((r) => r.id === event.changes.roleTemplateId)?.displayName).toBe(
          event.changes.roleName
        );
      }
    }
    const removal = named('Remove member from role')[0].modifiedProperties.find(
      (p) => p.displayName === 'Role.DisplayName'
    );
    expect(removal?.newValue).toBe('');
  });

  it('reads a new credential (type, usage Verify, description) on app and service principal credential changes', () => {
    const events = [
      ...named('Update application – Certificates and secrets management'),
      ...named('Add service principal credentials'),
    ];
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(['Password', 'AsymmetricX509Cert']).toContain(event.changes.keyType);
      expect(event.changes.keyUsage).toBe('Verify');
      expect(event.changes.keyDescription).not.toBe('');
    }
  });

  it('reads the scopes and the admin-consent flag of every consent, both kinds occurring', () => {
    const events = named('Consent to application');
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.changes.consentPermissions).toMatch(/^[\w.]+( [\w.]+)*$/);
    }
    expect(new Set(events.map((e) => e.changes.adminConsent))).toEqual(new Set(['true', 'false']));
  });

  it("reads the Conditional Access policy's name and state on its changes", () => {
    const events = [...named('Update conditional access policy'), ...named('Delete conditional access policy')];
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.changes.policyName).toBe(event.targets[0].displayName);
      expect(['enabled', 'disabled', 'enabledForReportingButNotEnforced']).toContain(event.changes.policyState);
    }
  });

  it('serves the user agent and the initiating service principal as beta does', () => {
    expect(day.some((e) => e.userAgent !== '')).toBe(true);
    expect(day.some((e) => e.initiatorServicePrincipalId !== '')).toBe(true);
  });
});
