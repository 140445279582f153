package engine_test

import "github.com/auditlens/entraid/pkg/internal/conformance"

// The canonical forms live in pkg/internal/conformance, shared with the differential command.
type (
	canonicalRequest = conformance.Request
	scriptedAnswer   = conformance.Answer
)

var (
	canonicalFrames  = conformance.Frames
	newScriptedGraph = conformance.NewScriptedGraph
)
