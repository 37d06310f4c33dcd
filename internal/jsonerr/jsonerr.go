// Package jsonerr says what a JSON decoding type error is about in a
// user's words: where (the path of the value, with array indices, such as
// templates[0].start_earliest), what was wanted and what was found ("a
// string", "a number"), never a Go type name. The API's request decoder
// and the templates reader share it. It is pure: no I/O, no globals.
package jsonerr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/staffcast/staffcast/internal/textcheck"
)

// TypeError describes e, a type error of decoding data: the path of the
// value it is about ("" for the whole document), what the Go type wants
// and what the JSON had, each in plain words.
//
// The path comes from e's offset when it has one (encoding/json sets it
// for its own errors). An UnmarshalJSON method's error has none: then the
// value is found in data by e.Field (which names embedded structs by their
// Go names, left out here) and by the literal e.Value may end with
// (`string "abc"`, "number 5"), so that the path gets its array indices.
func TypeError(data []byte, e *json.UnmarshalTypeError) (path, want, got string) {
	switch {
	case e.Offset > 0:
		path = Path(data, e.Offset)
	case e.Field != "":
		if path = locate(data, e.Field, e.Value); path == "" {
			path = e.Field
		}
	}
	return path, Want(e.Type), Got(e.Value)
}

// Wanter is a type that says itself what it wants in JSON, such as `a
// duration like "30m" or a number of seconds`.
type Wanter interface{ JSONWant() string }

var wanter = reflect.TypeFor[Wanter]()

// Want names what a value of Go type t is in JSON: what its JSONWant
// method says when it has one, else "a string", "a number", "an integer",
// "true or false", "an array", "an object".
func Want(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(wanter) {
		return reflect.Zero(t).Interface().(Wanter).JSONWant()
	}
	if reflect.PointerTo(t).Implements(wanter) {
		return reflect.New(t).Interface().(Wanter).JSONWant()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}

// Got names the JSON value of an UnmarshalTypeError's Value ("string",
// "number 1.5", "bool", "array", "object"; an UnmarshalJSON method may add
// the literal to a string: `string "abc"`).
func Got(value string) string {
	kind, lit, _ := strings.Cut(value, " ")
	switch kind {
	case "string":
		if lit != "" {
			return "the string " + lit
		}
		return "a string"
	case "number":
		if lit != "" {
			return "the number " + lit
		}
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "an array"
	case "object":
		return "an object"
	case "null":
		return "null"
	}
	return value
}

// Path returns the path of the innermost value of data that ends at or
// after byte offset off: "rows[1].volume", "templates[0]", "" for the
// whole document or when data does not parse that far.
func Path(data []byte, off int64) string {
	path := ""
	walk(data, func(p string, _ []string, _ json.Token, end int64) bool {
		if end >= off {
			path = p
			return false
		}
		return true
	})
	return path
}

// locate finds the value an error without an offset is about: the first
// value of data whose object keys are field's segments, some left out (the
// Go names of embedded structs, which JSON does not show), ending with the
// last one, and which is what value describes: of its kind ("string",
// "number", "bool", "object", "array"), with the text of the literal that
// may follow the kind (a string's or a number's; one ending in "..." is a
// prefix). It returns its path, with array indices, or "" when there is
// none.
func locate(data []byte, field, value string) string {
	segs := strings.Split(field, ".")
	kind, lit, _ := strings.Cut(value, " ")
	prefix, truncated := strings.CutSuffix(lit, "...")
	var str string
	if kind == "string" && lit != "" && !truncated && json.Unmarshal([]byte(lit), &str) != nil {
		lit = "" // not a JSON string after all: any string will do
	}
	same := func(tok json.Token) bool {
		switch v := tok.(type) {
		case bool:
			return kind == "bool"
		case json.Delim:
			return kind == "object" && v == '{' || kind == "array" && v == '['
		case string:
			switch {
			case kind != "string":
				return false
			case lit == "":
				return true
			case truncated:
				return strings.HasPrefix(strconv.Quote(v), prefix)
			}
			return v == str
		case json.Number:
			switch {
			case kind != "number":
				return false
			case lit == "":
				return true
			case truncated:
				return strings.HasPrefix(v.String(), prefix)
			}
			return v.String() == lit
		}
		return false
	}
	path := ""
	walk(data, func(p string, keys []string, tok json.Token, _ int64) bool {
		if len(keys) == 0 || keys[len(keys)-1] != segs[len(segs)-1] || !subsequence(keys, segs) || !same(tok) {
			return true
		}
		path = p
		return false
	})
	return path
}

// subsequence reports whether every element of a is in b, in order.
func subsequence(a, b []string) bool {
	i := 0
	for _, s := range b {
		if i < len(a) && a[i] == s {
			i++
		}
	}
	return i == len(a)
}

// walk calls visit with every value of data in document order: its path,
// the object keys on that path, its token (a json.Delim for an object or
// an array, visited when it opens and again when it closes) and the offset
// of the token's end, until visit returns false or data ends.
func walk(data []byte, visit func(path string, keys []string, tok json.Token, end int64) bool) {
	type frame struct {
		array bool
		index int
		key   string
		atKey bool // an object waiting for its next key
	}
	var stack []frame
	path := func() (string, []string) {
		var b strings.Builder
		var keys []string
		for _, f := range stack {
			if f.array {
				b.WriteString("[" + strconv.Itoa(f.index) + "]")
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(f.key)
			keys = append(keys, f.key)
		}
		return b.String(), keys
	}
	// next moves the innermost container on to its next member.
	next := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].atKey = true
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].atKey {
			if k, ok := tok.(string); ok {
				stack[n-1].key, stack[n-1].atKey = k, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			p, keys := path()
			if !visit(p, keys, tok, dec.InputOffset()) {
				return
			}
			stack = append(stack, frame{array: tok == json.Delim('['), atKey: tok == json.Delim('{')})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		p, keys := path()
		if !visit(p, keys, tok, dec.InputOffset()) {
			return
		}
		next()
	}
}

// BadText finds the first string of data, a value or an object key, that
// is not text as textcheck.Check says (invalid UTF-8, which encoding/json
// would quietly turn into U+FFFD, or a control character such as an
// escaped NUL): its path ("" for the whole document) and Check's error.
// It is nil when every string is text or data does not parse as far as a
// bad one.
func BadText(data []byte) (path string, err error) {
	var start int64
	walk(data, func(p string, keys []string, tok json.Token, end int64) bool {
		raw, at := data[start:end], start
		start = end
		if !utf8.Valid(raw) {
			// Only a string can hold such bytes (anything else is a
			// syntax error): the value's, or its key's (named as the
			// path then, with U+FFFD for the bad bytes).
			i := 0
			for i < len(raw) {
				r, n := utf8.DecodeRune(raw[i:])
				if r == utf8.RuneError && n == 1 {
					break
				}
				i += n
			}
			path, err = p, fmt.Errorf("%w (byte 0x%02x at byte %d of the document)", textcheck.ErrNotUTF8, raw[i], at+int64(i)+1)
			return false
		}
		if len(keys) > 0 {
			if k := keys[len(keys)-1]; textcheck.Check(k) != nil {
				// The path of the object whose key it is.
				path, err = strings.TrimSuffix(strings.TrimSuffix(p, k), "."), fmt.Errorf("a key %w", textcheck.Check(k))
				return false
			}
		}
		if s, ok := tok.(string); ok {
			if e := textcheck.Check(s); e != nil {
				path, err = p, e
				return false
			}
		}
		return true
	})
	return path, err
}
