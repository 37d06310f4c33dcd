package app

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestResultIDsOf: the ids a job's result names are its top-level integer
// members named *_id, at most MaxResultIDs, the first by name.
func TestResultIDsOf(t *testing.T) {
	var many []string
	for i := range 10 {
		many = append(many, fmt.Sprintf(`"k%d_id":%d`, i, i))
	}
	tests := []struct {
		name   string
		result string
		want   map[string]int64
	}{
		{"schedule", `{"schedule_id":7,"location":"/api/v1/schedules/7","roster_id":9,"roster_location":"/api/v1/rosters/9"}`, map[string]int64{"schedule_id": 7, "roster_id": 9}},
		{"forecast", `{"forecast_id": 12 ,"location":"/x"}`, map[string]int64{"forecast_id": 12}},
		{"not integers", `{"a_id":1.5,"b_id":"3","c_id":1e3,"d_id":null,"e_id":[1],"f_id":{"g_id":1},"h_id":99999999999999999999}`, nil},
		{"nested ids are not read", `{"plan":{"staffing_id":4}}`, nil},
		{"negative", `{"x_id":-2}`, map[string]int64{"x_id": -2}},
		{"no ids", `{"total":{"sl":0.8}}`, nil},
		{"not an object", `[{"a_id":1}]`, nil},
		{"empty", ``, nil},
		{"at most 8, the first by name", `{` + strings.Join(many, ",") + `}`, map[string]int64{"k0_id": 0, "k1_id": 1, "k2_id": 2, "k3_id": 3, "k4_id": 4, "k5_id": 5, "k6_id": 6, "k7_id": 7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ResultIDsOf(json.RawMessage(tc.result)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ResultIDsOf(%s) = %v, want %v", tc.result, got, tc.want)
			}
		})
	}
}
