import { secretBinding, secretKeysOf } from '../../core/model/secretBinding';
import { QueryMode, resolveSettings } from '../../core/model/settings';
import { AuditJsonData, ConfigEditorProps } from './types';

type Options = ConfigEditorProps['options'];

/** The part of the settings whose change cleared the stored secret, as the notice names it. */
export type BindingPart = 'cloud' | 'login URL' | 'tenant' | 'query mode';

const PARTS: BindingPart[] = ['cloud', 'login URL', 'tenant'];

function bindingOf(jsonData: AuditJsonData): string {
  return secretBinding(resolveSettings(jsonData));
}

function modeOf(jsonData: AuditJsonData): QueryMode {
  return resolveSettings(jsonData).queryMode;
}

/**
 * Keeps the client secret bound to where it was entered for. A change of cloud, login URL or
 * tenant clears a stored secret (Grafana's secureJsonFields reset), so it is never sent to the new
 * endpoint; a secret being typed is stored with the binding of the settings it is saved with. The
 * secret lives under the query mode's key (secretKeysOf), so a change of mode clears it too, unless
 * both modes keep it under the same key (Server and Server with store).
 */
export function bindSecret(previous: Options, next: Options): { options: Options; cleared?: BindingPart } {
  if (secretKeysOf(modeOf(previous.jsonData)).secret !== secretKeysOf(modeOf(next.jsonData)).secret) {
    return switchMode(next, modeOf(previous.jsonData));
  }
  const keys = secretKeysOf(modeOf(next.jsonData));
  const before = bindingOf(previous.jsonData);
  const after = bindingOf(next.jsonData);
  let options = next;
  let cleared: BindingPart | undefined;
  if (before !== after && next.secureJsonFields?.[keys.secret]) {
    const changed = before.split('|').findIndex((part, i) => part !== after.split('|')[i]);
    cleared = PARTS[Math.max(changed, 0)];
    options = {
      ...next,
      secureJsonFields: { ...next.secureJsonFields, [keys.secret]: false, [keys.binding]: false },
      secureJsonData: { ...next.secureJsonData, [keys.secret]: '' },
    };
  }
  const typed = options.secureJsonData?.[keys.secret];
  if (typed !== undefined) {
    // An empty secret (reset) takes its binding with it; a typed one is bound to these settings.
    const binding = typed === '' ? '' : after;
    options = { ...options, secureJsonData: { ...options.secureJsonData, [keys.binding]: binding } };
  }
  return { options, cleared };
}

/**
 * A new query mode keeps its secret under another key: the old mode's secret is removed (in server
 * mode no route may find one under `clientSecret`), and the admin enters it again for the new mode.
 */
function switchMode(next: Options, before: QueryMode): { options: Options; cleared?: BindingPart } {
  const old = secretKeysOf(before);
  const now = secretKeysOf(modeOf(next.jsonData));
  const hadSecret = Boolean(next.secureJsonFields?.[old.secret] || next.secureJsonData?.[old.secret]);
  const options = {
    ...next,
    secureJsonFields: {
      ...next.secureJsonFields,
      [old.secret]: false,
      [old.binding]: false,
      [now.secret]: false,
      [now.binding]: false,
    },
    secureJsonData: {
      ...next.secureJsonData,
      [old.secret]: '',
      [old.binding]: '',
      [now.secret]: '',
      [now.binding]: '',
    },
  };
  return { options, cleared: hadSecret ? 'query mode' : undefined };
}
