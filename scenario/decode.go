package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// decodeObject decodes a JSON object (already split into its members)
// into the struct v points to, field by field, refusing members the struct
// has no json tag for (except those in allow) and naming the dotted path
// of every error. Members are visited in the struct's field order, unknown
// ones first and sorted, so the error reported is deterministic.
func decodeObject(obj map[string]json.RawMessage, v reflect.Value, path string, allow ...string) error {
	known := map[string]int{}
	t := v.Type()
	for i := range t.NumField() {
		if name := jsonName(t.Field(i)); name != "" {
			known[name] = i
		}
	}
	var unknown []string
	for k := range obj {
		if _, ok := known[k]; !ok && !slices.Contains(allow, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		names := make([]string, 0, len(known))
		for k := range known {
			names = append(names, k)
		}
		slices.Sort(names)
		return fieldErr(join(path, unknown[0]), ErrUnknownField, "unknown field (known here: %s)", strings.Join(names, ", "))
	}
	for i := range t.NumField() {
		name := jsonName(t.Field(i))
		raw, ok := obj[name]
		if name == "" || !ok {
			continue
		}
		if err := decodeValue(raw, v.Field(i), join(path, name)); err != nil {
			return err
		}
	}
	return nil
}

// decodeValue decodes raw into v strictly (see decodeObject).
func decodeValue(raw json.RawMessage, v reflect.Value, path string) error {
	if u, ok := v.Addr().Interface().(json.Unmarshaler); ok {
		return within(path, u.UnmarshalJSON(raw))
	}
	switch v.Kind() {
	case reflect.Struct:
		obj, err := splitObject(raw)
		if err != nil || obj == nil {
			return within(path, err)
		}
		return decodeObject(obj, v, path)
	case reflect.Slice:
		if isNull(raw) {
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return fieldErr(path, ErrSyntax, "want a JSON array, got %s", clip(raw))
		}
		s := reflect.MakeSlice(v.Type(), len(items), len(items))
		for i, it := range items {
			if err := decodeValue(it, s.Index(i), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	}
	if err := json.Unmarshal(raw, v.Addr().Interface()); err != nil {
		want := map[reflect.Kind]string{reflect.String: "a string", reflect.Bool: "true or false", reflect.Float64: "a number", reflect.Int: "a whole number", reflect.Int64: "a whole number"}[v.Kind()]
		if want == "" {
			want = v.Kind().String()
		}
		return fieldErr(path, ErrSyntax, "want %s, got %s", want, clip(raw))
	}
	return nil
}

// splitObject splits a JSON object into its members; null gives nil.
func splitObject(raw []byte) (map[string]json.RawMessage, error) {
	if isNull(raw) {
		return nil, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, &kindError{msg: fmt.Sprintf("JSON syntax error at byte %d: %v", se.Offset, se), kind: ErrSyntax}
		}
		return nil, &kindError{msg: fmt.Sprintf("want a JSON object, got %s", clip(raw)), kind: ErrSyntax}
	}
	if obj == nil {
		obj = map[string]json.RawMessage{}
	}
	return obj, nil
}

func isNull(raw []byte) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// jsonName is the JSON member name of a struct field ("" when skipped).
func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}
