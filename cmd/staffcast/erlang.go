package main

import "context"

func runErlang(ctx context.Context, args []string, e env) error { return usageErrorf("not built yet") }

func runStaff(ctx context.Context, args []string, e env) error { return usageErrorf("not built yet") }
