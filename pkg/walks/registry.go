// Package walks is the backend's process-level registry of Graph walks: one per data source
// (organisation id, uid and the settings that decide a walk), holding the Graph client (token
// cache, and a pacer shared by every data source of the same app and tenant), the walks in flight
// (queries asking the same first request share one walk, and a query whose pushed-down filter
// only adds clauses to a walk's reads that walk: wider.go) and a cache of finished walks, so a
// refresh asks Graph only for what is newer than the kept part. It lives outside the SDK's
// instances because those are created lazily, disposed on every settings change (the old one
// lingering a few seconds) and may be evicted when idle; the registry outlives them all.
package walks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
)

// Limits bound what the registry holds. The cache's numbers are the browser's
// (DEFAULT_INCREMENTAL_WALKS_LIMITS in src/core/coordinate/incrementalWalks.ts), here for the whole process.
type Limits struct {
	// MaxCachedEvents: events kept across every cached walk; the least recently used walks go first.
	MaxCachedEvents int
	// MaxCachedWalks: finished walks kept across every data source.
	MaxCachedWalks int
	// MaxDataSources: data sources (org, uid, settings) held at once; the least recently used goes first.
	MaxDataSources int
	// ReuseWindow: a walk just finished answers its whole range this long without a request, as the
	// browser's SharedWalks reuses one (DEFAULT_SHARED_WALKS_LIMITS.ttlMs): a panel arriving right
	// after the walk it would have joined costs nothing, and neither does a refresh within it.
	ReuseWindow time.Duration
}

// DefaultLimits are the process's limits.
var DefaultLimits = Limits{MaxCachedEvents: 500_000, MaxCachedWalks: 50, MaxDataSources: 64, ReuseWindow: 30 * time.Second}

// Process is the registry every instance of this plugin process uses.
var Process = NewRegistry(DefaultLimits)

// Key names one data source as its settings stand: a uid is unique only within an organisation,
// and a settings change (another tenant, endpoint or secret) must never be served another's walks.
type Key struct {
	OrgID    int64
	UID      string
	Settings string
}

// SettingsKey is a digest of every resolved setting and the secret; the secret itself is never kept in a key.
func SettingsKey(s models.Settings) string {
	public, _ := json.Marshal(s) // ClientSecret is json:"-"
	sum := sha256.New()
	sum.Write(public)
	sum.Write([]byte{0})
	sum.Write([]byte(s.ClientSecret))
	sum.Write([]byte{0})
	sum.Write([]byte(s.ClientCertificate))
	return hex.EncodeToString(sum.Sum(nil))[:32]
}

// Registry holds every data source's shared state; safe for concurrent use.
type Registry struct {
	limits Limits

	mu      sync.Mutex
	sources map[Key]*Source
	pacers  map[string]*graph.Pacer
	uses    int64
}

// NewRegistry makes an empty registry (tests make their own; Grafana's process uses Process).
func NewRegistry(limits Limits) *Registry {
	return &Registry{limits: limits, sources: map[Key]*Source{}, pacers: map[string]*graph.Pacer{}}
}

// Source returns the data source's shared state, building its client with newClient the first
// time. Entries of the same org and uid with other settings are dropped: they are a previous version.
func (r *Registry) Source(key Key, s models.Settings, newClient func() (*graph.Client, error)) (*Source, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.uses++
	if src := r.sources[key]; src != nil {
		src.lastUsed = r.uses
		return src, nil
	}
	client, err := newClient()
	if err != nil {
		return nil, err
	}
	client.Pacer = r.pacerFor(s, client.Pacer)
	src := &Source{
		registry: r, key: key, Client: client, maxEvents: s.MaxEvents, lastUsed: r.uses,
		ingestionDelay: time.Duration(s.IngestionDelayMinutes) * time.Minute, reuseWindow: r.limits.ReuseWindow,
		flights: map[string]*flight{}, cache: map[string]*entry{},
	}
	for k := range r.sources {
		if k.OrgID == key.OrgID && k.UID == key.UID {
			delete(r.sources, k)
		}
	}
	r.sources[key] = src
	r.evictSources()
	return src, nil
}

// pacerFor shares one pacer among data sources of the same app, tenant and budget: Microsoft
// counts requests per app and tenant, whichever data source sends them.
func (r *Registry) pacerFor(s models.Settings, own *graph.Pacer) *graph.Pacer {
	key := pacerKey(s)
	if p := r.pacers[key]; p != nil {
		return p
	}
	r.pacers[key] = own
	return own
}

func pacerKey(s models.Settings) string {
	return strings.ToLower(strings.Join([]string{s.LoginURL, s.TenantID, s.ClientID, s.APIURL(),
		fmt.Sprint(s.RequestBudget.Requests), fmt.Sprint(s.RequestBudget.PerSeconds)}, "|"))
}

// evictSources drops the least recently used data sources past the limit, then the pacers and
// cached walks nobody holds any more. Walks in flight finish for the queries waiting on them.
func (r *Registry) evictSources() {
	if len(r.sources) > r.limits.MaxDataSources {
		byUse := make([]*Source, 0, len(r.sources))
		for _, src := range r.sources {
			byUse = append(byUse, src)
		}
		sort.Slice(byUse, func(i, j int) bool { return byUse[i].lastUsed > byUse[j].lastUsed })
		for _, src := range byUse[r.limits.MaxDataSources:] {
			delete(r.sources, src.key)
		}
	}
	used := map[string]bool{}
	for _, src := range r.sources {
		for key, p := range r.pacers {
			if p == src.Client.Pacer {
				used[key] = true
			}
		}
	}
	for key := range r.pacers {
		if !used[key] {
			delete(r.pacers, key)
		}
	}
}

// HeldEvents counts the events every cached walk holds.
func (r *Registry) HeldEvents() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	held := 0
	for _, src := range r.sources {
		for _, e := range src.cache {
			held += len(e.events)
		}
	}
	return held
}

// storeEntry keeps a finished walk, then drops the least recently used walks of every data source
// past the limits. Called with r.mu held.
func (r *Registry) storeEntry(src *Source, key string, e *entry) {
	src.cache[key] = e
	type held struct {
		src *Source
		key string
		e   *entry
	}
	var all []held
	for _, s := range r.sources {
		for k, v := range s.cache {
			all = append(all, held{s, k, v})
		}
	}
	if _, registered := r.sources[src.key]; !registered {
		all = append(all, held{src, key, e})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].e.lastUsed > all[j].e.lastUsed })
	events := 0
	for i, h := range all {
		events += len(h.e.events)
		if i >= r.limits.MaxCachedWalks || events > r.limits.MaxCachedEvents {
			delete(h.src.cache, h.key)
		}
	}
}
