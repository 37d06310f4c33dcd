package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/staffcast/staffcast/demo"
)

// updateScreenshots writes the screenshots the browser test takes into
// docs/screenshots/ (the README shows them) instead of a temporary folder:
// go test ./cmd/staffcast -run TestBrowser -update-screenshots
var updateScreenshots = flag.Bool("update-screenshots", false, "write the browser test's screenshots into docs/screenshots/")

// envRequireChromium makes TestBrowser fail instead of skip when no Chromium
// is installed (.ci/run sets it).
const envRequireChromium = "STAFFCAST_REQUIRE_CHROMIUM"

// chromiumPath finds a Chromium (or Chrome) binary, skipping the test when
// there is none unless envRequireChromium is 1.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(envRequireChromium) == "1" {
		t.Fatalf("no chromium on PATH and %s=1 (install it: apt-get install chromium)", envRequireChromium)
	}
	t.Skipf("no chromium on PATH (set %s=1 to make this a failure)", envRequireChromium)
	return ""
}

// browserTab is one tab of the headless browser, one per role (the page
// keeps its token per tab).
type browserTab struct {
	t        *testing.T
	ctx      context.Context
	name     string
	mu       sync.Mutex
	problems []string // exceptions and console errors (a CSP violation is one)
}

// newTab opens a tab on the page at url and collects its script errors.
func newTab(t *testing.T, browserCtx context.Context, name, url string) *browserTab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	b := &browserTab{t: t, ctx: ctx, name: name}
	var wg sync.WaitGroup
	t.Cleanup(func() { cancel(); wg.Wait() })
	if err := chromedp.Do(ctx); err != nil { // opens the tab, which lives as long as ctx
		t.Fatalf("%s: opening a tab: %v", name, err)
	}
	messages := chromedp.Console(ctx)
	wg.Go(func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// Failed requests are logged by the network source; the
			// page reports them itself (a bad upload is meant to fail).
			if (m.Type == chromedp.ConsoleError && m.Source != "network") || m.IsException() {
				b.mu.Lock()
				b.problems = append(b.problems, m.String())
				b.mu.Unlock()
			}
		}
	})
	b.run("open the page", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("#token")))
	return b
}

// run runs steps, failing the test with what the page shows when one fails.
func (b *browserTab) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.fail(what, err)
	}
}

// stepTimeout bounds one step of the browser test (a forecast, a schedule
// job, a download): generous, since CI machines are shared, and only there
// so that a page that never shows what is awaited fails instead of hanging.
const stepTimeout = 2 * time.Minute

// text returns the text of the element sel.
func (b *browserTab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		b.fail("read "+sel, err)
	}
	return s
}

// value returns the value of the form field sel.
func (b *browserTab) value(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.fail("read "+sel, err)
	}
	return s
}

func (b *browserTab) fail(what string, err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('.result, .error, .preview, figcaption, #who')]
		.filter(e => e.textContent.trim()).map(e => (e.id || e.closest('[id]').id) + ': ' + e.textContent.trim()).join('\n')`))
	b.t.Fatalf("%s: %s: %v\nthe page shows:\n%s\nscript problems: %v", b.name, what, err, shown, b.scriptProblems())
}

func (b *browserTab) scriptProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// waitJS waits until the JavaScript expression is true (no time limit of
// its own: the test's context bounds it).
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(0))
}

// waitText waits until the element's text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return waitJS(fmt.Sprintf(`(document.querySelector(%q)?.textContent || '').includes(%q)`, sel, want))
}

// waitChart waits until the chart image is shown and decoded (an image
// with a natural width), failing at once when the page says it has none.
func waitChart(sel string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		state := fmt.Sprintf(`(() => { const i = document.querySelector(%q), f = i && i.closest('figure');
			if (f && !f.hidden && i.complete && i.naturalWidth > 0) return 'drawn';
			const cap = f ? f.querySelector('figcaption').textContent : '';
			return cap.startsWith('No chart') ? cap : ''; })()`, sel)
		got, err := chromedp.Run(ctx, chromedp.Poll[string](state, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(0)))
		if err == nil && got != "drawn" {
			err = fmt.Errorf("%s: %s", sel, got)
		}
		return chromedp.Void{}, err
	}
}

func click(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }

// pickQueue picks queue in the queue select, as a user choosing it does.
func pickQueue(queue string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { const s = document.querySelector('#queue'); s.value = %q; s.dispatchEvent(new Event('change')); })()`, queue))
}

func upload(sel, path string) chromedp.Action[chromedp.Void] {
	return chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path})
}

