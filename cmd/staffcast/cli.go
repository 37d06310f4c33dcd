package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/csvio"
)

// Exit statuses. exitCode is the only place that decides them.
const (
	exitFailure     = 1   // a failure that is not the user's input: environment, bug, deadline
	exitBadUse      = 2   // the user can fix it: flags, files, their contents (app.Invalid, NotFound, Forbidden, Unauthorized)
	exitInterrupted = 130 // interrupted (Ctrl-C, SIGTERM): 128 + SIGINT, as shells report it
)

// usageError marks an error as the user's input being wrong: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// badInput marks err (typically a reader's error about a file's contents) as
// the user's input being wrong, and names the file.
func badInput(path string, err error) error {
	if err == nil {
		return nil
	}
	return &usageError{fmt.Errorf("%s: %w", path, err)}
}

// exitCode maps an error to the process's exit status: an interrupt
// (context.Canceled, from SIGINT/SIGTERM) exits 130 whatever else went wrong
// on the way out; usage errors, CSV parse errors and the app kinds Invalid,
// NotFound, Forbidden and Unauthorized exit 2; a passed deadline and
// everything else exit 1.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, context.Canceled) {
		return exitInterrupted
	}
	var ue *usageError
	var pe *csvio.ParseError
	if errors.As(err, &ue) || errors.As(err, &pe) {
		return exitBadUse
	}
	switch app.KindOf(err) {
	case app.Invalid, app.NotFound, app.Forbidden, app.Unauthorized:
		return exitBadUse
	}
	return exitFailure
}

// newFlags returns a FlagSet that reports errors instead of exiting and
// prints its usage only when asked with -h.
func newFlags(name string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet("staffcast "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage of staffcast %s:\n", name)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args and turns every problem into a usage error that
// names the flag. Positional arguments are not accepted. The usage is printed
// only for -h: package flag also calls Usage on every parse error, which
// would bury the one-line error under the whole flag list.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := parseFlagsAllowArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q (flags start with -)", fs.Arg(0))
	}
	return nil
}

// parseFlagsAllowArgs is parseFlags leaving positional arguments in
// fs.Args() for the caller.
func parseFlagsAllowArgs(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return errHelpShown
		}
		return &usageError{err}
	}
	return nil
}

// errHelpShown ends a command quietly and successfully after -h.
var errHelpShown = errors.New("help shown")

// requireFlag reports a missing required flag by name.
func requireFlag(name, value string) error {
	if strings.TrimSpace(value) == "" {
		return usageErrorf("flag -%s is required", name)
	}
	return nil
}

// fractionFlag is a float flag that must lie in the open interval (0, 1),
// with 0 when zero is allowed and 1 when one is. Given is false until the user gives it.
type fractionFlag struct {
	Value     float64
	Given     bool
	allowZero bool
	allowOne  bool // a rate of the bot funnel: 1 is meaningful (everyone)
}

func (f *fractionFlag) String() string {
	if f == nil || !f.Given {
		return ""
	}
	return strconv.FormatFloat(f.Value, 'g', -1, 64)
}

func (f *fractionFlag) Set(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return fmt.Errorf("not a number: %q", s)
	}
	lo, hi := "0 <", "x < 1"
	if f.allowZero {
		lo = "0 <="
	}
	if f.allowOne {
		hi = "x <= 1"
	}
	if math.IsNaN(v) || v > 1 || (v == 1 && !f.allowOne) || v < 0 || (v == 0 && !f.allowZero) {
		return fmt.Errorf("%v is outside %s %s", v, lo, hi)
	}
	f.Value, f.Given = v, true
	return nil
}

// durationVar defines d under name with a usage that ends in d's default,
// written from the value itself so the help cannot drift from it.
func durationVar(fs *flag.FlagSet, d *durationFlag, name, usage string) {
	fs.Var(d, name, fmt.Sprintf("%s (default %s)", usage, shortDuration(d.Value)))
}

// durationFlag is a positive (or, with ZeroOK, non-negative) time.Duration flag; a bare number means seconds,
// because planners write "--aht 180".
type durationFlag struct {
	Value time.Duration
	Given bool
	// ZeroOK accepts 0 (e.g. "no time limit").
	ZeroOK bool
}

func (d *durationFlag) String() string {
	if d == nil || !d.Given {
		return ""
	}
	return d.Value.String()
}

func (d *durationFlag) Set(s string) error {
	s = strings.TrimSpace(s)
	v, err := time.ParseDuration(s)
	if err != nil {
		secs, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			return fmt.Errorf("not a duration: %q (use e.g. 30s, 15m, 1h)", s)
		}
		// Range-check before converting: an out-of-range float conversion
		// is implementation-defined in Go.
		if !((secs > 0 || d.ZeroOK && secs == 0) && secs < math.MaxInt64/float64(time.Second)) {
			return fmt.Errorf("must be %s and below 292 years, got %q", d.want(), s)
		}
		v = time.Duration(secs * float64(time.Second))
	}
	if v < 0 || v == 0 && !d.ZeroOK {
		return fmt.Errorf("must be %s, got %q", d.want(), s)
	}
	d.Value, d.Given = v, true
	return nil
}

// want is what the flag accepts, for its errors.
func (d *durationFlag) want() string {
	if d.ZeroOK {
		return "0 or positive"
	}
	return "positive"
}

// openInput opens path for reading; "-" is standard input.
func openInput(path string, e env) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(e.stdin), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &usageError{err}
	}
	return f, nil
}

// flagError names the flag instead of the JSON field in an application
// error about one request field ("sl_target" is flag -sl-target).
func flagError(err error) error {
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Kind != app.Invalid || ae.Op != "" || len(ae.Details) != 1 || ae.Details[0].Field == "" {
		return err
	}
	d := ae.Details[0]
	return usageErrorf("invalid value for flag -%s: %s", strings.ReplaceAll(d.Field, "_", "-"), d.Reason)
}
