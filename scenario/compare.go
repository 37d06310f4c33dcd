package scenario

import "reflect"

// Compare sets results side by side against the first: every numeric
// total of each result minus the first's (Compared.Delta; the first's is
// zero). names label the results; a missing or empty name falls back to
// the result's own name. Nil results are skipped.
func Compare(results []*Result, names []string) Comparison {
	var c Comparison
	var base *Totals
	for i, r := range results {
		if r == nil {
			continue
		}
		name := r.Name
		if i < len(names) && names[i] != "" {
			name = names[i]
		}
		if base == nil {
			base = &r.Totals
		}
		c.Scenarios = append(c.Scenarios, Compared{Name: name, Totals: r.Totals, Delta: deltaTotals(r.Totals, *base)})
	}
	return c
}

// deltaTotals returns a - b field by field for the numeric fields; the
// KeptPromise of the result is a's.
func deltaTotals(a, b Totals) Totals {
	out := a
	va, vb, vo := reflect.ValueOf(a), reflect.ValueOf(b), reflect.ValueOf(&out).Elem()
	for i := range va.NumField() {
		switch f := vo.Field(i); f.Kind() {
		case reflect.Float64:
			f.SetFloat(va.Field(i).Float() - vb.Field(i).Float())
		case reflect.Int:
			f.SetInt(va.Field(i).Int() - vb.Field(i).Int())
		}
	}
	return out
}
