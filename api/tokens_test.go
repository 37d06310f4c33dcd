package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestTokenNameTaken: a token name a live token has, in any case, is a 409
// conflict problem naming the name (the audit log tells who did what by
// name), and a name with white space around it a 400 naming the field;
// once that token is revoked the name may be given again.
func TestTokenNameTaken(t *testing.T) {
	ts := startServer(t)
	create := func(name string) (int, http.Header, []byte) {
		return ts.do(t, Admin, "POST", "/api/v1/tokens", "application/json", []byte(`{"name":"`+name+`","role":"planner"}`))
	}
	code, _, b := create("alice")
	if code != http.StatusCreated {
		t.Fatalf("first alice: %d %s", code, b)
	}
	var first tokenCreated
	if err := json.Unmarshal(b, &first); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "t-" + string(HR), "Alice", "ALICE"} {
		code, h, b := create(name)
		if code != http.StatusConflict {
			t.Fatalf("second %s: %d, want 409: %s", name, code, b)
		}
		p := problem(t, code, h, b)
		if p.Type != problemTypeBase+"conflict" || !strings.Contains(p.Detail, `token name "`+name+`" is taken by live token`) {
			t.Errorf("second %s: problem %+v", name, p)
		}
	}
	// White space around a name is refused: " alice" reads as alice in
	// the audit log.
	for _, c := range []struct{ case_, name string }{
		{"trailing space", "alice "},
		{"leading space", " alice"},
		{"both", " bob "},
		{"another name", "carol "},
	} {
		code, h, b := create(c.name)
		if code != http.StatusBadRequest {
			t.Fatalf("%s: %q: %d, want 400: %s", c.case_, c.name, code, b)
		}
		p := problem(t, code, h, b)
		if want := fmt.Sprintf("name: %q starts or ends with white space", c.name); p.Detail != want || len(p.Errors) != 1 || p.Errors[0].Field != "name" {
			t.Errorf("%s: problem %+v, want detail %q naming name", c.case_, p, want)
		}
	}
	if code, _, b := ts.do(t, Admin, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", first.Info.ID), "", nil); code != http.StatusNoContent {
		t.Fatalf("revoke alice: %d %s", code, b)
	}
	if code, _, b := create("alice"); code != http.StatusCreated {
		t.Fatalf("alice after revoking the first: %d, want 201: %s", code, b)
	}
}
