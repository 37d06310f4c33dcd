package main

import "context"

func runForecast(ctx context.Context, args []string, e env) error {
	return usageErrorf("not built yet")
}

func runBacktest(ctx context.Context, args []string, e env) error {
	return usageErrorf("not built yet")
}
