package graph

import (
	"fmt"
	"net/url"
	"strings"
)

// CheckNextLink accepts a nextLink only when it points at the very audit endpoint the plan
// requested: same scheme and host as the configured Graph URL, the same path exactly (so no `..`,
// `%2e%2e` or encoded slash), no credentials and no fragment. Anything else stops the walk
// before a single byte goes to that host.
func CheckNextLink(link string, base *url.URL, apiPath string) (*url.URL, error) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("%w: it is not a URL", ErrForeignNextLink)
	}
	if !u.IsAbs() || u.Opaque != "" {
		return nil, fmt.Errorf("%w: it is not an absolute URL", ErrForeignNextLink)
	}
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) {
		return nil, fmt.Errorf("%w: it points at %s://%s instead of %s://%s", ErrForeignNextLink, u.Scheme, u.Host, base.Scheme, base.Host)
	}
	if u.User != nil || u.Fragment != "" || strings.Contains(link, "#") {
		return nil, fmt.Errorf("%w: it carries credentials or a fragment", ErrForeignNextLink)
	}
	want := strings.TrimRight(base.EscapedPath(), "/") + "/" + apiPath
	if u.EscapedPath() != want || u.RawPath != "" && u.RawPath != want {
		return nil, fmt.Errorf("%w: its path is not %s", ErrForeignNextLink, want)
	}
	return u, nil
}
