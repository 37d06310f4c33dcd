package jsonerr

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/staffcast/staffcast/internal/textcheck"
)

type row struct {
	Start  string  `json:"interval_start"`
	Volume float64 `json:"volume"`
	Agents int     `json:"agents"`
}

type doc struct {
	Name   string `json:"name"`
	Rows   []row  `json:"rows"`
	Nested struct {
		On bool `json:"on"`
	} `json:"nested"`
	Raw  json.RawMessage `json:"raw"`
	Grid [][]int         `json:"grid"`
}

// TestTypeError: each wrong JSON type is named by its path, with array
// indices, what was wanted and what was found.
func TestTypeError(t *testing.T) {
	for _, c := range []struct {
		name, in        string
		path, want, got string
	}{
		{"top-level array", `[1, 2]`, "", "an object", "an array"},
		{"string for a string field", `{"name": 5}`, "name", "a string", "a number"},
		{"second row's volume", `{"name":"x","rows":[{"volume":1},{"interval_start":"a","volume":"lots"}]}`, "rows[1].volume", "a number", "a string"},
		{"fraction for an integer", `{"rows":[{"agents":1.5}]}`, "rows[0].agents", "an integer", "the number 1.5"},
		{"object for an array", `{"raw":[1,{"a":2}],"rows":{"volume":1}}`, "rows", "an array", "an object"},
		{"array for an object", `{"rows":[{"volume":1}],"nested":[true]}`, "nested", "an object", "an array"},
		{"nested bool", `{"nested":{"on":"yes"}}`, "nested.on", "true or false", "a string"},
		{"grid cell", `{"grid":[[1,2],[3,"x"]]}`, "grid[1][1]", "an integer", "a string"},
		{"after a skipped raw value", `{"raw":{"rows":[1]},"rows":[{"volume":[]}]}`, "rows[0].volume", "a number", "an array"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var d doc
			checkTypeError(t, c.in, &d, c.path, c.want, c.got)
		})
	}
}

// clock is a type whose UnmarshalJSON refuses anything but "HH:MM" with a
// type error that has no offset, as app.Duration's does.
type clock string

func (c *clock) UnmarshalJSON(b []byte) error {
	if len(b) == 7 && b[0] == '"' && b[3] == ':' {
		*c = clock(b[1:6])
		return nil
	}
	value := "number " + string(b)
	switch b[0] {
	case '"':
		value = "string " + string(b)
	case '{':
		value = "object"
	case '[':
		value = "array"
	case 't', 'f':
		value = "bool"
	}
	return &json.UnmarshalTypeError{Value: value, Type: reflect.TypeFor[clock]()}
}

func (clock) JSONWant() string { return `a time like "07:00"` }

type Window struct {
	From clock `json:"from"`
}

type shift struct {
	Window         // embedded: its Go name is in the error's Field
	Name   string  `json:"name"`
	Ends   []clock `json:"ends"`
}

type roster struct {
	Shifts []shift `json:"shifts"`
	Start  clock   `json:"start"`
}

// TestTypeErrorOfUnmarshaler: an UnmarshalJSON method's type error (no
// offset) is placed by its field and literal, with array indices and
// without the Go names of embedded structs.
func TestTypeErrorOfUnmarshaler(t *testing.T) {
	for _, c := range []struct {
		name, in   string
		path, want string
		got        string
	}{
		{"top-level field", `{"start":"7am"}`, "start", `a time like "07:00"`, `the string "7am"`},
		{"embedded struct's field", `{"shifts":[{"from":"07:00"},{"name":"x","from":"late"}]}`, "shifts[1].from", `a time like "07:00"`, `the string "late"`},
		{"array element", `{"shifts":[{"ends":["08:00","9"]}]}`, "shifts[0].ends[1]", `a time like "07:00"`, `the string "9"`},
		{"same literal earlier in another field", `{"shifts":[{"name":"late","from":"late"}]}`, "shifts[0].from", `a time like "07:00"`, `the string "late"`},
		{"a number", `{"start":7}`, "start", `a time like "07:00"`, "the number 7"},
		{"an object in an array", `{"shifts":[{"ends":["08:00",{}]}]}`, "shifts[0].ends[1]", `a time like "07:00"`, "an object"},
		{"a bool in an array", `{"shifts":[{"ends":["08:00","09:00"]},{"ends":[false]}]}`, "shifts[1].ends[0]", `a time like "07:00"`, "true or false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var r roster
			checkTypeError(t, c.in, &r, c.path, c.want, c.got)
		})
	}
}

// checkTypeError decodes in into v, which must fail with a type error, and
// checks what TypeError says of it.
func checkTypeError(t *testing.T, in string, v any, path, want, got string) {
	t.Helper()
	err := json.Unmarshal([]byte(in), v)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Fatalf("error %v is not a type error", err)
	}
	p, w, g := TypeError([]byte(in), te)
	if p != path || w != want || g != got {
		t.Errorf("got %q, %q, %q; want %q, %q, %q", p, w, g, path, want, got)
	}
}

func TestBadText(t *testing.T) {
	for _, c := range []struct {
		name, doc, path string
		want            error
	}{
		{"clean", `{"name":"Zoë","rows":[{"note":"a\tb\nc"}]}`, "", nil},
		{"escaped NUL", `{"name":"nulq","channel":"a\u0000b"}`, "channel", textcheck.ErrControl},
		{"NUL in a list", `{"templates":[{"name":"ok"},{"name":"x\u0000y"}]}`, "templates[1].name", textcheck.ErrControl},
		{"Latin-1 byte", "{\"name\":\"ok\",\"channel\":\"v\xe9x\"}", "channel", textcheck.ErrNotUTF8},
		{"Latin-1 byte in a key", "{\"ch\xe9\":1}", "ch\ufffd", textcheck.ErrNotUTF8},
		{"NUL in a key", `{"rows":[{"a\u0000":1}]}`, "rows[0]", textcheck.ErrControl},
		{"malformed", `{"a":`, "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, err := BadText([]byte(c.doc))
			if c.want == nil {
				if err != nil {
					t.Errorf("BadText = %q, %v", path, err)
				}
				return
			}
			if path != c.path || !errors.Is(err, c.want) {
				t.Errorf("BadText = %q, %v; want %q, %v", path, err, c.path, c.want)
			}
		})
	}
	if _, err := BadText([]byte("{\"a\":\"v\xe9\"}")); err == nil || err.Error() != "not valid UTF-8 (byte 0xe9 at byte 8 of the document)" {
		t.Errorf("Latin-1 message: %v", err)
	}
}
