// Package conformance holds the canonical request and frame forms of conformance/README.md, a scripted
// fake Graph, and a runner for one case, shared by the vector runner (pkg/engine) and the differential
// command (pkg/cmd/conformance-case) so both compare exactly the same shapes.
package conformance

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Request is conformance/README.md's transport-free request.
type Request struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query"`
}

// RequestOf strips the Graph base from a request URL; a request anywhere else keeps its
// full URL as path, so it can never equal an expected request.
func RequestOf(method string, u *url.URL, base *url.URL) Request {
	path := u.EscapedPath()
	basePath := strings.TrimRight(base.EscapedPath(), "/") + "/"
	if strings.EqualFold(u.Scheme, base.Scheme) && strings.EqualFold(u.Host, base.Host) && strings.HasPrefix(path, basePath) {
		path = strings.TrimPrefix(path, basePath)
	} else {
		path = u.Scheme + "://" + u.Host + path
	}
	query := map[string]string{}
	for name, values := range u.Query() {
		query[name] = strings.Join(values, ",")
	}
	return Request{Method: method, Path: path, Query: query}
}

// Field is a canonical field: type time, number, string, boolean or other.
type Field struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Labels map[string]string `json:"labels,omitempty"`
	Values []any             `json:"values"`
}

// Meta is a canonical frame's data-plane type.
type Meta struct {
	Type        string `json:"type"`
	TypeVersion []int  `json:"typeVersion"`
}

// Frame keeps only what the canonical frame defines: name, data-plane type, fields and their labels.
type Frame struct {
	Name   string  `json:"name"`
	Meta   *Meta   `json:"meta,omitempty"`
	Fields []Field `json:"fields"`
}

// Frames turns SDK frames into canonical frames.
func Frames(frames data.Frames) ([]Frame, error) {
	out := make([]Frame, 0, len(frames))
	for _, f := range frames {
		cf := Frame{Name: f.Name, Fields: []Field{}}
		if f.Meta != nil && f.Meta.Type != "" {
			cf.Meta = &Meta{Type: string(f.Meta.Type), TypeVersion: []int{int(f.Meta.TypeVersion[0]), int(f.Meta.TypeVersion[1])}}
		}
		for _, field := range f.Fields {
			c := Field{Name: field.Name, Values: make([]any, field.Len())}
			if len(field.Labels) > 0 {
				c.Labels = map[string]string(field.Labels)
			}
			for i := 0; i < field.Len(); i++ {
				v, ok := field.ConcreteAt(i)
				if !ok {
					c.Values[i] = nil
					continue
				}
				switch x := v.(type) {
				case json.RawMessage:
					var decoded any
					if err := json.Unmarshal(x, &decoded); err != nil {
						return nil, fmt.Errorf("field %s row %d is not JSON: %w", field.Name, i, err)
					}
					c.Type, c.Values[i] = "other", decoded
				case time.Time:
					c.Type, c.Values[i] = "time", x.UnixMilli()
				case float64:
					c.Type, c.Values[i] = "number", x
				case int64:
					c.Type, c.Values[i] = "number", x
				case string:
					c.Type, c.Values[i] = "string", x
				case bool:
					c.Type, c.Values[i] = "boolean", x
				default:
					return nil, fmt.Errorf("field %s has unsupported type %T", field.Name, v)
				}
			}
			if c.Type == "" {
				c.Type = fieldTypeName(field.Type())
			}
			cf.Fields = append(cf.Fields, c)
		}
		out = append(out, cf)
	}
	return out, nil
}

func fieldTypeName(t data.FieldType) string {
	switch {
	case t.Time():
		return "time"
	case t.Numeric():
		return "number"
	case t == data.FieldTypeBool || t == data.FieldTypeNullableBool:
		return "boolean"
	case t == data.FieldTypeJSON || t == data.FieldTypeNullableJSON:
		return "other"
	}
	return "string"
}
