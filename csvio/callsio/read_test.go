package callsio

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/staffcast/staffcast/calib"
	"github.com/staffcast/staffcast/csvio"
)

const head = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver\r\n"

func TestReadRows(t *testing.T) {
	in := head +
		"AA0101\t1\t0\t2\tPS\t990103\t 9:00:00\t9:00:06\t6\t9:00:06\t9:00:40\t34\tAGENT\t9:00:40\t9:03:00\t140\tDANA  \r\n" +
		"AA0101\t2\t0\t0\tPS\t990103\t9:01:00\t9:01:09\t9\t0:00:00\t0:00:00\t0\tAGENT\t9:01:09\t9:02:09\t60\tNO_SERVER\r\n" +
		"AA0101\t3\t0\t1\tPS\t990103\t9:02:00\t9:02:05\t5\t9:02:05\t9:03:05\t60\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER\r\n" +
		"AA0101\t4\t0\t1\tPS\t990103\t23:59:50\t23:59:55\t5\t23:59:55\t0:00:15\t20\tAGENT\t0:00:15\t0:01:15\t60\tDANA\r\n" +
		"\r\n"
	calls, rep, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 4 || rep.Calls != 4 || rep.Skipped != 0 {
		t.Fatalf("report %+v", rep)
	}
	day := time.Date(1999, 1, 3, 0, 0, 0, 0, time.UTC)
	c := calls[0]
	if c.Outcome != calib.Answered || c.Agent != "DANA" || !c.QueueStart.Equal(day.Add(9*time.Hour+6*time.Second)) || c.QueueExit.Sub(c.QueueStart) != 34*time.Second || c.ServiceEnd.Sub(c.ServiceStart) != 140*time.Second || c.Line != 2 {
		t.Errorf("call 1 = %+v", c)
	}
	if calls[1].Queued() || calls[1].Agent != "" {
		t.Errorf("call 2 answered at once by nobody named: %+v", calls[1])
	}
	if calls[2].Outcome != calib.Abandoned || !calls[2].ServiceStart.IsZero() {
		t.Errorf("call 3 = %+v", calls[2])
	}
	if want := day.AddDate(0, 0, 1).Add(15 * time.Second); !calls[3].ServiceStart.Equal(want) {
		t.Errorf("call across midnight answered at %v, want %v", calls[3].ServiceStart, want)
	}
}

func TestReadMalformed(t *testing.T) {
	good := "AA\t1\t0\t2\tPS\t990103\t9:00:00\t9:00:06\t6\t9:00:06\t9:00:40\t34\tAGENT\t9:00:40\t9:03:00\t140\tDANA\n"
	cases := []struct {
		name, row string
		col       int
		field     string
		err       error
	}{
		{"too few fields", "AA\t1\t0\n", 0, "", csvio.ErrFieldCount},
		{"bad outcome", strings.Replace(good, "AGENT", "MAYBE", 1), 13, "outcome", ErrOutcome},
		{"bad date", strings.Replace(good, "990103", "991332", 1), 6, "date", ErrDate},
		{"bad clock", strings.Replace(good, "\t9:00:06\t9:00:40", "\t9:0x:06\t9:00:40", 1), 10, "q_start", ErrClock},
		{"negative wait", strings.Replace(good, "\t34\t", "\t-34\t", 1), 12, "q_time", csvio.ErrNegative},
		{"talk not a number", strings.Replace(good, "\t140\t", "\tlong\t", 1), 16, "ser_time", csvio.ErrNotNumber},
		{"empty talk", strings.Replace(good, "\t140\t", "\t \t", 1), 16, "ser_time", csvio.ErrEmpty},
		{"long line", strings.Repeat("x", maxLine+10) + "\n", 0, "", ErrLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calls, rep, err := Read(strings.NewReader(head + good + tc.row + good))
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) != 2 || rep.Skipped != 1 || rep.Rows != 3 || len(rep.Problems) != 1 {
				t.Fatalf("calls %d, report %+v", len(calls), rep)
			}
			p := rep.Problems[0]
			if p.Line != 3 || p.Column != tc.col || p.Field != tc.field || !errors.Is(p, tc.err) {
				t.Errorf("problem %v (line %d column %d field %q), want line 3 column %d field %q %v", p, p.Line, p.Column, p.Field, tc.col, tc.field, tc.err)
			}
		})
	}
}

func TestReadProblemsCapped(t *testing.T) {
	in := head + strings.Repeat("broken\n", MaxProblems+5)
	_, rep, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != MaxProblems+5 || len(rep.Problems) != MaxProblems {
		t.Errorf("skipped %d, problems %d", rep.Skipped, len(rep.Problems))
	}
}

func TestReadHeader(t *testing.T) {
	for name, in := range map[string]string{
		"empty":          "",
		"missing column": "date\tq_start\n",
		"duplicate":      strings.TrimRight(head, "\r\n") + "\tdate\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := Read(strings.NewReader(in))
			var pe *csvio.ParseError
			if !errors.As(err, &pe) || pe.Line != 1 {
				t.Errorf("err = %v, want a ParseError on line 1", err)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add(head + "AA\t1\t0\t2\tPS\t990103\t9:00:00\t9:00:06\t6\t9:00:06\t9:00:40\t34\tAGENT\t9:00:40\t9:03:00\t140\tDANA\n")
	f.Add(head + "AA\t1\t0\t2\tPS\t990229\t99:00:00\t\t\t\t\t\tHANG\t\t\t\t\n")
	f.Add("date\tvru_entry\tq_start\tq_time\toutcome\tser_start\tser_time\tserver\n000101\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		calls, rep, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		if rep.Calls != len(calls) || rep.Calls+rep.Skipped != rep.Rows || len(rep.Problems) > MaxProblems {
			t.Fatalf("inconsistent report %+v for %d calls", rep, len(calls))
		}
		for _, c := range calls {
			if c.Queued() && c.QueueExit.Before(c.QueueStart) || c.ServiceEnd.Before(c.ServiceStart) {
				t.Fatalf("call with negative span: %+v", c)
			}
		}
	})
}

// TestReadTypePriority: type and priority are read when the header has
// them, and a bad priority skips the row.
func TestReadTypePriority(t *testing.T) {
	in := head +
		"AA0101\t1\t0\t2\tps\t990103\t9:00:00\t9:00:06\t6\t9:00:06\t9:00:40\t34\tAGENT\t9:00:40\t9:03:00\t140\tDANA\n" +
		"AA0101\t2\t0\tx\tNW\t990103\t9:01:00\t9:01:09\t9\t0:00:00\t0:00:00\t0\tAGENT\t9:01:09\t9:02:09\t60\tDANA\n"
	calls, rep, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 1 || calls[0].Type != "PS" || calls[0].Priority != 2 {
		t.Fatalf("calls %+v", calls)
	}
	if rep.Skipped != 1 || rep.Problems[0].Field != "priority" || rep.Problems[0].Line != 3 {
		t.Errorf("report %+v", rep)
	}
	noCols := "date\tvru_entry\tq_start\tq_time\toutcome\tser_start\tser_time\tserver\n990103\t9:00:00\t0:00:00\t0\tAGENT\t9:00:05\t60\tDANA\n"
	calls, _, err = Read(strings.NewReader(noCols))
	if err != nil || len(calls) != 1 || calls[0].Type != "" || calls[0].Priority != 0 {
		t.Errorf("without the columns: %+v, %v", calls, err)
	}
}