// signIn pastes the token and presses Enter, then waits for the role to
// show.
func (b *browserTab) signIn(token, role string) {
	b.t.Helper()
	b.run("sign in", chromedp.SendKeys(chromedp.CSS("#token"), token+"\n"),
		waitText("#who", "("+role+")"), chromedp.WaitNotVisible(chromedp.CSS("#signin")))
}

// setNumber replaces an input's value by typing, as a keyboard user would.
func setNumber(sel, v string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).select()`, sel)),
		chromedp.SendKeys(chromedp.CSS(sel), v),
	)
}

// screenshot saves the whole page as NAME.png into dir.
func (b *browserTab) screenshot(dir, name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	// A background tab does not lay out what changed: bring it to the front.
	if _, err := chromedp.Call(ctx, page.BringToFront, cdp.Empty{}); err != nil {
		b.fail("bring the tab to the front", err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.fail("screenshot", err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("%s: %s.png, %d KiB", b.name, name, len(png)>>10)
}

// onPhone lays the page out on a phone's screen (390 px wide, mobile and
// touch), checks that nothing is wider than the screen (a table or a
// chart scrolls in its own box, and a chart keeps a readable width),
// optionally saves a screenshot, and goes back to 1280 px.
func (b *browserTab) onPhone(dir, name string) {
	b.t.Helper()
	b.run("phone layout", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch),
		waitJS(`window.innerWidth === 390`))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main *')]
		.filter(e => e.offsetParent !== null && !e.closest('.scroll') && !(e.tagName === 'IMG' && e.closest('figure.chart')) && e.getBoundingClientRect().right > window.innerWidth + 1)
		.map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')`))
	if err != nil {
		b.fail("measure the phone layout", err)
	}
	if len(wide) > 0 {
		b.t.Errorf("%s: on a 390 px screen these stick out: %v", b.name, wide)
	}
	narrow, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('figure.chart img')]
		.filter(i => i.offsetParent !== null && i.getBoundingClientRect().width < 700).map(i => i.id + ' ' + Math.round(i.getBoundingClientRect().width) + 'px')`))
	if err != nil {
		b.fail("measure the phone's charts", err)
	}
	if len(narrow) > 0 {
		b.t.Errorf("%s: on a 390 px screen these charts are shrunk past reading: %v", b.name, narrow)
	}
	if name != "" {
		b.screenshot(dir, name)
	}
	b.run("desktop layout", chromedp.EmulateViewport(1280, 900), waitJS(`window.innerWidth === 1280`))
}

// download clicks sel and waits until the browser has saved the file name
// into dir (where allowDownloads sends downloads).
func (b *browserTab) download(dir, sel, name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	b.run("download "+name, click(sel))
	for ev, err := range progress {
		if err != nil {
			b.fail("download "+name, err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	if info, err := os.Stat(filepath.Join(dir, name)); err != nil || info.Size() == 0 {
		b.t.Fatalf("%s: download %s: %v", b.name, name, err)
	}
}

// TestBrowser drives the web page in headless Chromium against a real
// "staffcast serve" on loopback, one tab per role: HR uploads agents; the
// planner creates a queue, uploads a bad history CSV (and sees its line
// errors) and a good one, forecasts, changes the staffing figures and sees
// the agents change, staffs the forecast, runs a schedule job to its end
// (its progress goes once its plan shows) and downloads the roster CSV and an agent's calendar; HR measures that
// roster against the requirement; the manager runs, sweeps and compares
// scenarios and optimises one by hour. Every chart must be drawn (a decoded
// image). Each role's page is saved as a screenshot (into docs/screenshots
// with -update-screenshots).
func TestBrowser(t *testing.T) {
	chrome := chromiumPath(t)
	storeArgs := []string{"-data-dir", t.TempDir()}
	admin := createToken(t, storeArgs, "admin", "e2e-admin")
	srv := startServer(t, storeArgs)
	tk := makeTokens(t, srv, admin)

	files := t.TempDir()
	history, bad, agents, otherQueue := browserFiles(t, files)
	shots := t.TempDir()
	if *updateScreenshots {
		shots = filepath.Join("..", "..", "docs", "screenshots")
		if err := os.MkdirAll(shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	_, err := chromedp.CallBrowser(browserCtx, browser.SetDownloadBehavior,
		browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: files, EventsEnabled: new(true)})
	if err != nil {
		t.Fatal(err)
	}

	// HR imports the team first, so the planner's schedule is rostered.
	hr := newTab(t, browserCtx, "hr", srv.url+"/")
	hr.signIn(tk.hr, "hr")
	hr.run("hr sees only its tasks", waitJS(`!document.querySelector('#agents').hidden && !document.querySelector('#coverage').hidden &&
		document.querySelector('#history').hidden && document.querySelector('#forecast').hidden && document.querySelector('#scenarios').hidden`))
	hr.run("upload agents", upload("#agents-file", agents), click("#agents-form button"), waitText("#agents-result", "Imported"))

	// The planner.
	pl := newTab(t, browserCtx, "planner", srv.url+"/")
	pl.signIn(tk.planner, "planner")
	pl.run("planner sees its tasks", waitJS(`!document.querySelector('#history').hidden && !document.querySelector('#schedule').hidden &&
		document.querySelector('#agents').hidden && document.querySelector('#coverage').hidden`),
		// The content, focused after sign-in, shows no focus frame.
		waitJS(`document.activeElement.id === 'main' && getComputedStyle(document.activeElement).boxShadow === 'none'`))
	// Submit only once the name is typed in full: on a loaded machine the
	// keys can still be arriving when the click would (a run created "r").
	pl.run("create a queue", click("#queue-create summary"), chromedp.SendKeys(chromedp.CSS("#queue-name"), "retail"),
		waitJS(`document.querySelector('#queue-name').value === 'retail'`), click("#queue-form button"), waitText("#queue-result", "Created queue retail"), waitJS(`document.querySelector('#queue').value === 'retail'`))
	pl.run("upload a bad history", upload("#history-file", bad), click("#history-form button"), waitText("#history-result", "Line 3"))
	shown := pl.text("#history-result")
	for _, want := range []string{"Line 3, column 4 (offered)", "Line 4, column 1 (interval_start)", "nothing was imported"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the bad history's errors lack %q:\n%s", want, shown)
		}
	}
	// Plain words: no HTTP status name before the detail, no Go package
	// names in it.
	for _, leak := range []string{"Unprocessable", "csvio:", "historycsv:"} {
		if strings.Contains(shown, leak) {
			t.Errorf("the bad history's errors show %q:\n%s", leak, shown)
		}
	}
	// Another queue's history: every line has the same error, said once.
	pl.run("upload another queue's history", upload("#history-file", otherQueue), click("#history-form button"), waitText("#history-result", "Lines 2-101 and 50 more"))
	pl.run("one line for one error", waitJS(`document.querySelectorAll('#history-result li').length === 1`))
	if shown := pl.text("#history-result"); !strings.Contains(shown, `is not the queue picked on this page, "retail"`) {
		t.Errorf("another queue's history: %s", shown)
	}
	pl.run("upload the history", upload("#history-file", history), click("#history-form button"), waitText("#history-result", "Imported"))
	// A step's error is cleared once the step before it has run.
	pl.run("staff before a forecast", click("#staffing-form button"), waitText("#staffing-result", "Run a forecast first"))
	pl.run("forecast", click("#forecast-form button"), waitText("#forecast-result", "Forecast 1"), waitJS(`document.querySelector('#staffing-result').textContent === ''`), waitChart("#forecast-chart"),
		waitJS(`document.querySelectorAll('#forecast-table tbody tr').length > 100`), waitText("#staffing-preview", "agents"),
		click("#backtest"), waitChart("#backtest-chart"))
	before, aht := pl.text("#preview-scheduled"), pl.value("#aht")
	pl.run("raise the AHT and the target", setNumber("#aht", "400"), setNumber("#sl-target", "90"),
		waitJS(fmt.Sprintf(`(document.querySelector('#preview-scheduled')?.textContent ?? %q) !== %q`, before, before)))
	after := pl.text("#preview-scheduled")
	t.Logf("scheduled agents at the peak: %s, then %s with a 400 s AHT and a 90%% target", before, after)
	pl.run("back to the forecast's AHT and 80%", setNumber("#aht", aht), setNumber("#sl-target", "80"),
		waitJS(fmt.Sprintf(`(document.querySelector('#preview-scheduled')?.textContent ?? %q) !== %q`, after, after)))
	pl.run("staff the forecast", click("#staffing-form button"), waitText("#staffing-result", "Staffing 1"), waitChart("#staffing-chart"))
	pl.run("schedule", chromedp.SetValue(chromedp.CSS("#time-limit"), "5s"), click("#schedule-form button"),
		chromedp.WaitVisible(chromedp.CSS("#schedule-bar")), waitText("#schedule-result", "Gap to the bound"),
		waitJS(`document.querySelector('#schedule-bar').value === 1`),
		waitChart("#plan-coverage-chart"), waitChart("#schedule-chart"), waitChart("#roster-chart"), chromedp.WaitVisible(chromedp.CSS("#dl-roster")),
		// The job has ended and its plan shows: its bar and note go.
		waitJS(`document.querySelector('#schedule-progress').hidden`))
	pl.download(files, "#dl-roster", "roster-1.csv")
	agent := pl.value("#ics-agent")
	pl.download(files, "#dl-ics", agent+".ics")
	if ics, _ := os.ReadFile(filepath.Join(files, agent+".ics")); !strings.Contains(string(ics), "BEGIN:VCALENDAR") {
		t.Errorf("%s.ics is not a calendar: %.200s", agent, ics)
	}
	pl.screenshot(shots, "planner")
	pl.onPhone(shots, "")
	// A new forecast: the staffing and plan of the earlier one go, and
	// cannot be planned as if they were its.
	pl.run("forecast again", click("#forecast-form button"), waitText("#forecast-result", "Forecast 2"),
		waitText("#staffing-result", "Staffing 1 was of an earlier forecast"),
		waitJS(`document.querySelector('#schedule-result').textContent === '' && document.querySelector('#downloads').hidden && document.querySelector('#staffing-chart').closest('figure').hidden`),
		click("#schedule-start"), waitText("#schedule-job", "Staff the forecast first"))

	// A planner who comes back (a new tab) sees the queue's newest stored
	// results, and picking another queue forgets them.
	back := newTab(t, browserCtx, "planner, back", srv.url+"/")
	back.signIn(tk.planner, "planner")
	back.run("the newest results", waitText("#latest-result", "forecast 1, staffing 1, schedule 1 with roster 1"),
		waitText("#forecast-result", "Forecast 1"), waitText("#staffing-result", "Staffing 1"), waitText("#schedule-result", "Gap to the bound"),
		waitText("#staffing-preview", "agents"), waitJS(`document.querySelector('#sl-target').value === '80'`),
		waitChart("#forecast-chart"), waitChart("#staffing-chart"), waitChart("#plan-coverage-chart"), waitChart("#schedule-chart"),
		chromedp.WaitVisible(chromedp.CSS("#dl-roster")))
	if shown := back.text("#schedule-result"); !strings.Contains(shown, "No plan can cost less than the lower bound") {
		t.Errorf("the plan's summary does not say what its bound is:\n%s", shown)
	}
	back.run("open create a queue", click("#queue-create summary"), chromedp.WaitVisible(chromedp.CSS("#queue-name")))
	back.run("type another queue", chromedp.SendKeys(chromedp.CSS("#queue-name"), "support"), waitJS(`document.querySelector('#queue-name').value === 'support'`))
	back.run("create another queue", click("#queue-form button"), waitText("#queue-result", "Created queue support"))
	back.run("picked another queue", waitJS(`document.querySelector('#queue').value === 'support'`))
	back.run("results cleared", waitJS(`document.querySelector('#forecast-result').textContent === '' && document.querySelector('#schedule-result').textContent === '' &&
			document.querySelector('#latest-result').textContent === '' && document.querySelector('#forecast-chart').closest('figure').hidden`))
	back.run("staff without a forecast", click("#staffing-form button"), waitText("#staffing-result", "Run a forecast first"))
	// Back to retail and at once away again: retail's results, which
	// arrive after the second pick, must not be shown under support. The
	// check waits until the last of retail's requests has been answered.
	back.run("switch back and away at once", chromedp.Evaluate[chromedp.Void](`(() => {
			performance.clearResourceTimings();
			const s = document.querySelector('#queue');
			s.value = 'retail'; s.dispatchEvent(new Event('change'));
			setTimeout(() => { s.value = 'support'; s.dispatchEvent(new Event('change')); }, 0);
		})()`),
		waitJS(`['/api/v1/rosters?queue=retail', '/api/v1/schedules/1'].every(u => performance.getEntriesByType('resource').some(e => e.name.endsWith(u) || e.name.includes(u + '&')))`),
		// Let the page act on those answers (a settling pause, not a timed
		// check: on a slow machine it can only miss the fault, not invent one).
		chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 300))`, chromedp.EvalAwaitPromise),
		waitJS(`document.querySelector('#queue').value === 'support' && document.querySelector('#forecast-result').textContent === '' &&
			document.querySelector('#schedule-result').textContent === '' && document.querySelector('#latest-result').textContent === ''`))
	// A reload comes back to the queue picked, not the first.
	back.run("reload", chromedp.Reload(), waitText("#who", "(planner)"), waitJS(`document.querySelector('#queue').value === 'support'`))

	// A team too small for the plan: the page says how short the roster
	// leaves the requirement while its shifts stay open, and draws the
	// first day anyone works.
	small := filepath.Join(files, "small-team.csv")
	team := demo.TeamFor(0, 1000*time.Hour, 1)
	if err := os.WriteFile(small, []byte(demoTeamCSV(team)), 0o644); err != nil {
		t.Fatal(err)
	}
	hr.run("upload a small team", upload("#agents-file", small), click("#agents-form button"), waitText("#agents-result", fmt.Sprintf("Imported %d agents", len(team))))
	// A queue planned by the hour (its staffing made through the API).
	srv.must(http.StatusCreated, nil, "POST", "/api/v1/queues", tk.planner, "", map[string]any{"name": "hourly", "time_zone": "UTC", "interval": "1h"})
	var hourly []map[string]any
	for h := 8; h < 20; h++ {
		hourly = append(hourly, map[string]any{"interval_start": fmt.Sprintf("2026-06-01T%02d:00:00Z", h), "volume": 40})
	}
	srv.must(http.StatusCreated, nil, "POST", "/api/v1/queues/hourly/staffing", tk.planner, "",
		map[string]any{"rows": hourly, "interval": "1h", "aht": "240s", "sl_target": 0.8, "sl_time": "20s", "shrinkage": 0.3})
	back.run("back to retail", chromedp.Reload(), waitText("#who", "(planner)"),
		waitJS(`document.querySelector('#queue').value === 'support' && !!document.querySelector('#queue option[value="hourly"]')`),
		pickQueue("retail"), waitText("#latest-result", "for retail"))
	// Away and back while the job runs: its progress shows again, and its
	// plan lands under retail alone.
	back.run("schedule onto the small team", chromedp.SetValue(chromedp.CSS("#time-limit"), "5s"), click("#schedule-form button"),
		chromedp.WaitVisible(chromedp.CSS("#schedule-bar")),
		// The plan the job replaces is gone while it runs.
		waitJS(`document.querySelector('#downloads').hidden && document.querySelector('#schedule-chart').closest('figure').hidden`),
		pickQueue("support"), waitJS(`document.querySelector('#schedule-progress').hidden`),
		pickQueue("retail"), waitJS(`!document.querySelector('#schedule-progress').hidden`),
		waitText("#schedule-result", "Schedule 2 of retail"), waitChart("#roster-chart"),
		waitJS(`document.querySelector('#schedule-progress').hidden`))
	if shown := back.text("#schedule-result"); !regexp.MustCompile(`Short while they stay open[\d,]+ person-minutes in [\d,]+ intervals`).MatchString(shown) {
		t.Errorf("a short roster's summary does not say how short it leaves the requirement:\n%s", shown)
	}
	// A job the page follows again after a reload (a long limit, so that it
	// still runs): its bar measures the time spent, "Start schedule" says
	// why it waits, also on another queue; cancelled, the job gives back the
	// plan it was to replace, and says so as news, not as an error.
	back.run("a long schedule, then a reload", chromedp.SetValue(chromedp.CSS("#time-limit"), "2m"), click("#schedule-start"),
		waitJS(`!document.querySelector('#schedule-wait').hidden`), chromedp.Reload(), waitText("#who", "(planner)"),
		waitJS(`!document.querySelector('#schedule-progress').hidden && document.querySelector('#schedule-start').disabled && document.querySelector('#schedule-result').textContent === ''`),
		waitText("#schedule-wait", "of this queue is running"),
		waitJS(`document.querySelector('#schedule-bar').value < 0.5 && document.querySelector('#schedule-note').getAttribute('aria-live') === null`),
		pickQueue("support"), waitText("#schedule-wait", "of queue retail is running"),
		pickQueue("retail"), waitJS(`!document.querySelector('#schedule-progress').hidden`),
		// As a new tab: nothing of the job kept in this one, the job list
		// says its queue.
		chromedp.Evaluate[chromedp.Void](`sessionStorage.removeItem('staffcast.scheduleJobs')`), chromedp.Reload(), waitText("#who", "(planner)"),
		waitJS(`!document.querySelector('#schedule-progress').hidden && document.querySelector('#schedule-start').disabled`),
		waitText("#schedule-wait", "of this queue is running"),
		click("#schedule-cancel"), waitText("#schedule-job", "cancelled: the plan shown is still schedule 2"),
		waitJS(`!document.querySelector('#schedule-job').classList.contains('bad') && document.querySelector('#schedule-progress').hidden && !document.querySelector('#schedule-start').disabled`),
		waitText("#schedule-result", "Schedule 2 of retail"), chromedp.WaitVisible(chromedp.CSS("#downloads")))
	// The templates box follows the queue's interval: the hourly queue's plan.
	back.run("plan the hourly queue", pickQueue("hourly"), waitText("#staffing-result", "Staffing"),
		waitJS(`JSON.parse(document.querySelector('#templates').value).interval === '1h'`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#do-roster').checked = false`),
		chromedp.SetValue(chromedp.CSS("#time-limit"), "5s"), click("#schedule-start"), waitText("#schedule-result", "of hourly"))

	// HR measures the planner's roster, read back from its CSV, against
	// the staffing it was planned for.
	hr.run("roster coverage", upload("#roster-file", filepath.Join(files, "roster-1.csv")),
		waitJS(`!!document.querySelector('#queue option[value="retail"]')`), pickQueue("retail"),
		waitJS(`document.querySelector('#coverage-staffing').value === '1'`), click("#coverage-form button"),
		waitText("#coverage-result", "against staffing 1"), waitChart("#coverage-chart"))
	hr.screenshot(shots, "hr")
	hr.onPhone(shots, "hr-phone")
	hr.run("a bad roster takes the last chart away", upload("#roster-file", bad), click("#coverage-form button"),
		waitJS(`document.querySelector('#coverage-result').classList.contains('bad') && document.querySelector('#coverage-chart').closest('figure').hidden`))
	hr.run("another queue forgets the staffing picked", pickQueue("support"), waitJS(`document.querySelector('#coverage-staffing').value === ''`))

	// The manager: a scenario run, a sweep of the bot share, two more
	// scenarios, and the three compared.
	mg := newTab(t, browserCtx, "manager", srv.url+"/")
	mg.signIn(tk.manager, "manager")
	mg.run("manager sees scenarios, not the planner's or hr's tasks", waitJS(`!document.querySelector('#scenarios').hidden &&
		document.querySelector('#history').hidden && document.querySelector('#agents').hidden && document.querySelector('#schedule').hidden`),
		waitJS(`document.querySelector('#scenario-doc').value.includes('"from_history": true')`),
		waitJS(`!!document.querySelector('#queue option[value="retail"]')`), pickQueue("retail"),
		waitJS(`JSON.parse(document.querySelector('#scenario-doc').value).queue === 'retail'`))
	mg.run("run a scenario", click("#scenario-run"), waitText("#scenario-result", "Cost of humans"))
	// A sweep and an optimisation are jobs: once the result shows, their
	// bar and note go.
	mg.run("sweep the bot share", click("#scenario-sweep"), waitText("#scenario-result", "Sweep of half-bot"),
		waitJS(noJobRows),
		waitJS(`document.querySelectorAll('#scenario-table tbody tr').length === 10`), waitChart("#scenario-chart"),
		// The card's width, not half of it.
		waitJS(`document.querySelector('#scenario-chart').getBoundingClientRect().width > 900`))
	mg.run("optimise by hour", click("#scenario-optimize"), waitText("#scenario-result", "Bot share by hour of day for half-bot"),
		waitChart("#scenario-chart-2"), waitJS(noJobRows))
	mg.run("a failed sweep takes the last charts away", chromedp.SetValue(chromedp.CSS("#scenario-vary"), "bot.nothing=0:1:0.5"), click("#scenario-sweep"),
		waitJS(`document.querySelector('#scenario-result').classList.contains('bad')`),
		waitJS(`document.querySelector('#scenario-chart').closest('figure').hidden && document.querySelector('#scenario-chart-2').closest('figure').hidden`))
	for _, sc := range []struct{ name, share string }{{"all-human", "0"}, {"mostly-bot", "90"}} {
		mg.run("run "+sc.name, setNumber("#scenario-name", sc.name), setNumber("#scenario-share", sc.share),
			click("#scenario-run"), waitText("#scenario-result", "Scenario "+sc.name))
	}
	mg.run("compare", waitJS(`document.querySelectorAll('#compare-list input:checked').length === 3`), click("#compare-form button"),
		waitText("#compare-result", "3 scenarios against half-bot"), waitText("#compare-table", "mostly-bot"))
	// A difference of two shares is in percentage points, and every
	// difference is that of the figures as shown.
	if row := mg.text("#compare-table tbody tr:nth-child(7)"); !strings.HasPrefix(row, "Service level") || !strings.Contains(row, " pp)") {
		t.Errorf("the compare table's service level row does not give points: %q", row)
	}
	mg.checkCompareSums()
	if h := mg.text("#compare-table thead th:first-child"); h == "" {
		t.Error("the compare table's first column has no heading")
	}
	mg.screenshot(shots, "manager")
	mg.onPhone(shots, "")
	mg.run("the queue picked is the scenario's", pickQueue("support"), waitJS(`JSON.parse(document.querySelector('#scenario-doc').value).queue === 'support'`),
		pickQueue("retail"), waitJS(`JSON.parse(document.querySelector('#scenario-doc').value).queue === 'retail'`))
	// Saving a compared scenario again: the notice stays, and the
	// comparison, now of an old version, goes.
	mg.run("replace a compared scenario", setNumber("#scenario-name", "mostly-bot"), setNumber("#scenario-share", "80"), click("#scenario-run"),
		waitText("#scenario-result", "Scenario mostly-bot"), waitText("#scenario-saved", "Replaced scenario mostly-bot"),
		waitText("#compare-result", "saved again"), waitJS(`document.querySelector('#compare-table-box').hidden`))
	mg.twoScenarioJobs()

	// The manager's token is revoked: the next request sends the page back
	// to sign-in instead of leaving it looking signed in.
	var tokens struct {
		Items []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	srv.must(http.StatusOK, &tokens, "GET", "/api/v1/tokens?limit=1000", tk.admin, "", nil)
	revoked := false
	for _, x := range tokens.Items {
		if x.Name == "e2e-manager" {
			srv.must(http.StatusNoContent, nil, "DELETE", fmt.Sprintf("/api/v1/tokens/%d", x.ID), tk.admin, "", nil)
			revoked = true
		}
	}
	if !revoked {
		t.Fatalf("no token e2e-manager among %+v", tokens.Items)
	}
	mg.run("a revoked token", click("#compare-form button"), chromedp.WaitVisible(chromedp.CSS("#signin")),
		waitText("#signin-error", "no longer accepts this token"), waitJS(`document.querySelector('#who').textContent === '' && document.querySelector('#scenarios').hidden`))
	// Signing in again starts clean: the revoked token's error is gone.
	mg.signIn(tk.planner, "planner")
	mg.run("a new sign-in clears the old errors", waitJS(`document.querySelector('#compare-result').textContent === ''`))

	for _, b := range []*browserTab{hr, pl, back, mg} {
		if p := b.scriptProblems(); len(p) > 0 {
			t.Errorf("%s: script problems on the page:\n%s", b.name, strings.Join(p, "\n"))
		}
	}
}

// browserFiles writes the files the browser test uploads: 8 weeks of the
// demo's synthetic history (a smaller centre than the demo's, so a week's
// schedule is quick), the same with two bad lines, and a team for it.
func browserFiles(t *testing.T, dir string) (history, bad, agents, otherQueue string) {
	t.Helper()
	cfg := demo.DefaultConfig(1)
	cfg.HistoryWeeks, cfg.DailyVolume = 8, 1500
	hist, err := demo.History(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("interval_start,queue,channel,offered,aht_seconds\n")
	for _, h := range hist {
		fmt.Fprintf(&b, "%s,retail,voice,%d,%.1f\n", h.Start.UTC().Format(time.RFC3339), h.Offered, h.AHTSeconds)
	}
	lines := strings.SplitAfter(b.String(), "\n")
	badLines := append([]string(nil), lines[:8]...)
	setField := func(line, col int, v string) {
		f := strings.Split(strings.TrimSuffix(badLines[line-1], "\n"), ",")
		f[col-1] = v
		badLines[line-1] = strings.Join(f, ",") + "\n"
	}
	setField(3, 4, "-5")        // offered
	setField(4, 1, "yesterday") // interval_start
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	other := strings.Join(lines[:151], "")
	return write("history.csv", b.String()), write("bad-history.csv", strings.Join(badLines, "")),
		write("agents.csv", demoTeamCSV(demo.TeamFor(0, 2750*time.Hour, 1))), write("support-history.csv", strings.ReplaceAll(other, ",retail,", ",support,"))
}

// noJobRows is true when the page follows no scenario job.
const noJobRows = `document.querySelectorAll('#scenario-jobs .progress').length === 0`

// holdJobPolls makes the page's polls of a job (GET /api/v1/jobs/{id})
// wait until the test frees that job (window.__jobs.free.add(id)) or all
// (window.__jobs.hold = false), so that what the page shows of two jobs at
// once can be seen without a race.
const holdJobPolls = `(() => {
	const real = window.fetch;
	const jobs = window.__jobs = { hold: true, free: new Set(), real };
	window.fetch = async (url, opts) => {
		const m = /^\/api\/v1\/jobs\/(\d+)$/.exec(String(url));
		if (m && (!opts || !opts.method || opts.method === 'GET')) {
			while (jobs.hold && !jobs.free.has(m[1])) await new Promise((r) => setTimeout(r, 50));
		}
		return real(url, opts);
	};
})()`

// jobRow is one scenario job's progress row as the page shows it.
type jobRow struct {
	Job     string `json:"job"`
	Label   string `json:"label"`
	For     string `json:"for"`
	Bar     string `json:"bar"`
	Value   string `json:"value"`
	Note    string `json:"note"`
	Visible bool   `json:"visible"`
}

// jobRows reads the scenario jobs' progress rows.
func (b *browserTab) jobRows() []jobRow {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]jobRow](`[...document.querySelectorAll('#scenario-jobs .progress')].map((r) => ({
		job: r.dataset.job, label: r.querySelector('label').textContent, for: r.querySelector('label').htmlFor,
		bar: r.querySelector('progress').id, value: String(r.querySelector('progress').value), note: r.querySelector('.note').textContent,
		visible: r.offsetParent !== null }))`))
	if err != nil {
		b.fail("read the job rows", err)
	}
	return rows
}

