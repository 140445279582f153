import { secretBinding } from '../../core/model/secretBinding';
import { resolveSettings } from '../../core/model/settings';
import { AuditJsonData, ConfigEditorProps } from './types';

type Options = ConfigEditorProps['options'];

/** The part of the settings whose change cleared the stored secret, as the notice names it. */
export type BindingPart = 'cloud' | 'login URL' | 'tenant';

const PARTS: BindingPart[] = ['cloud', 'login URL', 'tenant'];

function bindingOf(jsonData: AuditJsonData): string {
  return secretBinding(resolveSettings(jsonData));
}

/**
 * Keeps the client secret bound to where it was entered for. A change of cloud, login URL or
 * tenant clears a stored secret (Grafana's secureJsonFields reset), so it is never sent to the new
 * endpoint; a secret being typed is stored with the binding of the settings it is saved with.
 */
export function bindSecret(previous: Options, next: Options): { options: Options; cleared?: BindingPart } {
  const before = bindingOf(previous.jsonData);
  const after = bindingOf(next.jsonData);
  let options = next;
  let cleared: BindingPart | undefined;
  if (before !== after && next.secureJsonFields?.clientSecret) {
    const changed = before.split('|').findIndex((part, i) => part !== after.split('|')[i]);
    cleared = PARTS[Math.max(changed, 0)];
    options = {
      ...next,
      secureJsonFields: { ...next.secureJsonFields, clientSecret: false, clientSecretBinding: false },
      secureJsonData: { ...next.secureJsonData, clientSecret: '' },
    };
  }
  const typed = options.secureJsonData?.clientSecret;
  if (typed !== undefined) {
    // An empty secret (reset) takes its binding with it; a typed one is bound to these settings.
    const clientSecretBinding = typed === '' ? '' : after;
    options = { ...options, secureJsonData: { ...options.secureJsonData, clientSecretBinding } };
  }
  return { options, cleared };
}
