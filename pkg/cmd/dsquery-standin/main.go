// Command dsquery-standin answers Grafana's `POST /api/ds/query` by running the plugin backend's
// real QueryData (pkg/plugin) through the SDK's instance manager, as Grafana does over gRPC: the
// benchmarks' stand-in for a Grafana server whose data sources run in Server mode.
//
//	dsquery-standin --settings datasources.json [--listen 127.0.0.1:0] [--emulator-clock http://127.0.0.1:PORT]
//
// The settings file holds the data sources as Grafana would pass them to the plugin (jsonData and
// decrypted secureJsonData, per organisation and uid). The first line on stdout is
// "listening on http://host:port". With --emulator-clock the backend runs on the tenant emulator's
// fast clock (its pacer, retries and cache ages), read from the emulator's /_emulator/now.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/auditlens/entraid/pkg/clock"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on; the chosen one is printed as the first line")
	settingsPath := flag.String("settings", "", "JSON file of data sources: {\"datasources\":[{\"orgId\",\"uid\",\"jsonData\",\"secureJsonData\"}]}")
	emulatorURL := flag.String("emulator-clock", "", "run on the tenant emulator's clock, read from this base URL (its inspection must be on)")
	flag.Parse()
	if err := run(*listen, *settingsPath, *emulatorURL); err != nil {
		fmt.Fprintln(os.Stderr, "dsquery-standin:", err)
		os.Exit(1)
	}
}

func run(listen, settingsPath, emulatorURL string) error {
	if settingsPath == "" {
		return fmt.Errorf("--settings is required: a JSON file of the data sources to serve")
	}
	sources, err := loadSettings(settingsPath)
	if err != nil {
		return err
	}
	var clk clock.Clock = clock.Real{}
	if emulatorURL != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if clk, err = NewEmulatorClock(ctx, http.DefaultClient, emulatorURL); err != nil {
			return err
		}
	}
	listener, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	// The host reads this line to learn the port.
	fmt.Printf("listening on http://%s\n", listener.Addr())
	server := &http.Server{Handler: NewServer(sources, clk), ReadHeaderTimeout: 5 * time.Second}
	return server.Serve(listener)
}
