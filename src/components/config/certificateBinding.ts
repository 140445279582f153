import { secretBinding } from '../../core/model/secretBinding';
import { resolveSettings } from '../../core/model/settings';
import { ConfigEditorProps } from './types';

type Options = ConfigEditorProps['options'];

/** Where the certificate method keeps its PEM and what it was entered for (pkg/models/authmethod.go). */
export const CERTIFICATE_KEYS = {
  secret: 'backendClientCertificate',
  binding: 'backendClientCertificateBinding',
} as const;

/**
 * The client certificate follows the secret's rule (secretBinding.ts): a change of cloud, login URL
 * or tenant clears a stored certificate, and a certificate being pasted is stored with the binding
 * of the settings it is saved with, which the backend checks before it signs anything.
 */
export function bindCertificate(previous: Options, next: Options): { options: Options; cleared: boolean } {
  const before = secretBinding(resolveSettings(previous.jsonData));
  const after = secretBinding(resolveSettings(next.jsonData));
  let options = next;
  let cleared = false;
  if (before !== after && next.secureJsonFields?.[CERTIFICATE_KEYS.secret]) {
    cleared = true;
    options = {
      ...next,
      secureJsonFields: {
        ...next.secureJsonFields,
        [CERTIFICATE_KEYS.secret]: false,
        [CERTIFICATE_KEYS.binding]: false,
      },
      secureJsonData: { ...next.secureJsonData, [CERTIFICATE_KEYS.secret]: '' },
    };
  }
  const typed = options.secureJsonData?.[CERTIFICATE_KEYS.secret];
  if (typed !== undefined) {
    const binding = typed === '' ? '' : after;
    options = { ...options, secureJsonData: { ...options.secureJsonData, [CERTIFICATE_KEYS.binding]: binding } };
  }
  return { options, cleared };
}
