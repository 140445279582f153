// Package storesync fills a data source's audit store (pkg/store) from Microsoft Graph and keeps
// it current: a backfill from now back to the retention edge, newest first, then a sync of the
// tail every storeSyncSeconds, at storeBudgetShare of the request budget, pruning what is older
// than storeRetentionDays. One sync per store in the process, however many data-source instances
// Grafana's SDK creates: it lives as the store's companion (store.Handle.Attached).
package storesync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/auditlens/entraid/pkg/graph"
	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/store"
)

// companionName is the sync's name among a store's companions.
const companionName = "sync"

// Source is what a data-source instance brings: its resolved, validated settings (secret
// included), its Graph client (whose Pacer dashboards and alerts share) and when its settings were
// saved (DataSourceInstanceSettings.Updated). Grafana hands a plugin the secret only with a
// request, so after a restart a store's sync starts at its data source's first query.
type Source struct {
	Settings models.Settings
	Client   *graph.Client
	Updated  time.Time
}

// Sync is one store's backfill and sync loop. Ensure returns it; Status reads it; it stops when
// the store's last handle closes (or the store is deleted).
type Sync struct {
	st     store.Store
	path   string
	cancel context.CancelFunc
	done   chan struct{}
	wake   chan struct{}

	mu       sync.Mutex
	src      Source
	bg       *graph.Client // src.Client pacing in a Lane at the budget share
	progress progress
	closed   bool
}

// Ensure starts h's store sync if none runs in this process, or hands src to the running one
// (the newest settings win: an instance disposed after a settings change may still query for a
// few seconds with the old ones). Call it from a data-source instance that holds h.
func Ensure(h *store.Handle, src Source) (*Sync, error) {
	if err := checkSource(src); err != nil {
		return nil, err
	}
	lane, err := newLaneFor(src)
	if err != nil {
		return nil, err
	}
	unowned, err := h.Unowned()
	if err != nil {
		return nil, err
	}
	var created *Sync
	c, err := h.Attached(companionName, func() io.Closer {
		created = newSync(unowned, h.Path())
		return created
	})
	if err != nil {
		return nil, err
	}
	s, ok := c.(*Sync)
	if !ok {
		return nil, fmt.Errorf("the store's %q companion is not a sync (%T)", companionName, c)
	}
	s.update(src, lane)
	if s == created {
		go s.run()
	}
	return s, nil
}

func newLaneFor(src Source) (*graph.Lane, error) {
	lane, err := graph.NewLane(src.Client.Pacer, src.Settings.StoreBudgetShare)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", models.ErrBadStoreBudgetShare, err)
	}
	return lane, nil
}

func checkSource(src Source) error {
	if src.Client == nil {
		return errors.New("the store sync needs the data source's Graph client")
	}
	if src.Client.Clock == nil {
		return errors.New("the store sync needs a clock on the Graph client")
	}
	return nil
}

func newSync(st store.Store, path string) *Sync {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sync{st: st, path: path, cancel: cancel, done: make(chan struct{}), wake: make(chan struct{}, 1)}
	s.progress.ctx = ctx
	return s
}

// update takes src unless the running sync has newer settings, and wakes the loop so new
// settings (a corrected secret, say) are tried at once.
func (s *Sync) update(src Source, lane *graph.Lane) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bg != nil && src.Updated.Before(s.src.Updated) {
		return
	}
	bg := *src.Client
	bg.Lane = lane
	bg.MaxEvents = 0 // a chunk is bounded by MaxChunkEvents instead
	first := s.bg == nil
	s.src, s.bg = src, &bg
	if first {
		return // the loop starts with a cycle; a wake now would make it run a second one at once
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// current is the settings and background client the next step uses.
func (s *Sync) current() (models.Settings, *graph.Client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.src.Settings, s.bg
}

// Close stops the loop and waits for it; the store calls it before closing its file.
func (s *Sync) Close() error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	if !already {
		<-s.done
	}
	return nil
}

// Done is closed when the loop has stopped.
func (s *Sync) Done() <-chan struct{} { return s.done }
