package models

import (
	"encoding/json"
	"fmt"
	"slices"
)

// AuthMethod is how the backend signs the app in to Entra ID; it mirrors AuthMethod in
// src/core/model/settings.ts. Stored settings without the key use a client secret.
type AuthMethod string

// The sign-in methods.
const (
	// AuthClientSecret: the client-credentials grant with the app's client secret, in every mode.
	AuthClientSecret AuthMethod = "clientSecret"
	// AuthClientCertificate: a client assertion signed with the app's certificate (PEM with its
	// private key), kept as secureJsonData.backendClientCertificate. Server modes only: Grafana's
	// proxy routes cannot sign an assertion.
	AuthClientCertificate AuthMethod = "clientCertificate"
)

// authMethods are the values a stored authMethod may take (AUTH_METHODS in settings.ts).
var authMethods = []AuthMethod{AuthClientSecret, AuthClientCertificate}

// The secureJsonData keys of the certificate and of what it was entered for (binding.go's rule).
const (
	ServerCertificateKey        = "backendClientCertificate"
	ServerCertificateBindingKey = "backendClientCertificateBinding"
)

// The certificate method's rules.
var (
	ErrUnknownAuthMethod  = settingsRule("unknownAuthMethod", "unknown authentication method")
	ErrMissingCertificate = settingsRule("missingCertificate", "the client certificate is missing")
	// ErrCertificateNeedsServer: Grafana's proxy routes cannot sign a client assertion.
	ErrCertificateNeedsServer = settingsRule("certificateNeedsServer", "a client certificate needs a server query mode")
)

func readAuthMethod(d *JSONData, raw json.RawMessage) error {
	s, ok := readText(raw)
	if ok && slices.Contains(authMethods, AuthMethod(s)) {
		d.AuthMethod = AuthMethod(s)
		return nil
	}
	return fmt.Errorf("%w: %s; set authMethod to \"clientSecret\" or \"clientCertificate\" (Authentication, in the data source settings), or remove it for a client secret", ErrUnknownAuthMethod, shortJSON(raw))
}

// CredentialKeys names the secureJsonData keys of the credential the settings sign in with and of
// its binding: the mode's secret keys for a client secret, the certificate's keys otherwise.
func (s Settings) CredentialKeys() (credential, binding string) {
	if s.AuthMethod == AuthClientCertificate {
		return ServerCertificateKey, ServerCertificateBindingKey
	}
	return s.QueryMode.SecretKeys()
}

// validateCredential checks that the method's credential is there and that the mode can use it.
func (s Settings) validateCredential() error {
	if s.AuthMethod != AuthClientCertificate {
		if s.ClientSecret == "" {
			return fmt.Errorf("%w; paste the secret's Value (not its ID) in Client secret and save", ErrMissingSecret)
		}
		return nil
	}
	if !s.QueryMode.OnServer() {
		return fmt.Errorf("%w; Browser mode's proxy routes cannot sign in with a certificate: choose Server or Server with store under Where queries run, or use a client secret", ErrCertificateNeedsServer)
	}
	if s.API == APILegacy {
		return fmt.Errorf("%w; Azure AD Graph (legacy) signs in with a client secret only: choose Microsoft Graph v1.0 or beta, or use a client secret", ErrCertificateNeedsServer)
	}
	if s.ClientCertificate == "" {
		return fmt.Errorf("%w; paste the certificate and its private key (PEM) in Client certificate and save", ErrMissingCertificate)
	}
	return nil
}
