package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/staffcast/staffcast/api"
	"github.com/staffcast/staffcast/app"
	"github.com/staffcast/staffcast/store/sqlite"
)

const tokenHelp = `Manage API tokens (same -data-dir / -database-url as serve).

  staffcast token create -role planner|manager|hr|admin -name alice   prints the new token alone
  staffcast token list
  staffcast token revoke -id 3

A name is unique among tokens not revoked (the audit log shows it), in
any case (Alice and alice are one name), and may not start or end with
white space; a revoked token's name may be given again.

Only a hash of each token is stored: a lost token cannot be shown again,
make a new one and revoke the old.
`

func runToken(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(e.stdout, "Usage of staffcast token:\n"+tokenHelp)
		if len(args) == 0 {
			return usageErrorf("token: give a subcommand: create, list or revoke")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := newFlags("token "+sub, e)
	withHelp(fs, e, tokenHelp)
	var sf storeFlags
	sf.register(fs)
	var role, name *string
	var id *int64
	switch sub {
	case "create":
		role = fs.String("role", "", "planner, manager, hr or admin")
		name = fs.String("name", "", "who the token is for (shown in the audit log)")
	case "list":
	case "revoke":
		id = fs.Int64("id", 0, "id of the token to revoke (see token list)")
	default:
		return usageErrorf("token: unknown subcommand %q (create, list or revoke)", sub)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case sub == "create":
		if err := requireFlag("role", *role); err != nil {
			return err
		}
		if _, err := api.ParseRole(*role); err != nil {
			return usageErrorf("-role: %v", err)
		}
		if err := requireFlag("name", *name); err != nil {
			return err
		}
		if len(*name) > 64 {
			return usageErrorf("-name: at most 64 bytes")
		}
		// " qa-planner" reads as "qa-planner" in the audit log.
		if strings.TrimSpace(*name) != *name {
			return usageErrorf("-name: %q starts or ends with white space", *name)
		}
	case sub == "revoke" && *id < 0:
		return usageErrorf("-id %d: want a token id from \"staffcast token list\" (a positive number)", *id)
	case sub == "revoke" && *id == 0:
		return usageErrorf("flag -id is required (a token id from \"staffcast token list\")")
	}
	// Listing or revoking in a store that is not there is a mistyped
	// -data-dir: say so rather than create an empty store and list nothing.
	if sub != "create" && sf.databaseURL == "" && e.getenv("STAFFCAST_DATABASE_URL") == "" {
		if _, err := os.Stat(filepath.Join(sf.dataDir, sqlite.FileName)); errors.Is(err, os.ErrNotExist) {
			return usageErrorf("-data-dir %s: no Staffcast store there (it holds %s once \"staffcast serve\" or \"staffcast token create\" has run)", sf.dataDir, sqlite.FileName)
		}
	}
	st, err := sf.open(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "create":
		clear, _, err := st.CreateToken(ctx, "cli", *name, *role)
		if err != nil {
			return nameTaken(err)
		}
		_, err = fmt.Fprintln(e.stdout, clear)
		return err
	case "revoke":
		if err := st.RevokeToken(ctx, "cli", *id); err != nil {
			return err
		}
		// A running server trusts a token it checked for a few seconds
		// (api.Config.TokenCacheTTL); revoking through the API is at once.
		_, err := fmt.Fprintf(e.stdout, "token %d revoked; a running server stops accepting it within 10 s\n", *id)
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\trole\tcreated\tlast used\trevoked")
	p := app.Page{Limit: app.MaxPageLimit}
	for {
		ts, next, err := st.ListTokens(ctx, p)
		if err != nil {
			return err
		}
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", strconv.FormatInt(t.ID, 10), t.Name, t.Role,
				t.CreatedAt.Format(time.RFC3339), when(t.LastUsedAt), when(t.RevokedAt))
		}
		if next == "" {
			break
		}
		p.Cursor = next
	}
	return tw.Flush()
}

// nameTaken turns the store's Conflict for a name a live token has into a
// usage error naming -name: here the conflict is the flag's value, which
// the user fixes by choosing another name or revoking the old token.
func nameTaken(err error) error {
	if app.KindOf(err) == app.Conflict {
		return usageErrorf("-name: %s", app.Reason(err))
	}
	return err
}

func when(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}
