package e2e_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/internal/emulatortest"
	"github.com/auditlens/entraid/pkg/internal/testcert"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/plugin"
)

// certificateDatasource signs in with a certificate in Server mode, as the config editor stores
// it: the PEM in backendClientCertificate, bound to the endpoints it was entered for.
func (e *emulator) certificateDatasource(t *testing.T, mode, pem string) *plugin.Datasource {
	t.Helper()
	jsonData := []byte(strings.Replace(string(e.jsonData(e.ClientID, "")), "{", `{"authMethod":"clientCertificate","queryMode":"`+mode+`",`, 1))
	parsed, err := models.ParseJSONData(jsonData)
	if err != nil {
		t.Fatal(err)
	}
	secure := map[string]string{models.ServerCertificateKey: pem, "tlsCACert": e.CACertPEM,
		models.ServerCertificateBindingKey: models.SecretBinding(models.Resolve(parsed, ""))}
	instance, err := plugin.NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: jsonData, DecryptedSecureJSONData: secure})
	if err != nil {
		t.Fatal(err)
	}
	return instance.(*plugin.Datasource)
}

func TestCertificateSignInAgainstTheEmulator(t *testing.T) {
	emu := startEmulator(t)
	expired := testcert.PEM(t, testcert.Options{NotBefore: time.Now().Add(-48 * time.Hour), NotAfter: time.Now().Add(-24 * time.Hour)})
	_, strayKey := testcert.Parts(t, testcert.Options{})
	cert := emu.ClientCertificatePEM[:strings.Index(emu.ClientCertificatePEM, "-----BEGIN PRIVATE KEY")]
	tests := []struct {
		name, mode, pem string
		wantOK          bool
		step, want      string
	}{
		{"the uploaded certificate", "server", emu.ClientCertificatePEM, true, "", "Connected to tenant"},
		{"a certificate never uploaded", "server", testcert.PEM(t, testcert.Options{}), false, "token", "AADSTS700027"},
		{"a certificate whose upload expired", "server", emu.RetiredCertificatePEM, false, "token", "AADSTS700027"},
		{"an expired certificate", "server", expired, false, "token", "the client certificate has expired on"},
		{"malformed PEM", "server", "-----BEGIN CERTIFICATE-----\nnot base64\n", false, "settings", "no certificate found"},
		{"the certificate with another key", "server", cert + strayKey, false, "settings", "does not belong to the first certificate"},
		{"Browser mode", "browser", emu.ClientCertificatePEM, false, "settings", "Browser mode's proxy routes cannot sign in with a certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := countAPI(emu.Requests(t), "token")
			res, err := emu.certificateDatasource(t, tc.mode, tc.pem).CheckHealth(context.Background(), &backend.CheckHealthRequest{})
			if err != nil {
				t.Fatal(err)
			}
			if (res.Status == backend.HealthStatusOk) != tc.wantOK || !strings.Contains(res.Message, tc.want) {
				t.Fatalf("status %v message %q", res.Status, res.Message)
			}
			var details struct{ Step string }
			_ = json.Unmarshal(res.JSONDetails, &details)
			if !tc.wantOK && details.Step != tc.step {
				t.Errorf("step %q, want %q", details.Step, tc.step)
			}
			if tc.step == "settings" || strings.Contains(tc.want, "expired on") {
				if sent := countAPI(emu.Requests(t), "token") - before; sent != 0 {
					t.Errorf("%d token requests with a certificate the plugin knows is unusable", sent)
				}
			}
			for _, line := range strings.Split(tc.pem, "\n")[1:3] {
				if len(line) > 20 && strings.Contains(res.Message, line) {
					t.Errorf("the message shows the PEM: %q", res.Message)
				}
			}
			if strings.Contains(res.Message, "Thumbprint of key") || strings.Contains(res.Message, "Client assertion failed") {
				t.Errorf("the message carries Microsoft's description: %q", res.Message)
			}
		})
	}
}

// Queries run with the certificate's token, and the ground truth matches.
func TestCertificateQueriesMatchGroundTruth(t *testing.T) {
	emu := startEmulator(t)
	to := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Minute)
	from := to.Add(-6 * time.Hour)
	res := query(t, emu.certificateDatasource(t, "server", emu.ClientCertificatePEM), from, to, `{"refId":"A","format":"alertNumbers","groupBy":"result"}`)
	if res.Error != nil {
		t.Fatal(res.Error)
	}
	total := 0
	for _, n := range numbersByLabel(t, res.Frames, "result") {
		total += n
	}
	if want := emu.Count(t, from.UnixMilli(), to.UnixMilli()); total != want || want == 0 {
		t.Errorf("%d events, ground truth %d", total, want)
	}
}

func countAPI(requests []emulatortest.Request, api string) int {
	n := 0
	for _, r := range requests {
		if r.API == api {
			n++
		}
	}
	return n
}
