package graph_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/internal/fakeentra"
	"github.com/auditlens/entraid/pkg/internal/testcert"
	"github.com/auditlens/entraid/pkg/models"
)

func TestClientCertificatePEMIsReadOrRefusedWithTheFix(t *testing.T) {
	cert, key := testcert.Parts(t, testcert.Options{})
	otherCert, _ := testcert.Parts(t, testcert.Options{})
	tests := []struct {
		name string
		pem  string
		want string
	}{
		{"certificate and PKCS#8 key", cert + key, ""},
		{"key first, then the certificate", key + cert, ""},
		{"PKCS#1 key", testcert.PEM(t, testcert.Options{PKCS1: true}), ""},
		{"not PEM at all", "MIIC-not-a-pem", "no certificate found"},
		{"the certificate alone", cert, "no private key found"},
		{"a key of another certificate", otherCert + key, "does not belong to the first certificate"},
		{"an EC certificate", testcert.PEM(t, testcert.Options{EC: true}), "not an RSA key"},
		{"an encrypted key", cert + "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n", "remove its passphrase"},
		{"a broken certificate block", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" + key, "not an X.509 certificate"},
		{"two keys", cert + key + key, "two private keys"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parsed, err := graph.ParseClientCertificate(tc.pem)
			if tc.want == "" {
				if err != nil || parsed == nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, graph.ErrBadCertificate) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if models.CodeOf(err) != "invalidSettings" {
				t.Errorf("code %s", models.CodeOf(err))
			}
			// The PEM's base64 never reaches a message.
			body := strings.Split(key, "\n")[1]
			if strings.Contains(err.Error(), body) || strings.Contains(err.Error(), "MIIC-not") {
				t.Errorf("the message shows the PEM: %v", err)
			}
		})
	}
}

func TestAnExpiredOrNotYetValidCertificateIsRefusedBeforeAnythingIsSent(t *testing.T) {
	fake := fakeentra.New()
	defer fake.Close()
	s := fakeSettings(fake, "")
	s.AuthMethod, s.QueryMode = models.AuthClientCertificate, models.QueryModeServer
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s.ClientCertificate = testcert.PEM(t, testcert.Options{NotBefore: start, NotAfter: start.Add(30 * 24 * time.Hour)})
	for _, tc := range []struct {
		now  time.Time
		want string
	}{
		{start.Add(31 * 24 * time.Hour), "the client certificate has expired on 2026-01-31T00:00:00Z; create a new certificate, upload its public part"},
		{start.Add(-time.Hour), "the client certificate is valid only from 2026-01-01T00:00:00Z"},
	} {
		_, err := identityTokens(t, s, fakeentra.HTTPClient(5*time.Second), clock.NewManual(tc.now)).Token(context.Background())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("at %s: got %v, want %q", tc.now, err, tc.want)
		}
		if errors.Is(err, graph.ErrCertificateExpired) != strings.Contains(tc.want, "expired") {
			t.Errorf("at %s: errors.Is(ErrCertificateExpired) is wrong for %v", tc.now, err)
		}
	}
	if fake.TokenRequests() != 0 {
		t.Errorf("%d token requests with a certificate Entra ID would refuse", fake.TokenRequests())
	}
	// Within its validity the certificate signs an assertion (the fake knows only secrets).
	_, _ = identityTokens(t, s, fakeentra.HTTPClient(5*time.Second), clock.NewManual(start.Add(time.Hour))).Token(context.Background())
	if fake.TokenRequests() != 1 {
		t.Errorf("a valid certificate was not sent: %d token requests", fake.TokenRequests())
	}
	if forms := fake.TokenForms(); len(forms) == 1 && (forms[0].Get("client_assertion") == "" || forms[0].Get("client_secret") != "") {
		t.Errorf("the certificate method sent %v", forms[0])
	}
}
