package models

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// EndpointProblem names why an endpoint URL is refused; the same codes as EndpointProblem in
// src/core/model/endpointRule.ts, decided by the table conformance/tables/endpoints.json.
type EndpointProblem string

// The endpoint problems, in the order they are checked.
const (
	EndpointMissing      EndpointProblem = "missing"
	EndpointCharacter    EndpointProblem = "character"
	EndpointBackslash    EndpointProblem = "backslash"
	EndpointNotAbsolute  EndpointProblem = "notAbsolute"
	EndpointScheme       EndpointProblem = "scheme"
	EndpointFragment     EndpointProblem = "fragment"
	EndpointQuery        EndpointProblem = "query"
	EndpointUserinfo     EndpointProblem = "userinfo"
	EndpointPath         EndpointProblem = "path"
	EndpointEncoded      EndpointProblem = "encoded"
	EndpointHost         EndpointProblem = "host"
	EndpointPort         EndpointProblem = "port"
	EndpointHTTPNotLocal EndpointProblem = "httpNotLocal"
)

// Hosts where plain http is allowed: the emulator on this machine. Exact text, nothing looser.
var localHosts = map[string]bool{"localhost": true, "127.0.0.1": true, "[::1]": true}

var (
	endpointScheme = regexp.MustCompile(`^(?s)([A-Za-z][A-Za-z0-9+.-]*)://(.*)$`)
	hostAndPort    = regexp.MustCompile(`^(?s)(\[[^\]]*\]|[^:]*)(?::(.*))?$`)
	dnsName        = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$`)
	ipv6Literal    = regexp.MustCompile(`^\[[0-9A-Fa-f:.]+\]$`)
	portNumber     = regexp.MustCompile(`^[0-9]{1,5}$`)
	trailingPort   = regexp.MustCompile(`:[0-9]+$`)
)

// CheckEndpointURL returns the first problem of a custom-cloud endpoint, or "" when it is allowed.
// An endpoint is a scheme, a host and an optional port: Grafana's routes paste the stored text in
// front of a fixed path, so a path, `?`, `#`, `\`, an escape or whitespace would change which
// path a token-bearing route reaches. No supported reverse proxy needs a path prefix.
func CheckEndpointURL(value string) EndpointProblem {
	if value == "" {
		return EndpointMissing
	}
	for i := 0; i < len(value); i++ {
		if value[i] < 0x21 || value[i] > 0x7e {
			return EndpointCharacter
		}
	}
	if strings.Contains(value, `\`) {
		return EndpointBackslash
	}
	absolute := endpointScheme.FindStringSubmatch(value)
	if absolute == nil {
		return EndpointNotAbsolute
	}
	scheme, rest := absolute[1], absolute[2]
	if scheme != "https" && scheme != "http" {
		return EndpointScheme
	}
	if problem := authorityProblem(rest); problem != "" || scheme == "https" {
		return problem
	}
	if localHosts[trailingPort.ReplaceAllString(rest, "")] {
		return ""
	}
	return EndpointHTTPNotLocal
}

func authorityProblem(authority string) EndpointProblem {
	marks := []struct {
		mark    string
		problem EndpointProblem
	}{{"#", EndpointFragment}, {"?", EndpointQuery}, {"@", EndpointUserinfo}, {"/", EndpointPath}, {"%", EndpointEncoded}}
	for _, m := range marks {
		if strings.Contains(authority, m.mark) {
			return m.problem
		}
	}
	parts := hostAndPort.FindStringSubmatch(authority)
	if parts == nil || parts[1] == "" || !(dnsName.MatchString(parts[1]) || ipv6Literal.MatchString(parts[1])) {
		return EndpointHost
	}
	if strings.Contains(authority[len(parts[1]):], ":") {
		port, err := strconv.Atoi(parts[2])
		if !portNumber.MatchString(parts[2]) || err != nil || port < 1 || port > 65535 {
			return EndpointPort
		}
	}
	return ""
}

// describeEndpointProblem is the fix for each problem; the same words as the TypeScript engine.
func describeEndpointProblem(label string, problem EndpointProblem) string {
	switch problem {
	case EndpointMissing:
		return fmt.Sprintf("the custom cloud has no %s: set it in the data source settings, e.g. https://graph.example.com", label)
	case EndpointCharacter:
		return fmt.Sprintf("the %s contains whitespace, a control character or a non-ASCII character: type the address again (an internationalised host name in its xn-- form)", label)
	case EndpointBackslash:
		return fmt.Sprintf("the %s contains a backslash: use only scheme, host and port, e.g. https://graph.example.com", label)
	case EndpointNotAbsolute:
		return fmt.Sprintf("the %s is not an absolute URL: use scheme and host, e.g. https://graph.example.com", label)
	case EndpointScheme:
		return fmt.Sprintf("the %s carries the client secret or tokens, so it must use https:// (plain http:// only on localhost)", label)
	case EndpointFragment:
		return fmt.Sprintf("the %s has a fragment (#): remove the # and everything after it", label)
	case EndpointQuery:
		return fmt.Sprintf("the %s has a query (?): remove the ? and everything after it", label)
	case EndpointUserinfo:
		return fmt.Sprintf("the %s carries credentials (user@): remove them, it must be a plain scheme, host and port without credentials", label)
	case EndpointPath:
		return fmt.Sprintf("the %s has a path: use only scheme, host and optional port, e.g. https://graph.example.com, with no trailing slash", label)
	case EndpointEncoded:
		return fmt.Sprintf("the %s contains a percent-encoded character: use the plain host name", label)
	case EndpointHost:
		return fmt.Sprintf("the %s has no valid host name: use e.g. https://graph.example.com", label)
	case EndpointPort:
		return fmt.Sprintf("the %s has an invalid port: use a number from 1 to 65535", label)
	default:
		return fmt.Sprintf("the %s carries the client secret or tokens, so it must use https:// (plain http:// is only allowed for localhost, 127.0.0.1 and [::1])", label)
	}
}
