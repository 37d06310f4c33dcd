package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Outputs. Every command renders its whole output in memory first, so that
// a failure (bad input found late, a rule, an interrupt) writes nothing; then
// the files are written by commitOutputs, which treats what already sits at
// each path with care:
//
//   - nothing there: a new 0644 file, written to a temporary name in the same
//     directory and renamed into place (a missing directory is a usage error
//     naming it);
//   - a regular file: replaced the same way, keeping its permission bits
//     (and its owner, when we may set it);
//   - a regular file with other hard links: written in place (truncated and
//     rewritten from memory), so every link still shows the new contents;
//   - a read-only regular file (no write bit for anyone): refused, even for
//     root, which could otherwise replace it;
//   - a symbolic link: followed, and its target treated as above; the link
//     itself is never replaced;
//   - a device, FIFO or socket (/dev/null, /dev/stdout, a named pipe):
//     opened for writing and written through, never renamed over;
//   - a directory: refused.
//
// Standard output is buffered by run (see stdoutBuffer) for the same reason.

// outFile is one rendered output file.
type outFile struct {
	path string // as the user named it, for messages
	data []byte
}

// render runs fill into memory. A fill that ignores its write errors cannot
// lose output here: a bytes.Buffer does not fail.
func render(fill func(io.Writer) error) ([]byte, error) {
	var b bytes.Buffer
	if err := fill(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeOutput renders fill and writes it to path, or to standard output
// for "-" or "". Once the command is interrupted it writes nothing.
func writeOutput(path string, e env, fill func(io.Writer) error) error {
	return writeWithChart(path, e, fill, nil, nil)
}

// staged is one output ready to commit: either a temporary file to rename
// over target, or data to write through target in place.
type staged struct {
	f      outFile
	target string // the path written (symlinks resolved)
	tmp    string // temporary file to rename to target; "" writes in place
}

// commitOutputs writes every file or none of the ones that would be
// renamed: all temporary files are written (and a full disk found) before
// the first rename. Writes in place (hard links, devices, FIFOs) come last.
func commitOutputs(files []outFile) (err error) {
	var st []staged
	defer func() {
		for _, s := range st {
			if s.tmp != "" {
				os.Remove(s.tmp) // a no-op once renamed
			}
		}
	}()
	for _, f := range files {
		s, err := stage(f)
		if err != nil {
			return err
		}
		st = append(st, s)
	}
	for _, s := range st {
		if s.tmp != "" {
			if err := os.Rename(s.tmp, s.target); err != nil {
				return fmt.Errorf("%s: %w", s.f.path, err)
			}
		}
	}
	for _, s := range st {
		if s.tmp == "" {
			if err := writeInPlace(s); err != nil {
				return err
			}
		}
	}
	return nil
}

// stage inspects what is at f.path and, when the file is to be replaced,
// writes the temporary file.
func stage(f outFile) (staged, error) {
	s := staged{f: f, target: f.path}
	if fi, err := os.Lstat(f.path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		t, err := filepath.EvalSymlinks(f.path)
		if err != nil {
			return s, usageErrorf("%s: symbolic link to a missing file (%v)", f.path, err)
		}
		s.target = t
	}
	fi, err := os.Stat(s.target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dir := filepath.Dir(s.target)
		if di, derr := os.Stat(dir); derr != nil || !di.IsDir() {
			return s, usageErrorf("%s: directory %s does not exist", f.path, dir)
		}
		return s, s.writeTemp(0o644, nil)
	case err != nil:
		return s, usageErrorf("%s: %v", f.path, err)
	case fi.IsDir():
		return s, usageErrorf("%s is a directory", f.path)
	case !fi.Mode().IsRegular():
		return s, nil // a device, FIFO or socket: written through
	case fi.Mode().Perm()&0o222 == 0:
		return s, usageErrorf("%s is read-only (mode %v); not overwriting it", f.path, fi.Mode().Perm())
	}
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok && sys.Nlink > 1 {
		return s, nil // keep the hard links: rewrite the file itself
	}
	return s, s.writeTemp(fi.Mode().Perm(), fi)
}

// writeTemp writes the data to a temporary file next to the target with
// mode perm (and the owner of old, when given and allowed).
func (s *staged) writeTemp(perm fs.FileMode, old fs.FileInfo) error {
	tmp, err := os.CreateTemp(filepath.Dir(s.target), "."+filepath.Base(s.target)+".tmp*")
	if err != nil {
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	s.tmp = tmp.Name()
	if _, err := tmp.Write(s.f.data); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	if old != nil {
		if sys, ok := old.Sys().(*syscall.Stat_t); ok {
			_ = tmp.Chown(int(sys.Uid), int(sys.Gid)) // best effort: only root may give a file away
		}
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	return nil
}

// writeInPlace writes through an existing file without replacing it.
func writeInPlace(s staged) error {
	fi, err := os.Stat(s.target)
	if err != nil {
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	flag := os.O_WRONLY
	if fi.Mode().IsRegular() {
		flag |= os.O_TRUNC
	}
	f, err := os.OpenFile(s.target, flag, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	if _, err := f.Write(s.f.data); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", s.f.path, unwrapPath(err))
	}
	return f.Close()
}

// unwrapPath drops the *PathError's own path (often a temporary name) so
// that messages name the user's path only.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// stdoutBuffer holds a command's standard output until it succeeds, so an
// interrupted or failed command prints nothing half-done, and a failed
// write to standard output becomes the command's error.
type stdoutBuffer struct{ bytes.Buffer }

// flush writes the buffered output to w.
func (b *stdoutBuffer) flush(w io.Writer) error {
	if b.Len() == 0 {
		return nil
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("writing standard output: %w", err)
	}
	return nil
}

// checkOutDir says, before any work, whether the directory flag names can
// be written: dir must be a directory or not yet exist below one, and
// that directory must take a new file (probed with a temporary file,
// removed at once; nothing is created when dir does not exist yet). The
// error is a usage error naming the flag, so a long run does not fail
// only at the end.
func checkOutDir(flag, dir string) error {
	if dir == "" {
		return nil
	}
	p := filepath.Clean(dir)
	for {
		fi, err := os.Stat(p)
		if err == nil {
			if !fi.IsDir() {
				if p == filepath.Clean(dir) {
					return usageErrorf("-%s: %s exists and is not a directory", flag, dir)
				}
				return usageErrorf("-%s: cannot create %s: %s is not a directory", flag, dir, p)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return usageErrorf("-%s: %v", flag, err)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return usageErrorf("-%s: %v", flag, err)
		}
		p = parent
	}
	f, err := os.CreateTemp(p, ".staffcast-check-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return usageErrorf("-%s: cannot write into %s: %v", flag, p, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
