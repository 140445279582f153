package storesync

import "time"

// The named limits of a backfill and sync.
const (
	// FirstChunk is the span of the first walk of a backfill: small enough that today's panels are
	// answered from the store within a minute on a busy tenant.
	FirstChunk = time.Hour
	// MinChunk and MaxChunk bound the span of one walk (a week: a quiet tenant's chunk still fills
	// its pages); between them it adapts to the tenant's
	// density so a chunk holds about ChunkTargetEvents events.
	MinChunk = time.Minute
	MaxChunk = 7 * 24 * time.Hour
	// ChunkTargetEvents: about ten full pages per chunk, a batch the store writes in about a second.
	ChunkTargetEvents = 10_000
	// MaxChunkEvents bounds the events one chunk holds in memory (about 1 KB each as sent); a walk
	// reaching it stops at a page boundary and covers only what it walked.
	MaxChunkEvents = 50_000
	// MinOverlap: each sync walks again at least this much before the newest covered time, or the
	// ingestion delay when longer, so events Microsoft reports late are picked up (Microsoft: 2 min
	// at P95, 5 min at P99).
	MinOverlap = 5 * time.Minute
)

// day is the unit of the retention settings.
const day = 24 * time.Hour
