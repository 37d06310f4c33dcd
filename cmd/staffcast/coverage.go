package main

import "context"

func runCoverage(ctx context.Context, args []string, e env) error {
	return usageErrorf("not built yet")
}
