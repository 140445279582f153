// Package testcert makes client certificates (PEM, with their private keys) for the certificate
// sign-in tests: RSA as Entra ID wants them, or EC to be refused, valid in a chosen window.
package testcert

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"
)

// Options choose the key and the validity; the zero value is RSA valid from an hour ago for a year.
type Options struct {
	EC        bool
	PKCS1     bool
	NotBefore time.Time
	NotAfter  time.Time
}

// PEM is a self-signed certificate followed by its private key.
func PEM(t testing.TB, o Options) string {
	t.Helper()
	cert, key := Parts(t, o)
	return cert + key
}

// Parts are the certificate's PEM and its key's PEM.
func Parts(t testing.TB, o Options) (certPEM, keyPEM string) {
	t.Helper()
	if o.NotBefore.IsZero() {
		o.NotBefore = time.Now().Add(-time.Hour)
	}
	if o.NotAfter.IsZero() {
		o.NotAfter = time.Now().Add(365 * 24 * time.Hour)
	}
	var signer crypto.Signer
	var err error
	if o.EC {
		signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		signer, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "auditlens test client"},
		NotBefore: o.NotBefore, NotAfter: o.NotAfter, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, template, template, signer.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	keyBlock := &pem.Block{Type: "PRIVATE KEY"}
	if rsaKey, ok := signer.(*rsa.PrivateKey); ok && o.PKCS1 {
		keyBlock = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey)}
	} else if keyBlock.Bytes, err = x509.MarshalPKCS8PrivateKey(signer); err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})), string(pem.EncodeToMemory(keyBlock))
}
