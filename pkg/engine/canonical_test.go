package engine_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// canonicalRequest is conformance/README.md's transport-free request.
type canonicalRequest struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query"`
}

// canonicalRequestOf strips the Graph base from a request URL; a request anywhere else keeps its
// full URL as path, so it can never equal an expected request.
func canonicalRequestOf(method string, u *url.URL, base *url.URL) canonicalRequest {
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
	return canonicalRequest{Method: method, Path: path, Query: query}
}

type canonicalField struct {
	Name   string            `json:"name"`
	Type   string            `json:"type"`
	Labels map[string]string `json:"labels,omitempty"`
	Values []any             `json:"values"`
}

type canonicalMeta struct {
	Type        string `json:"type"`
	TypeVersion []int  `json:"typeVersion"`
}

type canonicalFrame struct {
	Name   string           `json:"name"`
	Meta   *canonicalMeta   `json:"meta,omitempty"`
	Fields []canonicalField `json:"fields"`
}

func canonicalFrames(frames data.Frames) ([]canonicalFrame, error) {
	out := make([]canonicalFrame, 0, len(frames))
	for _, f := range frames {
		cf := canonicalFrame{Name: f.Name, Fields: []canonicalField{}}
		if f.Meta != nil && f.Meta.Type != "" {
			cf.Meta = &canonicalMeta{Type: string(f.Meta.Type), TypeVersion: []int{int(f.Meta.TypeVersion[0]), int(f.Meta.TypeVersion[1])}}
		}
		for _, field := range f.Fields {
			c := canonicalField{Name: field.Name, Values: make([]any, field.Len())}
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
