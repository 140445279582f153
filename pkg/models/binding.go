package models

import (
	"fmt"
	"strings"
)

// SecretBindingKey is the secureJsonData key the config editor writes next to clientSecret, and
// a provisioning file may set: which cloud, login host and tenant the secret was entered for.
// It lives in secureJsonData so that changing jsonData (the API, provisioning) cannot rewrite it.
const SecretBindingKey = "clientSecretBinding"

var (
	// ErrSecretRebound: the settings now send the secret somewhere it was not saved for.
	ErrSecretRebound = NewCodedError("invalidSettings", "the client credential was saved for other endpoints")
	// ErrSecretUnbound: a custom cloud's secret has no binding, so its destination is unchecked.
	ErrSecretUnbound = NewCodedError("invalidSettings", "the client credential of a custom cloud is not bound to its endpoints")
)

// SecretBinding is "<cloud>|<login host>|<tenant>" for resolved settings, host and tenant in lower
// case; secretBinding in src/core/model/secretBinding.ts writes the same text (table:
// conformance/tables/secret-bindings.json). The endpoint rule leaves only scheme://host[:port].
func SecretBinding(s Settings) string {
	host := s.LoginURL
	if at := strings.Index(host, "://"); at >= 0 {
		host = host[at+3:]
	}
	return strings.Join([]string{string(s.Cloud), strings.ToLower(host), strings.ToLower(s.TenantID)}, "|")
}

// CheckSecretBinding refuses settings that would send the secret to a cloud, login host or tenant
// other than the one it was saved for. Without a stored binding (data sources saved before
// bindings, provisioning files without the key) a named cloud is accepted, as its login host is
// Microsoft's fixed one; a custom cloud is refused until the secret is re-entered or a binding is
// provisioned.
func CheckSecretBinding(s Settings, stored string) error {
	want := SecretBinding(s)
	// The binding key and the words for the credential the settings sign in with.
	_, key := s.CredentialKeys()
	noun := "client secret"
	if s.AuthMethod == AuthClientCertificate {
		noun = "client certificate"
	}
	if stored == "" {
		if _, named := Clouds[s.Cloud]; named {
			return nil
		}
		return fmt.Errorf("%w; re-enter the %s in the data source settings and save, or provision secureJsonData.%s: %q", ErrSecretUnbound, noun, key, want)
	}
	saved, now := strings.Split(stored, "|"), strings.Split(want, "|")
	if len(saved) != 3 {
		return fmt.Errorf("%w: secureJsonData.%s is not \"<cloud>|<login host>|<tenant>\"; re-enter the %s in the data source settings and save, or provision %q", ErrSecretRebound, key, noun, want)
	}
	names := []string{"cloud", "login host", "tenant"}
	for i, name := range names {
		if !strings.EqualFold(saved[i], now[i]) {
			return fmt.Errorf("%w: it was saved for the %s %q, but the settings now name %q; a %s goes only where it was saved for, so re-enter the %s in the data source settings and save", ErrSecretRebound, name, saved[i], now[i], noun, noun)
		}
	}
	return nil
}
