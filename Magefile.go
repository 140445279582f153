//go:build mage
// +build mage

package main

import (
	"github.com/magefile/mage/mg"
	"github.com/magefile/mage/sh"

	// mage:import
	build "github.com/grafana/grafana-plugin-sdk-go/build"
)

// Default builds the backend for every platform Grafana runs on.
var Default = build.BuildAll

// Release builds every platform into dist/ (linux amd64, arm, arm64; windows; darwin amd64, arm64)
// plus the manifest file Grafana's plugin signing expects. The test command builds only build:linux.
func Release() {
	mg.SerialDeps(build.BuildAll, build.Build.GenerateManifestFile)
}

// Bench runs the Go benchmarks (parsing and framing 100k events); never part of the test command.
func Bench() error {
	return sh.RunV("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "./pkg/...")
}
