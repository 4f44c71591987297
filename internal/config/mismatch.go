package config

import (
	"reflect"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// mismatch describes a value of gen.toml at key whose type is not the
// one Config wants: what Config wants, as a config author thinks of it,
// and the TOML type found. ok is false when the document is not valid
// TOML (so the error was about its syntax) or key names no such value.
// go-toml reports both types only in its message, so they are found
// again from the document and from Config's fields.
func mismatch(data []byte, key []string) (want, got string, ok bool) {
	var doc map[string]any
	if len(key) == 0 || toml.Unmarshal(data, &doc) != nil {
		return "", "", false
	}
	var v any = doc
	t := reflect.TypeFor[Config]()
	for _, k := range key {
		m, isMap := v.(map[string]any)
		if !isMap {
			return "", "", false
		}
		if v, ok = m[k]; !ok {
			return "", "", false
		}
		if t, ok = fieldType(t, k); !ok {
			return "", "", false
		}
	}
	return goTypeName(t), tomlTypeName(v), true
}

// fieldType returns the type of the value at key k of a struct with toml
// tags, or of a map's elements.
func fieldType(t reflect.Type, k string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem(), true
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			if name, _, _ := strings.Cut(f.Tag.Get("toml"), ","); name == k {
				return f.Type, true
			}
		}
	}
	return nil, false
}

// goTypeName describes a Go type the way a config author thinks of it.
func goTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.String:
		return "text in quotes"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	default:
		return "a table"
	}
}

// tomlTypeName names the TOML type of a value go-toml decoded.
func tomlTypeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	case time.Time, toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		return "datetime"
	}
	return "value"
}
