package main

import "context"

func runSchedule(ctx context.Context, args []string, e env) error {
	return usageErrorf("not built yet")
}
