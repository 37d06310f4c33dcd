// Command staffcast forecasts contact volume, computes the agents a queue
// needs, and builds shift plans. Run "staffcast help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	_ "time/tzdata" // -tz works on machines without system zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "staffcast:", oneLine(err))
		os.Exit(exitCode(err))
	}
}

// env is what a command may read from its surroundings; tests pass fakes.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// ctx is the command's context, so that writers can refuse to write a
	// file once it is interrupted; nil in tests that build an env by hand.
	ctx context.Context
	// liveStdout is the process's standard output itself, unbuffered, for a
	// long-running command (serve) whose banner must show while it runs.
	liveStdout io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, args []string, e env) error
	// service marks a command that runs until a signal stops it (serve): a
	// signal is its normal end, not an interruption.
	service bool
}

// commands lists every subcommand. It is the one place to add one.
func commands() map[string]command {
	return map[string]command{
		"demo":      {summary: "run the whole pipeline on built-in synthetic history and print a summary", run: runDemo},
		"erlang":    {summary: "Erlang C / Erlang A figures for one interval, or the agents it needs", run: runErlang},
		"staff":     {summary: "agents needed for every interval of a workload CSV", run: runStaff},
		"forecast":  {summary: "forecast volume and handle time per interval from history", run: runForecast},
		"backtest":  {summary: "rolling-origin accuracy of every forecasting method on a history", run: runBacktest},
		"calibrate": {summary: "compare Erlang C, Erlang A and the simulator with real call records", run: runCalibrate},
		"schedule":  {summary: "shift plan (and roster) covering interval requirements", run: runSchedule},
		"coverage":  {summary: "coverage of an imported roster against requirements", run: runCoverage},
		"scenario":  {summary: "bot/human scenarios: run, sweep, optimize the bot share by hour, compare", run: runScenario},
		"plan":      {summary: "history -> forecast -> bot funnel -> staffing -> shifts -> roster, every table and a summary", run: runPlan},
		"simulate":  {summary: "simulate a staffing (or a plan or roster) event by event: service level with a confidence interval", run: runSimulate},
		"serve":     {summary: "run the REST API over the store (embedded SQLite or PostgreSQL)", run: runServe, service: true},
		"token":     {summary: "create, list or revoke API tokens (create prints the token alone)", run: runToken},
	}
}

// run is main without the process: it never exits and never panics to the
// user.
//
// A command's standard output is held until it ends and written only when it
// succeeded (or, without a command, for the usage text), so a failed or
// interrupted command prints nothing half-done; a failed write to stdout is
// an error. An interrupt (ctx cancelled) is an error even when the command
// itself finished, say with the best plan found so far.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var buf stdoutBuffer
	e := env{getenv: getenv, stdin: stdin, stdout: &buf, stderr: stderr, ctx: ctx, liveStdout: stdout}
	err := dispatch(ctx, args, e, commands())
	if err == nil && ctx.Err() != nil && !isService(args) {
		err = fmt.Errorf("%s: interrupted: %w", args[0], context.Cause(ctx))
	}
	if err != nil && len(args) > 0 {
		return err
	}
	if ferr := buf.flush(stdout); ferr != nil {
		if len(args) > 0 {
			ferr = fmt.Errorf("%s: %w", args[0], ferr)
		}
		return errors.Join(err, ferr)
	}
	return err
}

// dispatch runs the command args[0] names. A panic becomes an internal error
// so no stack trace reaches the user.
func dispatch(ctx context.Context, args []string, e env, cmds map[string]command) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (please report it)", r)
		}
	}()
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(e.stdout, cmds)
		if len(args) == 0 {
			return usageErrorf("no command given")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		return usageErrorf("unknown command %q (run \"staffcast help\")", args[0])
	}
	if err := c.run(ctx, args[1:], e); err != nil && !errors.Is(err, errHelpShown) {
		if strings.HasPrefix(err.Error(), args[0]+": ") {
			return err // already named, e.g. by the erlang package's "erlang: ..."
		}
		return fmt.Errorf("%s: %w", args[0], err)
	}
	return nil
}

func printUsage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "Usage: staffcast COMMAND [flags]   (staffcast COMMAND -h lists its flags)")
	fmt.Fprintln(w, "\nCommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, cmds[n].summary)
	}
}

// oneLine keeps error output to one line whatever an error's text holds.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// isService says whether args name a command that a signal ends normally.
func isService(args []string) bool {
	return len(args) > 0 && commands()[args[0]].service
}
