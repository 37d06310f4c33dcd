package workpool_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/staffcast/staffcast/internal/leakcheck"
	"github.com/staffcast/staffcast/internal/workpool"
)

func TestRun(t *testing.T) {
	boom := errors.New("boom")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name      string
		ctx       context.Context
		n         int
		workers   int
		failAt    int // -1: never
		wantErr   error
		wantAll   bool
		maxCalled int
	}{
		{name: "all done", ctx: context.Background(), n: 50, workers: 3, failAt: -1, wantAll: true},
		{name: "none", ctx: context.Background(), n: 0, workers: 2, failAt: -1, wantAll: true},
		{name: "workers below one", ctx: context.Background(), n: 5, workers: 0, failAt: -1, wantAll: true},
		{name: "first error stops", ctx: context.Background(), n: 1000, workers: 2, failAt: 3, wantErr: boom, maxCalled: 10},
		{name: "cancelled context", ctx: cancelled, n: 10, workers: 2, failAt: -1, wantErr: context.Canceled, maxCalled: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := leakcheck.Before()
			var called atomic.Int32
			seen := make([]atomic.Int32, tc.n)
			var lastProgress atomic.Int32
			err := workpool.Run(tc.ctx, tc.n, tc.workers, func(done, total int) {
				if total != tc.n || int32(done) != lastProgress.Load()+1 {
					t.Errorf("progress(%d, %d) after %d", done, total, lastProgress.Load())
				}
				lastProgress.Store(int32(done))
			}, func(ctx context.Context, i int) error {
				called.Add(1)
				seen[i].Add(1)
				if i == tc.failAt {
					return boom
				}
				return nil
			})
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if tc.wantAll {
				for i := range seen {
					if seen[i].Load() != 1 {
						t.Fatalf("index %d run %d times", i, seen[i].Load())
					}
				}
				if int(lastProgress.Load()) != tc.n {
					t.Errorf("progress reached %d of %d", lastProgress.Load(), tc.n)
				}
			} else if int(called.Load()) > tc.maxCalled {
				t.Errorf("%d calls, want at most %d", called.Load(), tc.maxCalled)
			}
			leakcheck.Settled(t, before)
		})
	}
}

func ExampleRun() {
	squares := make([]int, 5)
	err := workpool.Run(context.Background(), len(squares), 2, nil, func(_ context.Context, i int) error {
		squares[i] = i * i
		return nil
	})
	fmt.Println(squares, err)
	// Output: [0 1 4 9 16] <nil>
}
