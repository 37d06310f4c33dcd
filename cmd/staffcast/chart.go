package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/staffcast/staffcast/charts"
)

// chartFlag is -chart FILE.png|FILE.svg: also draw the command's result,
// in the format the file name's extension says.
type chartFlag struct {
	path   string
	format charts.Format
}

func (c *chartFlag) String() string {
	if c == nil {
		return ""
	}
	return c.path
}

func (c *chartFlag) Set(s string) error {
	f, err := charts.FormatOfFile(s)
	if err != nil {
		return fmt.Errorf("want a file name ending in .png or .svg, got %q", s)
	}
	c.path, c.format = s, f
	return nil
}

// addChartFlag registers -chart; what says what the chart shows.
func addChartFlag(fs *flag.FlagSet, what string) *chartFlag {
	c := &chartFlag{}
	fs.Var(c, "chart", "also write a chart of "+what+" to this file, PNG or SVG by its extension (.png, .svg)")
	return c
}

// file renders the chart build returns into the file to write, or nothing
// without -chart. A chart of the user's data that cannot be drawn (nothing
// to draw, one queue wanted) is a usage error naming the flag.
func (c *chartFlag) file(build func() (charts.Chart, error)) ([]outFile, error) {
	if c == nil || c.path == "" {
		return nil, nil
	}
	ch, err := build()
	if err != nil {
		return nil, usageErrorf("-chart: %v", err)
	}
	b, err := ch.Render(charts.Options{Format: c.format})
	if errors.Is(err, charts.ErrRender) {
		return nil, fmt.Errorf("-chart: %w", err)
	}
	if err != nil {
		return nil, usageErrorf("-chart: %v", err)
	}
	return []outFile{{c.path, b}}, nil
}

// writeWithChart writes the command's output as writeOutput does (path ""
// or "-" is standard output) together with its chart: both are rendered
// first and the files committed together, so a failure writes neither.
func writeWithChart(path string, e env, fill func(io.Writer) error, c *chartFlag, build func() (charts.Chart, error)) error {
	if e.ctx != nil {
		if err := e.ctx.Err(); err != nil {
			return err
		}
	}
	data, err := render(fill)
	if err != nil {
		return err
	}
	files, err := c.file(build)
	if err != nil {
		return err
	}
	toStdout := path == "" || path == "-"
	if !toStdout {
		if len(files) > 0 && sameFile(path, files[0].path) {
			return usageErrorf("-chart: %s is also the output file", files[0].path)
		}
		files = append(files, outFile{path, data})
	}
	if err := commitOutputs(files); err != nil {
		return err
	}
	if toStdout {
		_, err := e.stdout.Write(data)
		return err
	}
	return nil
}

// sameFile reports whether two paths name one file, as far as their
// cleaned absolute forms tell.
func sameFile(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

// oneQueue is the error of a chart asked for several queues at once.
func oneQueue(n int) error {
	return fmt.Errorf("the input has %d queues and a chart shows one: give one queue's rows", n)
}
