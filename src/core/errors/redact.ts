/**
 * Last line of defence for text that leaves the engine (errors, notices): an upstream body or a
 * transport message could echo a bearer token or a form-encoded secret, so those shapes are masked.
 */
const PATTERNS: RegExp[] = [
  // JSON Web Tokens (Entra ID access tokens are JWTs).
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /(bearer\s+)[^\s"',;]+/gi,
  /((?:client_secret|access_token|refresh_token|clientSecret)["']?\s*[=:]\s*["']?)[^\s"'&,;}]+/gi,
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, (match, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]'
    );
  }
  return result;
}
