package graph

import (
	"net/url"
	"strings"

	"github.com/auditlens/entraid/pkg/plan"
)

// EncodeParams writes query parameters in plan order with RFC 3986 percent-encoding (`%20` for
// a space, never `+`), so `&`, `#`, `%` and quotes in filter text stay inside their value.
func EncodeParams(params []plan.Param) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = escape(p.Name) + "=" + escape(p.Value)
	}
	return strings.Join(parts, "&")
}

func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
