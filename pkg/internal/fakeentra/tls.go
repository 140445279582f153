package fakeentra

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"sync"
	"time"
)

// The fake serves HTTPS, as the Azure Identity library sends credentials to an https authority
// only. One throwaway CA per test process signs every fake's certificate; CACertPEM is what a
// data source's "With CA Cert" setting would hold.
var (
	pkiOnce   sync.Once
	caPool    *x509.CertPool
	caPEM     string
	serverTLS tls.Certificate
)

// CACertPEM is the PEM of the CA that signed the fakes' server certificate.
func CACertPEM() string {
	pkiOnce.Do(makePKI)
	return caPEM
}

// Transport trusts the fakes' CA and nothing else.
func Transport() *http.Transport {
	pkiOnce.Do(makePKI)
	return &http.Transport{TLSClientConfig: &tls.Config{RootCAs: caPool, MinVersion: tls.VersionTLS12}}
}

// HTTPClient is a client with Transport and a timeout.
func HTTPClient(timeout time.Duration) *http.Client {
	return &http.Client{Transport: Transport(), Timeout: timeout}
}

func makePKI() {
	now := time.Now()
	caKey := mustKey()
	caTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fakeentra test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER := mustCert(caTemplate, caTemplate, &caKey.PublicKey, caKey)
	ca, _ := x509.ParseCertificate(caDER)
	serverKey := mustKey()
	serverTemplate := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	serverDER := mustCert(serverTemplate, ca, &serverKey.PublicKey, caKey)
	caPool = x509.NewCertPool()
	caPool.AddCert(ca)
	caPEM = string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}))
	serverTLS = tls.Certificate{Certificate: [][]byte{serverDER}, PrivateKey: serverKey}
}

func mustKey() *ecdsa.PrivateKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return key
}

func mustCert(template, parent *x509.Certificate, pub any, signer any) []byte {
	der, err := x509.CreateCertificate(rand.Reader, template, parent, pub, signer)
	if err != nil {
		panic(err)
	}
	return der
}
