package graph

import (
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/auditlens/entraid/pkg/models"
)

// ErrBadCertificate: the stored client certificate cannot sign in. Its messages name the block
// that is wrong, never the PEM's content.
var ErrBadCertificate = models.NewCodedError("invalidSettings", "the client certificate could not be read")

// pemHint is how the certificate field must look.
const pemHint = "paste the certificate and its private key as PEM: a -----BEGIN CERTIFICATE----- block and a -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY) block, e.g. both files of openssl req -x509 … joined (README, Connect a real tenant)"

// ClientCertificate is a parsed certificate with the RSA key Entra ID's client assertions need.
type ClientCertificate struct {
	Chain []*x509.Certificate
	Key   crypto.PrivateKey
}

// ParseClientCertificate reads the certificate PEM (leaf first, any chain after) and its
// unencrypted private key, and checks the key belongs to the leaf.
func ParseClientCertificate(text string) (*ClientCertificate, error) {
	var certs []*x509.Certificate
	var key crypto.PrivateKey
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%w: a CERTIFICATE block is not an X.509 certificate; %s", ErrBadCertificate, pemHint)
			}
			certs = append(certs, cert)
		case "PRIVATE KEY", "RSA PRIVATE KEY":
			if key != nil {
				return nil, fmt.Errorf("%w: it holds two private keys; keep only the certificate's own key", ErrBadCertificate)
			}
			parsed, err := parsePrivateKey(block)
			if err != nil {
				return nil, err
			}
			key = parsed
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("%w: the private key is encrypted; remove its passphrase (openssl pkey -in key.pem -out plain.pem) and paste the unencrypted key, which Grafana stores encrypted", ErrBadCertificate)
		}
	}
	switch {
	case len(certs) == 0:
		return nil, fmt.Errorf("%w: no certificate found; %s", ErrBadCertificate, pemHint)
	case key == nil:
		return nil, fmt.Errorf("%w: no private key found; the backend signs with the key, so %s", ErrBadCertificate, pemHint)
	}
	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%w: the private key is not an RSA key; Entra ID's client assertions need an RSA certificate (openssl req -x509 -newkey rsa:2048 …)", ErrBadCertificate)
	}
	leaf, ok := certs[0].PublicKey.(*rsa.PublicKey)
	if !ok || !leaf.Equal(&rsaKey.PublicKey) {
		return nil, fmt.Errorf("%w: the private key does not belong to the first certificate; paste the certificate together with its own key", ErrBadCertificate)
	}
	return &ClientCertificate{Chain: certs, Key: rsaKey}, nil
}

func parsePrivateKey(block *pem.Block) (crypto.PrivateKey, error) {
	if key, err := x509.ParsePKCS8PrivateKey(block.Bytes); err == nil {
		return key, nil
	}
	if key, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return key, nil
	}
	return nil, fmt.Errorf("%w: a %s block is not a readable private key; %s", ErrBadCertificate, block.Type, pemHint)
}

// ErrCertificateExpired: the certificate is past its end date, so Entra ID would refuse it.
var ErrCertificateExpired = errors.New("the client certificate has expired")

// checkValidity refuses a certificate outside its validity at now, before anything is sent.
func (c *ClientCertificate) checkValidity(now time.Time) error {
	leaf := c.Chain[0]
	if now.After(leaf.NotAfter) {
		return &TokenError{Local: fmt.Sprintf("%s on %s; create a new certificate, upload its public part (.cer or .pem) to the app registration under Certificates & secrets, and paste the new certificate and key here", ErrCertificateExpired, leaf.NotAfter.UTC().Format(time.RFC3339)), cause: ErrCertificateExpired}
	}
	if now.Before(leaf.NotBefore) {
		return &TokenError{Local: fmt.Sprintf("the client certificate is valid only from %s; check the server's clock or use a certificate that is valid now", leaf.NotBefore.UTC().Format(time.RFC3339))}
	}
	return nil
}
