package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestTokenNameTaken: a token name a live token has is a 409 conflict
// problem naming the name (the audit log tells who did what by name); once
// that token is revoked the name may be given again.
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
	for _, name := range []string{"alice", "t-" + string(HR)} {
		code, h, b := create(name)
		if code != http.StatusConflict {
			t.Fatalf("second %s: %d, want 409: %s", name, code, b)
		}
		p := problem(t, code, h, b)
		if p.Type != problemTypeBase+"conflict" || !strings.Contains(p.Detail, `token name "`+name+`" is taken by live token`) {
			t.Errorf("second %s: problem %+v", name, p)
		}
	}
	if code, _, b := ts.do(t, Admin, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", first.Info.ID), "", nil); code != http.StatusNoContent {
		t.Fatalf("revoke alice: %d %s", code, b)
	}
	if code, _, b := create("alice"); code != http.StatusCreated {
		t.Fatalf("alice after revoking the first: %d, want 201: %s", code, b)
	}
}