// twoScenarioJobs runs a scenario and compares scenarios at once, both
// jobs (a forecast of 2200 hours is one): each has its own progress row,
// labelled with what it is, and the first to end takes its own row away
// and leaves the other's as it was.
func (b *browserTab) twoScenarioJobs() {
	b.t.Helper()
	b.run("a run and a comparison at once", chromedp.Evaluate[chromedp.Void](holdJobPolls),
		setNumber("#scenario-name", "long"),
		chromedp.Evaluate[chromedp.Void](`(() => { const t = document.querySelector('#scenario-doc'), d = JSON.parse(t.value);
			d.demand.horizon = '2200h'; t.value = JSON.stringify(d, null, 2); })()`),
		click("#scenario-run"), waitJS(`document.querySelectorAll('#scenario-jobs .progress').length === 1`),
		waitJS(`document.querySelectorAll('#compare-list input:checked').length === 4`), click("#compare-form button"),
		waitJS(`document.querySelectorAll('#scenario-jobs .progress').length === 2`))
	rows := b.jobRows()
	if len(rows) != 2 {
		b.t.Fatalf("%d job rows, want 2: %+v", len(rows), rows)
	}
	run, cmp := rows[0], rows[1]
	if run.Job == cmp.Job || run.Bar == cmp.Bar || run.For != run.Bar || cmp.For != cmp.Bar || !run.Visible || !cmp.Visible ||
		run.Label != "Run of long (job "+run.Job+")" || cmp.Label != "Comparison of 4 scenarios (job "+cmp.Job+")" {
		b.t.Errorf("two jobs at once, want two visible rows of their own: %+v", rows)
	}
	b.run("the run ends", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.__jobs.free.add(%q)`, run.Job)),
		waitText("#scenario-result", "Scenario long"), waitJS(`document.querySelectorAll('#scenario-jobs .progress').length === 1`))
	if rows := b.jobRows(); len(rows) != 1 || rows[0] != cmp {
		b.t.Errorf("the run has ended: rows %+v, want the comparison's alone, as it was: %+v", rows, cmp)
	}
	b.run("the comparison ends", chromedp.Evaluate[chromedp.Void](`window.__jobs.hold = false`),
		waitText("#compare-result", "4 scenarios against"), waitJS(noJobRows),
		chromedp.Evaluate[chromedp.Void](`window.fetch = window.__jobs.real`))
}

// checkCompareSums checks that in each row of the compare table every
// scenario's figure is the first one's plus the difference in brackets,
// as the figures are shown.
func (b *browserTab) checkCompareSums() {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll('#compare-table tbody tr')].map(tr => [...tr.cells].map(td => td.textContent))`))
	if err != nil {
		b.fail("read the compare table", err)
	}
	cell := regexp.MustCompile(`^(-?[\d,.]+)%? \(([+-][\d,.]+)(?: pp)?\)$`)
	number := func(s string) float64 {
		v, _ := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSuffix(s, "%"), ",", ""), 64)
		return v
	}
	checked := 0
	for _, r := range rows {
		if len(r) < 3 {
			continue
		}
		base := number(r[1])
		for _, c := range r[2:] {
			m := cell.FindStringSubmatch(c)
			if m == nil {
				continue // no difference, or not a number
			}
			checked++
			if v, d := number(m[1]), number(m[2]); math.Abs(v-base-d) > 1e-6 {
				b.t.Errorf("compare table, %s: %s against %s, but the difference says %s", r[0], c, r[1], m[2])
			}
		}
	}
	if checked < 10 {
		b.t.Errorf("compare table: only %d differences read: %v", checked, rows)
	}
}
