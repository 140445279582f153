package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/auditlens/entraid/pkg/models"
	"github.com/auditlens/entraid/pkg/storesync"
)

var _ backend.CallResourceHandler = (*Datasource)(nil)

// The resource paths, under /api/datasources/uid/<uid>/resources/.
const (
	pathStoreStatus = "store/status"
	pathStoreResync = "store/resync"
	pathStoreDelete = "store/delete"
)

// message is the body of every answer that is not a status.
type message struct {
	Message string `json:"message"`
}

// CallResource serves the store's status to anyone who may query the data source, and its
// re-sync and delete actions to organisation Admins. The store is the one of the request's
// organisation and data source; nothing in the path or body chooses a file.
func (d *Datasource) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	path := strings.Trim(req.Path, "/")
	action, known := map[string]func(context.Context, backend.PluginContext) (int, any){
		pathStoreStatus: d.serveStatus,
		pathStoreResync: d.serveResync,
		pathStoreDelete: d.serveDelete,
	}[path]
	want := http.MethodPost
	if path == pathStoreStatus {
		want = http.MethodGet
	}
	switch {
	case !known:
		return send(sender, http.StatusNotFound, message{fmt.Sprintf("no resource %q: this data source serves GET %s, POST %s and POST %s",
			path, pathStoreStatus, pathStoreResync, pathStoreDelete)})
	case req.Method != want:
		return send(sender, http.StatusMethodNotAllowed, message{fmt.Sprintf("%s %s is not served: use %s", req.Method, path, want)}, "Allow", want)
	case want == http.MethodPost && !isAdmin(req.PluginContext):
		return send(sender, http.StatusForbidden, message{fmt.Sprintf("only an Admin of this organisation may %s the audit store; "+
			"your role is %s. Ask an organisation Admin.", strings.TrimPrefix(path, "store/"), roleOf(req.PluginContext))})
	}
	status, body := action(ctx, req.PluginContext)
	return send(sender, status, body)
}

func isAdmin(pc backend.PluginContext) bool { return pc.User != nil && pc.User.Role == adminRole }

func roleOf(pc backend.PluginContext) string {
	if pc.User == nil || pc.User.Role == "" {
		return "unknown"
	}
	return pc.User.Role
}

// serveStatus answers store/status; the store's full path is shown to Admins only (they remove
// stores by hand), others see its file name.
func (d *Datasource) serveStatus(ctx context.Context, pc backend.PluginContext) (int, any) {
	st := d.storeStatus(ctx, pc)
	if st.Status != nil && !isAdmin(pc) {
		st.Path = filepath.Base(st.Path)
	}
	return http.StatusOK, st
}

// serveResync makes the sync walk the whole window again; the events held stay.
func (d *Datasource) serveResync(ctx context.Context, pc backend.PluginContext) (int, any) {
	if code, refused := d.refuseWithoutStore(); refused != nil {
		return code, refused
	}
	h, err := d.openStore(ctx, pc)
	if err != nil {
		return http.StatusConflict, message{storeProblem(err)}
	}
	defer func() { _ = h.Close() }()
	running, err := storesync.Resync(ctx, h, d.settings, d.clock.Now())
	if err != nil {
		return http.StatusInternalServerError, message{storeProblem(err)}
	}
	if running {
		return http.StatusOK, message{"Re-sync started: the store walks Microsoft Graph again from the retention edge, newest first; the events it holds stay."}
	}
	return http.StatusOK, message{"Re-sync scheduled: no sync runs in this Grafana process yet; it starts with the data source's next query " +
		"(open a dashboard or Explore) and walks Microsoft Graph again from the retention edge."}
}

// serveDelete stops the sync and removes the store's files; Grafana never tells a plugin that a
// data source was deleted, so this is how its history goes.
func (d *Datasource) serveDelete(ctx context.Context, pc backend.PluginContext) (int, any) {
	h, err := d.openStore(ctx, pc)
	if err != nil {
		return http.StatusConflict, message{"the audit store cannot be opened to delete it: " + err.Error() +
			". Remove its files by hand (docs/store.md, Removing a store)."}
	}
	path := h.Path()
	if err := h.Delete(); err != nil {
		return http.StatusInternalServerError, message{fmt.Sprintf("deleting the audit store %s failed: %v; stop Grafana and remove %s* by hand", path, err, path)}
	}
	return http.StatusOK, message{"Audit store deleted: the sync stopped and " + filepath.Base(path) + " was removed. " +
		"In Server with store mode the next query starts a new store and backfills it."}
}

// refuseWithoutStore answers an action on a data source that keeps no store.
func (d *Datasource) refuseWithoutStore() (int, *message) {
	switch {
	case d.settingsErr != nil:
		return http.StatusBadRequest, &message{"the data source settings are not valid: " + d.settingsErr.Error()}
	case d.settings.QueryMode != models.QueryModeServerStore:
		return http.StatusBadRequest, &message{notStoreMode}
	}
	return 0, nil
}

func send(sender backend.CallResourceResponseSender, status int, body any, header ...string) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	headers := map[string][]string{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(header); i += 2 {
		headers[header[i]] = []string{header[i+1]}
	}
	return sender.Send(&backend.CallResourceResponse{Status: status, Headers: headers, Body: b})
}
