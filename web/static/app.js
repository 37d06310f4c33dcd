// Staffcast web page. Plain JavaScript, no library: every request goes to
// this server's REST API with the pasted bearer token; every piece of data
// is put on the page with textContent (never as HTML).
'use strict';

const TOKEN_KEY = 'staffcast.token';
const QUEUE_KEY = 'staffcast.queue';
const POLL_MS = 500;

const state = {
  token: '',
  me: null,        // GET /api/v1/me: {name, role, routes}
  queues: [],
  queue: null,     // the selected queue object
  forecast: null,  // the last forecast run (with rows)
  ahtFromForecast: 0,
  staffing: null,  // the last staffing result
  schedule: null,  // {id, roster_id, plan}
  scenarios: [],   // stored scenario names this page saw
  shown: 0,        // counts clearResults: a load begun before one is stale
  scheduling: '',  // the queue of the schedule job this page watches
};

const $ = (sel) => document.querySelector(sel);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

// ApiError carries an RFC 9457 problem document.
class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// api calls the API with the token. opts: json (sent as JSON), body (a
// FormData or string, with type), accept, raw (return the Response).
async function api(method, path, opts = {}) {
  const headers = { Authorization: 'Bearer ' + state.token };
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    body = opts.body;
    if (opts.type) headers['Content-Type'] = opts.type;
  }
  if (opts.accept) headers.Accept = opts.accept;
  Object.assign(headers, opts.headers || {});
  const res = await fetch(path, { method, headers, body });
  if (!res.ok) {
    let problem;
    try {
      problem = await res.json();
    } catch {
      problem = { title: res.statusText || `HTTP ${res.status}` };
    }
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && state.me) tokenRejected(err);
    throw err;
  }
  if (opts.raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

// el makes an element with text and attributes; children may be nodes or strings.
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

// plain drops the Go package names that start the server's error texts
// ("csvio: ", "hrio: "): they place an error for a developer, not for the
// planner reading the page.
// It also drops the route a server error names ("(POST /api/v1/...)"),
// says the queue of the URL as the queue picked, and writes Go durations
// ("15m0s", "8h0m0s") as people do.
const plain = (s) => String(s || '')
  .replace(/\b(?:csvio|hrio|schedio|historycsv|staffcsv|callsio|scenario|scheduler|schedule|roster|erlang|forecast|calib|sim|app|charts?): /g, '')
  .replace(/ ?\((?:GET|POST|PUT|PATCH|DELETE) \/api\/[^)\s]*\)/g, '')
  .replace(/is not the queue of the URL, /g, 'is not the queue picked on this page, ')
  .replace(/\b(?:(\d+)h)?(\d+)m(\d+(?:\.\d+)?)s\b/g, (_, h, m, sec) => goSpan(3600 * Number(h || 0) + 60 * Number(m) + Number(sec)));

// goSpan writes seconds as "15 min", "8 h", "1 h 30 min", "45 s".
function goSpan(sec) {
  if (sec % 60) return `${num(sec, Number.isInteger(sec) ? 0 : 1)} s`;
  const h = Math.floor(sec / 3600), m = (sec % 3600) / 60;
  return [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ') || '0 min';
}

// lineRanges writes line numbers as "2-5, 9".
function lineRanges(lines) {
  const out = [];
  for (const n of lines) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
}

// showError renders err in box: the problem's detail (without the HTTP
// status's name, which the detail explains) and its positioned errors (a
// bad CSV's lines), one list item each, unless the detail already says
// the only one.
function showError(box, err) {
  box.className = 'result bad';
  box.replaceChildren();
  const p = err instanceof ApiError ? err.problem : { detail: String(err.message || err) };
  const head = plain(p.detail || p.title);
  box.append(el('p', { text: head }));
  const errs = Array.isArray(p.errors) ? p.errors : [];
  if (errs.length > 1 || (errs.length === 1 && !head.includes(plain(errs[0].reason)))) {
    // Lines with the same error (a file of another queue: every line) are
    // one item naming the lines.
    const groups = new Map();
    for (const d of errs) {
      const key = JSON.stringify([d.column || 0, d.field || '', plain(d.reason)]);
      if (!groups.has(key)) groups.set(key, { d, lines: [] });
      if (d.line) groups.get(key).lines.push(d.line);
    }
    const ol = el('ol', { class: 'problems' });
    const more = p.errors_omitted ? ` and ${num(p.errors_omitted)} more` : '';
    for (const { d, lines } of groups.values()) {
      const where = [];
      if (lines.length) where.push(`${lines.length > 1 ? 'Lines' : 'Line'} ${lineRanges(lines)}${groups.size === 1 ? more : ''}`);
      if (d.column) where.push(`column ${d.column}`);
      if (d.field) where.push(`(${d.field})`);
      ol.append(el('li', { text: (where.length ? where.join(', ').replace(', (', ' (') + ': ' : '') + plain(d.reason) }));
    }
    if (p.errors_omitted && groups.size > 1) ol.append(el('li', { text: `… and ${num(p.errors_omitted)} more` }));
    box.append(ol);
  }
  if (p.request_id) box.append(el('p', { class: 'hint', text: `Request ${p.request_id}` }));
}

// clearStale empties result boxes that show an error: what they said
// ("Run a forecast first.") may no longer hold once a step before them
// has run.
function clearStale(...sels) {
  for (const s of sels) {
    const box = $(s);
    if (box && box.classList.contains('bad')) showOK(box);
  }
}

function showOK(box, ...children) {
  box.className = 'result';
  box.replaceChildren(...children);
}

// busy disables a form's buttons while f runs and reports its error in box.
async function busy(form, box, f) {
  const buttons = form ? [...form.querySelectorAll('button')] : [];
  buttons.forEach((b) => (b.disabled = true));
  try {
    await f();
  } catch (err) {
    showError(box, err);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

const num = (v, digits = 0) => Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (v, digits = 1) => `${num(100 * v, digits)}%`;

function formatTime(iso, withDate = true) {
  const tz = (state.queue && state.queue.time_zone) || 'UTC';
  const opts = { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (withDate) Object.assign(opts, { weekday: 'short', day: '2-digit', month: 'short' });
  try {
    return new Intl.DateTimeFormat('en-GB', opts).format(new Date(iso));
  } catch {
    return iso;
  }
}

function dl(pairs) {
  const d = el('dl');
  for (const [k, v] of pairs) d.append(el('dt', { text: k }), el('dd', { text: v }));
  return d;
}

function table(tbl, head, rows) {
  tbl.replaceChildren();
  const tr = el('tr');
  for (const h of head) tr.append(el('th', { scope: 'col', text: h }));
  tbl.append(el('thead', {}, tr));
  const body = el('tbody');
  for (const r of rows) body.append(el('tr', {}, ...r.map((c) => el('td', { text: c }))));
  tbl.append(body);
}

// ---- what the token may do ----

// may reports whether the token's role may call route ("POST /api/v1/queues").
const may = (route) => !!state.me && state.me.routes.includes(route);

// findRoute returns the first route the role may call whose method is
// method and whose path contains every part.
function findRoute(method, ...parts) {
  if (!state.me) return null;
  for (const r of state.me.routes) {
    const [m, p] = r.split(' ');
    if (m === method && parts.every((x) => p.includes(x))) return p;
  }
  return null;
}

// fill puts params into a route's {placeholders} and adds the query.
function fill(path, params = {}, query = {}) {
  let out = path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[k] ?? ''));
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  if ([...q].length) out += (out.includes('?') ? '&' : '?') + q;
  return out;
}

// chartURL finds the chart route of one resource (such as "/forecasts/{id}")
// among the routes the role may call: a GET path with "chart" in it.
function chartURL(part, params, query) {
  const p = findRoute('GET', 'chart', part);
  return p ? fill(p, params, query) : null;
}

function applyRole() {
  for (const s of document.querySelectorAll('[data-need]')) {
    const need = s.dataset.need;
    s.hidden = !may(need);
  }
}

// ---- charts and downloads (both need the Authorization header) ----

// showChart fetches a chart image with the token and shows it through an
// object URL (an <img src> cannot send the header). It resolves once the
// image has decoded, so naturalWidth > 0 means a chart is drawn.
async function showChart(img, url, caption) {
  const fig = img.closest('figure');
  const cap = fig.querySelector('figcaption');
  if (!url) {
    fig.hidden = true;
    return;
  }
  fig.hidden = false;
  cap.textContent = 'Drawing the chart…';
  try {
    const res = await api('GET', url, { accept: 'image/png', raw: true });
    const blob = await res.blob();
    const old = img.dataset.objectUrl;
    const u = URL.createObjectURL(blob);
    await new Promise((ok, bad) => {
      img.onload = ok;
      img.onerror = () => bad(new Error('the chart image did not decode'));
      img.src = u;
    });
    img.dataset.objectUrl = u;
    if (old) URL.revokeObjectURL(old);
    cap.textContent = caption || '';
  } catch (err) {
    cap.textContent = 'No chart: ' + plain(err.message || err);
  }
}

async function download(url, accept, filename) {
  const res = await api('GET', url, { accept, raw: true });
  const blob = await res.blob();
  const a = el('a', { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

// watchJob polls a job until it ends, showing its progress. opts.limitMs,
// when the job runs for a time limit (a schedule job searches until it),
// makes the bar the share of that time spent; opts.timed without a limit
// makes it indeterminate (the job's own fraction says little of what is
// left). opts.live, a live region, hears of the job's changes of state
// only, not of every poll.
async function watchJob(id, box, bar, note, opts = {}) {
  box.hidden = false;
  let last = '';
  let since = 0; // when the job started running, by this page's clock
  for (;;) {
    const job = await api('GET', `/api/v1/jobs/${id}`);
    const ended = job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled';
    let detail = '';
    if (job.state === 'running' && !since) {
      const started = job.started_at ? Date.parse(job.started_at) : NaN;
      // A job followed after a reload started before this page saw it.
      since = opts.resumed && started < Date.now() ? started : Date.now();
    }
    if (ended) {
      bar.value = job.state === 'succeeded' ? 1 : bar.value || 0;
    } else if (opts.limitMs && since) {
      const spent = Math.min(Date.now() - since, opts.limitMs);
      bar.value = Math.min(0.99, spent / opts.limitMs);
      detail = `, ${num(spent / 1000)} s of at most ${span(`${opts.limitMs / 1000}s`)}`;
    } else if (opts.timed && !job.progress) {
      bar.removeAttribute('value'); // indeterminate until the server says how far
    } else {
      bar.value = job.progress || 0;
      detail = `, ${pct(job.progress || 0, 0)}`;
    }
    note.textContent = ended ? `job ${job.id} ${job.state}` : `job ${job.id} ${job.state}${detail}${job.progress_note ? ' — ' + job.progress_note : ''}`;
    if (opts.live && job.state !== last) opts.live.textContent = `${opts.what || 'Job'} ${job.id} ${job.state}`;
    last = job.state;
    const cancel = box.querySelector('button');
    if (cancel) cancel.hidden = ended;
    if (ended) return job;
    await sleep(POLL_MS);
  }
}

function jobError(job) {
  return new Error(`job ${job.id} ${job.state}${job.error ? ': ' + job.error : ''}`);
}

// ---- sign in ----

async function signIn(token) {
  state.token = token;
  const box = $('#signin-error');
  try {
    state.me = await api('GET', '/api/v1/me');
  } catch (err) {
    state.token = '';
    state.me = null;
    sessionStorage.removeItem(TOKEN_KEY);
    box.textContent = err.status === 401 ? `That token is not valid: ${err.message}` : `Could not sign in: ${err.message}`;
    $('#signin').hidden = false;
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  box.textContent = '';
  $('#token').value = '';
  $('#signin').hidden = true;
  $('#signout').hidden = false;
  $('#who').textContent = `Signed in as ${state.me.name} (${state.me.role})`;
  document.body.dataset.role = state.me.role;
  $('#queues').hidden = false;
  applyRole();
  // Focus now, not after the loading below (a queue's stored results and
  // their charts): it would pull the caret out of a field the user is
  // already typing in.
  $('#main').focus();
  // What the page showed under the token before (an error such as "revoked
  // bearer token" among it) is not this sign-in's.
  for (const b of document.querySelectorAll('.result')) showOK(b);
  for (const f of document.querySelectorAll('figure.chart')) f.hidden = true;
  for (const s of ['#scenario-table-box', '#compare-table-box']) $(s).hidden = true;
  $('#scenario-jobs').replaceChildren();
  const keep = state.queue && state.queue.name;
  state.queue = null; // loaded afresh, with its stored results
  await loadQueues(keep);
  await Promise.all([loadDefaults(), may('POST /api/v1/scenarios') ? loadScenarios() : null]);
}

// tokenRejected goes back to sign-in when the server no longer takes the
// token (revoked, or expired): the page must not go on looking signed in.
function tokenRejected(err) {
  state.me = null;
  state.token = '';
  sessionStorage.removeItem(TOKEN_KEY);
  for (const s of document.querySelectorAll('[data-need]')) s.hidden = true;
  $('#queues').hidden = true;
  $('#signout').hidden = true;
  $('#who').textContent = '';
  $('#signin-error').textContent = `The server no longer accepts this token (${err.message}): paste another.`;
  $('#signin').hidden = false;
  $('#token').focus();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(QUEUE_KEY);
  location.reload();
}

// ---- queues ----

async function loadQueues(select) {
  const out = await api('GET', '/api/v1/queues?limit=1000');
  state.queues = out.items || [];
  const sel = $('#queue');
  sel.replaceChildren(...state.queues.map((q) => el('option', { value: q.name, text: q.name })));
  if (!state.queues.length) sel.append(el('option', { value: '', text: '(no queue yet)' }));
  const want = select || (state.queue && state.queue.name) || sessionStorage.getItem(QUEUE_KEY);
  if (want && state.queues.some((q) => q.name === want)) sel.value = want;
  await queueChanged();
}

async function queueChanged() {
  const q = state.queues.find((x) => x.name === $('#queue').value) || null;
  const same = q && state.queue && q.name === state.queue.name;
  state.queue = q;
  if (q) sessionStorage.setItem(QUEUE_KEY, q.name); // a reload comes back to it
  $('#queue-info').textContent = q ? `${q.channel}, ${q.time_zone}, ${span(q.interval)} intervals` : 'Create a queue first.';
  if (!same) {
    // Another queue's forecast must not be staffed or planned under this one,
    // nor its staffing measure this queue's roster.
    clearResults();
    $('#coverage-staffing').value = '';
    if (q) setScenarioQueue(q.name);
    if (q && state.scheduling === q.name) $('#schedule-progress').hidden = false;
    scheduleButton();
    if (q) syncTemplates(q);
    if (q && may('POST /api/v1/queues/{queue}/forecasts')) await loadLatest(q.name).catch((err) => showError($('#latest-result'), err));
    // Not awaited: following a job lasts as long as the job.
    if (q && may('POST /api/v1/queues/{queue}/schedules')) resumeSchedule(q.name).catch((err) => showError($('#schedule-job'), err));
  }
  if (q && may('POST /api/v1/queues/{queue}/coverage')) await loadStaffingIDs();
}

// clearResults forgets the planner's forecast, staffing and plan and
// empties what the page showed of them.
function clearResults() {
  state.shown++;
  state.forecast = state.staffing = state.schedule = null;
  state.ahtFromForecast = 0;
  for (const s of ['#forecast-result', '#staffing-result', '#schedule-result', '#schedule-job', '#latest-result']) showOK($(s));
  for (const img of document.querySelectorAll('#forecast img, #staffing img')) img.closest('figure').hidden = true;
  for (const s of ['#forecast-table-box', '#schedule-progress']) $(s).hidden = true;
  hidePlan();
  $('#staffing-preview').textContent = '';
  // The figures were the other queue's: back to the defaults, until this
  // queue's own staffing fills them in.
  $('#staffing-form').reset();
}

// hidePlan takes the plan's charts, table and downloads off the page.
function hidePlan() {
  for (const img of document.querySelectorAll('#schedule img')) img.closest('figure').hidden = true;
  for (const s of ['#plan-table-box', '#downloads', '#roster-chart-box']) $(s).hidden = true;
}

// latestID returns the id of the newest item of a list route (lists are
// newest first), or 0 when there is none.
async function latestID(path) {
  const out = await api('GET', `${path}?limit=1`);
  return out.items && out.items.length ? out.items[0].id : 0;
}

// loadLatest shows the queue's newest stored forecast, staffing and plan
// (with its roster), so a planner who comes back, or opens the demo, sees
// where the work stands and can go on from it.
async function loadLatest(queue) {
  const shown0 = state.shown;
  const base = `/api/v1/queues/${encodeURIComponent(queue)}`;
  const [fid, sid, pid] = await Promise.all([latestID(`${base}/forecasts`), latestID(`${base}/staffing`), latestID(`${base}/schedules`)]);
  if (!fid && !sid && !pid) return;
  // Everything is fetched before anything is shown or kept, so that a
  // queue picked meanwhile never gets this one's results.
  let st = sid ? await api('GET', `${base}/staffing/${sid}`) : null;
  // Staff from the forecast the staffing was made from, not a newer one.
  const fcID = st && st.forecast_id ? st.forecast_id : fid;
  let fc = fcID ? await api('GET', `${base}/forecasts/${fcID}`) : null;
  let sc = null;
  let rosterID = 0;
  if (pid) {
    const [one, rosters] = await Promise.all([api('GET', `/api/v1/schedules/${pid}`), api('GET', `/api/v1/rosters?queue=${encodeURIComponent(queue)}&limit=100`)]);
    sc = one;
    const r = (rosters.items || []).find((x) => x.schedule_id === pid);
    rosterID = r ? r.id : 0;
  }
  if (state.shown !== shown0) return; // another queue was picked meanwhile (or this one again, by a newer load)
  const shown = [];
  const steps = [];
  // A step the planner ran meanwhile is newer than what was stored.
  if (state.forecast) fc = null;
  if (state.staffing) st = null;
  if (state.schedule || state.scheduling === queue) sc = null; // a running job replaces it
  // The form first: the forecast's preview reads it.
  if (st) setPromise(st.params || {});
  if (fc) {
    state.forecast = fc;
    shown.push(`forecast ${fc.id}`);
    steps.push(showForecast(fc));
  }
  if (st) {
    if (!st.forecast_id && st.params && st.params.aht) {
      // Staffed at the planner's own AHT rather than the forecast's.
      $('#aht').value = String(Math.round(hours(st.params.aht) * 3600));
      schedulePreview();
    }
    shown.push(`staffing ${st.id}`);
    steps.push(showStaffing(st, ''));
  }
  if (sc) {
    shown.push(`schedule ${pid}${rosterID ? ` with roster ${rosterID}` : ''}`);
    steps.push(showSchedule(pid, rosterID, sc));
  }
  if (shown.length) showOK($('#latest-result'), el('p', { text: `Showing the newest results stored for ${queue}: ${shown.join(', ')}. Run a step again to replace them.` }));
  await Promise.all(steps);
}

// setPromise puts a stored staffing's figures back into the form, so the
// preview and the next run start from what was shown.
function setPromise(p) {
  const set = (sel, v) => { if (v !== undefined && v !== null && Number.isFinite(v)) $(sel).value = String(Math.round(v)); };
  set('#sl-target', 100 * p.sl_target);
  set('#sl-time', hours(p.sl_time || '') * 3600 || undefined);
  set('#shrinkage', 100 * p.shrinkage);
  set('#bot-share', 100 * (p.bot_share || 0));
  if (p.bot_share) set('#bot-escalation', 100 * p.bot_escalation);
}

// stillOn reports whether queue is still the one picked: a result that
// arrives after the planner picked another queue is not shown under it.
const stillOn = (queue) => !!state.queue && state.queue.name === queue;

function needQueue() {
  if (!state.queue) throw new Error('Pick a queue first (or create one).');
  return state.queue.name;
}

async function loadDefaults() {
  if (may('PUT /api/v1/shift-templates/{name}') && !$('#templates').value) {
    const res = await fetch('/static/shift-templates.json');
    state.templates = await res.json();
    if (state.queue) syncTemplates(state.queue);
  }
  if (!$('#scenario-doc').value) $('#scenario-doc').value = JSON.stringify(defaultScenario(), null, 2);
}

// gridName writes a queue's interval ("30m0s") as a templates file does:
// "30m", "1h".
function gridName(d) {
  const m = Math.round(hours(d) * 60);
  return m % 60 === 0 ? `${m / 60}h` : `${m}m`;
}

// fitGrid is the default templates on a grid of m minutes: every start,
// step and length a multiple of it (the default's half hours are not on an
// hourly grid).
function fitGrid(doc, m) {
  const out = JSON.parse(JSON.stringify(doc));
  const up = (d) => `${Math.max(1, Math.ceil(Math.round(hours(d) * 60) / m)) * m}m`;
  const clock = (t) => {
    const [h, mm] = t.split(':').map(Number);
    const v = Math.floor((60 * h + mm) / m) * m;
    return `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
  };
  for (const t of out.templates || []) {
    for (const k of ['start_earliest', 'start_latest']) if (typeof t[k] === 'string') t[k] = clock(t[k]);
    for (const k of ['start_step', 'length_min', 'length_max', 'length_step']) if (typeof t[k] === 'string') t[k] = up(t[k]);
  }
  return out;
}

// syncTemplates makes the templates box fit queue q's interval: the
// default templates, while the box still holds them untouched, are put on
// q's grid; templates the planner edited keep their text, their "interval"
// set to q's (the server checks it against the staffing's).
function syncTemplates(q) {
  const box = $('#templates');
  if (!state.templates) return;
  const iv = gridName(q.interval);
  if (!box.value || box.value === state.templatesShown) {
    const doc = fitGrid(state.templates, Math.round(hours(q.interval) * 60));
    doc.interval = iv;
    box.value = state.templatesShown = JSON.stringify(doc, null, 1);
  } else {
    box.value = box.value.replace(/("interval"\s*:\s*)"[^"]*"/, `$1"${iv}"`);
  }
}

// ---- planner: history ----

async function uploadHistory(e) {
  e.preventDefault();
  const box = $('#history-result');
  await busy(e.target, box, async () => {
    const q = needQueue();
    const file = $('#history-file').files[0];
    const fd = new FormData();
    fd.append('file', file);
    const r = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/history`, { body: fd });
    showOK(box, el('p', { text: `Imported ${num(r.rows)} rows of ${file.name} into ${r.queue}: ${num(r.inserted)} new, ${num(r.replaced)} replaced.` }));
  });
}

// ---- planner: forecast ----

async function runForecast(e) {
  e.preventDefault();
  const box = $('#forecast-result');
  await busy(e.target, box, async () => {
    const q = needQueue();
    showOK(box, el('p', { text: 'Forecasting…' }));
    const req = { horizon: $('#forecast-horizon').value, method: $('#forecast-method').value };
    const res = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/forecasts`, { json: req, raw: true });
    let fc = await res.json();
    if (res.status === 202) {
      const job = await watchJob(fc.id, $('#forecast-result'), el('progress'), el('span'));
      if (job.state !== 'succeeded') throw jobError(job);
      fc = await api('GET', job.result.location);
    }
    if (!stillOn(q)) return;
    state.forecast = fc;
    clearStale('#staffing-result', '#schedule-result');
    forgetStaffing(fc);
    await showForecast(fc);
  });
}

// forgetStaffing takes the staffing and plan of an earlier forecast off
// the page once forecast fc replaces it: "Start schedule" must not plan
// them as if they were fc's.
function forgetStaffing(fc) {
  const st = state.staffing;
  state.staffing = null;
  $('#staffing-chart').closest('figure').hidden = true;
  showOK($('#latest-result'));
  showOK($('#staffing-result'), ...(st ? [el('p', { class: 'hint', text: `Staffing ${st.id} was of an earlier forecast: staff forecast ${fc.id} to plan it.` })] : []));
  if (state.scheduling) return; // the job's plan shows when it ends
  state.schedule = null;
  hidePlan();
  showOK($('#schedule-result'));
}

// showForecast shows a forecast's summary, table and chart, and staffs its
// busiest interval in the preview.
async function showForecast(fc) {
  const box = $('#forecast-result');
  const rows = fc.rows || [];
  const total = rows.reduce((s, r) => s + r.volume, 0);
  const chosen = fc.params && fc.params.chosen_method && fc.params.chosen_method !== fc.method ? ` (chose ${fc.params.chosen_method})` : '';
  showOK(box, el('p', { text: `Forecast ${fc.id}: ${num(rows.length)} open intervals of ${span(fc.interval)} from ${formatTime(fc.start)}, ${num(total)} contacts in all, method ${fc.method}${chosen}.` }));
  table($('#forecast-table'), ['interval', 'volume', '80% range', '95% range', 'AHT (s)'],
    rows.map((r) => [formatTime(r.interval_start), num(r.volume, 1), `${num(r.lower80, 1)}–${num(r.upper80, 1)}`,
      `${num(r.lower95, 1)}–${num(r.upper95, 1)}`, r.aht_seconds == null ? '' : num(r.aht_seconds)]));
  $('#forecast-table-box').hidden = false;
  $('#forecast-table-box summary').textContent = `Forecast table (${num(rows.length)} intervals)`;
  const peak = peakRow();
  if (peak && peak.aht_seconds) {
    state.ahtFromForecast = Math.round(peak.aht_seconds);
    $('#aht').value = state.ahtFromForecast;
  } else {
    state.ahtFromForecast = 0;
  }
  await Promise.all([
    showChart($('#forecast-chart'), chartURL('/forecasts/{id}', { queue: fc.queue, id: fc.id }), `Forecast ${fc.id} with its 80% and 95% bands`),
    previewStaffing(),
  ]);
}

function peakRow() {
  const rows = (state.forecast && state.forecast.rows) || [];
  return rows.reduce((best, r) => (!best || r.volume > best.volume ? r : best), null);
}

// ---- planner: staffing ----

function promise() {
  const p = {
    sl_target: Number($('#sl-target').value) / 100,
    sl_time: `${Number($('#sl-time').value)}s`,
    shrinkage: Number($('#shrinkage').value) / 100,
  };
  const bot = Number($('#bot-share').value) / 100;
  if (bot > 0) {
    p.bot_share = bot;
    p.bot_escalation = Number($('#bot-escalation').value) / 100;
  }
  return p;
}

let previewSeq = 0;

// previewStaffing asks POST /api/v1/erlang for the agents the forecast's
// peak interval needs with the form's figures: it updates as they change.
async function previewStaffing() {
  const out = $('#staffing-preview');
  const peak = peakRow();
  if (!peak) {
    out.textContent = 'Run a forecast to see the agents its busiest interval needs.';
    return;
  }
  if (!$('#staffing-form').checkValidity()) {
    // Name each bad figure and what the browser wants of it.
    const bad = [...$('#staffing-form').querySelectorAll(':invalid')].filter((e) => e.labels && e.labels.length);
    out.textContent = bad.length
      ? 'Fix ' + bad.map((e) => `${e.labels[0].textContent.trim()}: ${e.validationMessage.replace(/\.$/, '')}`).join('; ') + '.'
      : 'Fix the highlighted figures.';
    return;
  }
  const seq = ++previewSeq;
  const aht = Number($('#aht').value);
  try {
    const r = await api('POST', '/api/v1/erlang', { json: { volume: peak.volume, interval: state.forecast.interval, aht: `${aht}s`, ...promise() } });
    if (seq !== previewSeq) return; // a newer answer is coming
    out.replaceChildren(
      `Busiest interval ${formatTime(peak.interval_start)}, ${num(peak.volume, 1)} contacts at ${num(aht)} s: `,
      el('strong', { id: 'preview-agents', text: num(r.agents) }), ' agents, ',
      el('strong', { id: 'preview-scheduled', text: num(r.scheduled_agents ?? r.agents) }), ' scheduled; ',
      `${pct(r.service_level)} answered within ${$('#sl-time').value} s, average wait ${num(r.asa_seconds, 1)} s.`);
  } catch (err) {
    if (seq === previewSeq) out.textContent = `Cannot staff that: ${err.message}`;
  }
}

let previewTimer = 0;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(previewStaffing, 200);
}

async function runStaffing(e) {
  e.preventDefault();
  const box = $('#staffing-result');
  await busy(e.target, box, async () => {
    const q = needQueue();
    if (!state.forecast) throw new Error('Run a forecast first.');
    const aht = Number($('#aht').value);
    const req = { aht: `${aht}s`, ...promise() };
    let note = '';
    if (state.ahtFromForecast && aht !== state.ahtFromForecast) {
      req.rows = state.forecast.rows.map((r) => ({ interval_start: r.interval_start, volume: r.volume }));
      req.interval = state.forecast.interval;
      note = ` Every interval staffed at your AHT of ${aht} s instead of the forecast's.`;
    } else {
      req.forecast_id = state.forecast.id;
    }
    const st = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/staffing`, { json: req });
    if (!stillOn(q)) return;
    clearStale('#schedule-result');
    await showStaffing(st, note);
  });
}

// showStaffing shows a staffing result's totals and chart.
async function showStaffing(st, note) {
  state.staffing = st;
  const rows = st.rows || [];
  const ivHours = hours((st.params && st.params.interval) || state.forecast.interval);
  const peak = Math.max(0, ...rows.map((r) => r.scheduled_agents));
  const hoursSum = rows.reduce((s, r) => s + r.scheduled_agents * ivHours, 0);
  showOK($('#staffing-result'), el('p', { text: `Staffing ${st.id}: at most ${num(peak)} scheduled agents in an interval, ${num(hoursSum)} scheduled agent-hours in all.${note}` }));
  await showChart($('#staffing-chart'), chartURL('/staffing/{id}', { queue: st.queue, id: st.id }), `Staffing ${st.id}: required against scheduled agents`);
}

// personMinutes writes person-minutes with the agent-hours the charts
// state for the same figure.
const personMinutes = (m) => `${num(m)} person-minutes${m >= 60 ? ` (${num(m / 60)} agent-hours)` : ''}`;

// hours converts a Go duration string ("30m", "1h0m0s", "15m0s") to hours.
function hours(d) {
  let h = 0;
  for (const [, v, u] of String(d).matchAll(/([\d.]+)(h|m|s)/g)) h += Number(v) / { h: 1, m: 60, s: 3600 }[u];
  return h;
}

// span writes a Go duration string as people read it: "30 min", "1 h".
function span(d) {
  const h = hours(d);
  const m = h * 60;
  if (m < 1) return `${num(m * 60)} s`; // a 5 s limit is not "0.1 min"
  return h >= 1 && Number.isInteger(h) ? `${h} h` : `${num(m, Number.isInteger(m) ? 0 : 1)} min`;
}

// ---- planner: schedule ----

async function runSchedule(e) {
  e.preventDefault();
  const box = $('#schedule-job');
  let job = null, q = '', limitMs = 0;
  await busy(e.target, box, async () => {
    q = needQueue();
    if (!state.staffing) throw new Error('Staff the forecast first: the plan covers a staffing result.');
    showOK(box);
    const name = $('#templates-name').value;
    let doc;
    try {
      doc = JSON.parse($('#templates').value);
    } catch (err) {
      throw new Error(`The shift templates in the box are not JSON: ${err.message}`);
    }
    try {
      await api('PUT', `/api/v1/shift-templates/${encodeURIComponent(name)}`, { json: doc });
    } catch (err) {
      // The server's words are about a templates file; these came from the box.
      if (err instanceof ApiError) {
        err.problem.detail = 'The shift templates in the box: ' + plain(err.problem.detail || err.message).replace(/^.*?bad templates file: /i, '');
      }
      throw err;
    }
    limitMs = 1000 * 3600 * hours($('#time-limit').value);
    job = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/schedules`, {
      json: { staffing_id: state.staffing.id, templates: name, time_limit: $('#time-limit').value, roster: $('#do-roster').checked },
    });
  });
  scheduleButton(); // busy enabled it
  if (job) await followSchedule(job.id, q, limitMs, false);
}

// JOBS_KEY keeps, in this tab, the time limit of each schedule job started
// here, so that after a reload its bar measures the time spent again (the
// job list says a job's queue, not its limit; a job started elsewhere is
// followed with a bar that shows progress only).
const JOBS_KEY = 'staffcast.scheduleJobs';
function jobMemo(set) {
  let m = {};
  try {
    m = JSON.parse(sessionStorage.getItem(JOBS_KEY) || '{}') || {};
  } catch { /* a damaged entry is forgotten */ }
  if (set) {
    set(m);
    sessionStorage.setItem(JOBS_KEY, JSON.stringify(m));
  }
  return m;
}

// followSchedule shows the progress of schedule job id of queue q until it
// ends, then its plan; a cancelled or failed job puts the plan it was to
// replace (the newest stored) back. resumed: the job was found running
// when the queue was loaded rather than started by this page.
async function followSchedule(id, q, limitMs, resumed) {
  jobMemo((m) => { m[id] = { queue: q, limitMs }; });
  // The plan shown is the one this job replaces: its charts, table and
  // downloads go while it runs.
  state.schedule = null;
  hidePlan();
  showOK($('#schedule-result'));
  $('#schedule-cancel').dataset.job = id;
  state.scheduling = q; // its progress shows again when the planner comes back to q
  state.schedulingJob = id;
  scheduleButton();
  const box = $('#schedule-job');
  let done;
  try {
    done = await watchJob(id, $('#schedule-progress'), $('#schedule-bar'), $('#schedule-note'),
      { limitMs, timed: true, resumed, live: $('#schedule-live'), what: 'Schedule job' });
  } catch (err) {
    if (stillOn(q)) showError(box, err);
    return;
  } finally {
    state.scheduling = '';
    state.schedulingJob = 0;
    jobMemo((m) => { delete m[id]; });
    scheduleButton();
  }
  const here = stillOn(q);
  if (done.state === 'succeeded') {
    if (!here) return; // its plan shows when the planner comes back to q
    try {
      await showSchedule(done.result.schedule_id, done.result.roster_id);
    } finally {
      // The job has ended: the plan (or the error showing it) says the
      // rest, and a bar left full under it would seem to be another job's.
      $('#schedule-progress').hidden = true;
    }
    return;
  }
  if (here) {
    $('#schedule-progress').hidden = true;
    await restorePlan(q).catch((err) => showError($('#schedule-result'), err));
  }
  const where = here ? '' : ` of queue ${q}`;
  if (done.state === 'cancelled') {
    showOK(box, el('p', { text: `Schedule job ${id}${where} cancelled${here && state.schedule ? `: the plan shown is still schedule ${state.schedule.id}` : ''}.` }));
  } else {
    showError(box, new Error(`Schedule job ${id}${where} failed${done.error ? ': ' + plain(done.error) : ''}`));
  }
}

// restorePlan shows queue's newest stored plan (with its roster) again.
async function restorePlan(queue) {
  const pid = await latestID(`/api/v1/queues/${encodeURIComponent(queue)}/schedules`);
  if (!pid || !stillOn(queue)) return;
  const rosters = await api('GET', `/api/v1/rosters?queue=${encodeURIComponent(queue)}&limit=100`);
  const r = (rosters.items || []).find((x) => x.schedule_id === pid);
  if (stillOn(queue)) await showSchedule(pid, r ? r.id : 0);
}

// resumeSchedule follows the schedule job of queue that runs or waits
// (started in this tab before a reload, in another tab or by a colleague)
// as if it had been started here, and tells of those of other queues.
async function resumeSchedule(queue) {
  if (state.scheduling || !may('GET /api/v1/jobs')) return;
  const memo = jobMemo();
  const out = await api('GET', '/api/v1/jobs?limit=100');
  const live = (out.items || []).filter((j) => j.kind === 'schedule' && (j.state === 'queued' || j.state === 'running'));
  // Jobs that ended are forgotten.
  jobMemo((m) => { for (const id of Object.keys(m)) if (!live.some((j) => String(j.id) === id)) delete m[id]; });
  const queueOf = (j) => j.queue || (memo[j.id] && memo[j.id].queue) || '';
  const elsewhere = live.filter((j) => queueOf(j) !== queue);
  state.otherJobs = elsewhere.length
    ? `Schedule ${elsewhere.length > 1 ? 'jobs' : 'job'} ${elsewhere.map((j) => `${j.id}${queueOf(j) ? ` of queue ${queueOf(j)}` : ''}${j.actor ? ` (${j.actor})` : ''}`).join(', ')} ${elsewhere.length > 1 ? 'are' : 'is'} ${elsewhere.length > 1 ? 'running' : elsewhere[0].state}: pick ${elsewhere.length > 1 ? 'their queues' : 'its queue'} to follow ${elsewhere.length > 1 ? 'them' : 'it'}.`
    : '';
  scheduleButton();
  const mine = live.find((j) => queueOf(j) === queue);
  if (!mine || state.scheduling || !stillOn(queue)) return;
  await followSchedule(mine.id, queue, (memo[mine.id] && memo[mine.id].limitMs) || 0, true);
}

// scheduleButton enables "Start schedule" unless a schedule job this page
// follows is running, and says why it is not.
function scheduleButton() {
  const b = $('#schedule-start');
  const wait = $('#schedule-wait');
  const q = state.scheduling;
  b.disabled = !!q;
  wait.hidden = !q && !state.otherJobs;
  wait.textContent = !q ? state.otherJobs || '' : stillOn(q)
    ? `Schedule job ${state.schedulingJob} of this queue is running: cancel it or wait for its plan before starting another.`
    : `Schedule job ${state.schedulingJob} of queue ${q} is running: this page follows one schedule job at a time; start another when it ends or is cancelled.`;
}

// showSchedule shows schedule id (sc when already fetched) and its roster.
async function showSchedule(id, rosterID, sc = null) {
  sc = sc || (await api('GET', `/api/v1/schedules/${id}`));
  const p = sc.plan;
  state.schedule = { id, roster_id: rosterID, plan: p };
  const pairs = [
    ['Paid hours', num(p.paid_hours, 1)],
    ['Short', personMinutes(p.shortage_minutes)],
    ['Over', personMinutes(p.excess_minutes)],
    ['Distinct shifts', num(p.distinct_shifts)],
    ['Objective', num(p.objective, 1)],
    ['Lower bound', `${num(p.lower_bound, 1)}${BOUND_KINDS[p.bound_kind] ? ` (${BOUND_KINDS[p.bound_kind]})` : ''}`],
    ['Gap to the bound', pct(p.gap, 2)],
  ];
  if (p.stopped) pairs.push(['Stopped', 'at the time limit: the best plan found so far']);
  if (p.roster) {
    pairs.push(['Roster', p.roster.assigned + p.roster.unassigned === 0 ? `no shift to assign: the plan has none (${num(p.roster.agents)} agents available)`
      : `${num(p.roster.assigned)} shifts assigned to ${num(p.roster.agents)} agents, ${num(p.roster.unassigned)} open`]);
    // The plan's figures assume every place filled; these are the team's.
    if (p.roster.unassigned > 0 && p.roster.shortage_minutes !== undefined) {
      pairs.push(['Short while they stay open', `${num(p.roster.shortage_minutes)} person-minutes in ${num(p.roster.short_intervals)} intervals`]);
    }
  }
  const parts = [el('p', { text: `Schedule ${id} of ${sc.queue}, covering staffing ${p.staffing_id}: ${num(p.shifts.reduce((s, x) => s + x.count, 0))} shifts over ${p.days} days.` }), dl(pairs),
    el('p', { class: 'hint', text: 'The objective is what the plan costs under the templates’ weights: paid hours, person-minutes short and over, and each distinct shift. No plan can cost less than the lower bound, so the plan is at most the gap above the best possible one.' })];
  if (p.roster && p.roster.shortfall && p.roster.shortfall.length) {
    parts.push(el('p', { text: 'To fill the open shifts:' }), el('ul', {}, ...p.roster.shortfall.map((s) => el('li', { text: s }))));
  }
  showOK($('#schedule-result'), ...parts);
  table($('#plan-table'), ['date', 'day', 'start', 'hours', 'people', 'template', 'breaks'],
    p.shifts.map((s) => [s.date, s.day, s.start, num(s.length_minutes / 60, 1), num(s.count), s.template || '',
      s.breaks.map((b) => `${b.start} ${b.length_minutes}m${b.paid ? ' paid' : ''}`).join(', ')]));
  $('#plan-table-box').hidden = false;
  $('#downloads').hidden = false;
  $('#dl-roster').hidden = !rosterID;
  $('#roster-chart-box').hidden = true;
  $('#ics-box').hidden = true;
  const charts = [
    showChart($('#plan-coverage-chart'), chartURL('/staffing/{id}', { queue: sc.queue, id: p.staffing_id }, { schedule: id }),
      `Staffing ${p.staffing_id}: required agents against the plan's, and the service level the plan reaches`),
    showChart($('#schedule-chart'), chartURL('/schedules/{id}', { id }), `Schedule ${id}: the kinds of shift, with breaks, and the head-count of each`),
  ];
  if (rosterID) {
    const r = await api('GET', `/api/v1/rosters/${rosterID}`);
    const shifts = r.shifts || [];
    const agents = [...new Set(shifts.map((s) => s.agent_id))].sort();
    $('#ics-agent').replaceChildren(...agents.map((a) => el('option', { value: a, text: a })));
    $('#ics-box').hidden = !agents.length;
    // The first day anyone of the roster works (the plan's first day may
    // be one whose places all stayed open).
    const firstDay = shifts.map((s) => s.date).sort()[0];
    $('#roster-chart-box').hidden = !firstDay;
    charts.push(showChart($('#roster-chart'), firstDay ? chartURL('/rosters/{id}', { id: rosterID }, { day: firstDay }) : null,
      `Roster ${rosterID}: each agent's shift on ${firstDay}`));
  }
  await Promise.all(charts);
}

async function cancelSchedule() {
  const id = $('#schedule-cancel').dataset.job;
  if (id) await api('DELETE', `/api/v1/jobs/${id}`).catch((err) => showError($('#schedule-job'), err));
}

// ---- manager: scenarios ----

function defaultScenario() {
  return {
    name: 'half-bot',
    queue: (state.queue && state.queue.name) || 'retail',
    demand: { from_history: true, horizon: '168h' },
    interval: '30m',
    promise: { sl_target: 0.8, sl_time: '30s', max_abandon: 0.05 },
    shrinkage: 0.3,
    humans: { aht: '240s', patience: '120s', hourly_cost: 30 },
    bot: { share: 0.5, escalation: 0.3, false_containment: 0.1, return_share: 0.5, return_lag: '24h', escalated_aht: '300s', escalated_patience: '45s', cost_per_session: 0.5 },
    lost_contact_cost: 8,
    staff_to: 'mean', // or 'p80', 'expected-sl': staff the forecast's bands
  };
}

// BOUND_KINDS names what the scheduler's lower bound is (bound_kind).
const BOUND_KINDS = { lp: 'the linear relaxation’s optimum', lagrangian: 'a Lagrangian relaxation’s value' };

const money = (v) => num(v, 0);
// points writes the difference of two shares in percentage points: 93.7%
// against 91.5% is 2.2 points, not 2.2%.
const points = (d) => `${num(100 * d, 1)} pp`;
// TOTALS: key, label, format, and the format of a difference when it is
// not the value's own.
const TOTALS = [
  ['cost', 'Total cost', money],
  ['cost_humans', 'Cost of humans', money],
  ['cost_bot', 'Cost of the bot', money],
  ['cost_lost', 'Cost of lost contacts', money],
  ['cost_beyond_horizon', 'Cost of returns after the horizon', money],
  ['paid_hours', 'Paid hours', (v) => num(v, 1)],
  ['service_level', 'Service level', (v) => pct(v), points],
  ['abandon_rate', 'Abandoned', (v) => pct(v), points],
  ['reached_human_share', 'All customers answered by a human in time', (v) => pct(v), points],
  ['human_contacts', 'Human contacts', (v) => num(v)],
  ['bot_sessions', 'Bot sessions', (v) => num(v)],
  ['unresolved', 'Unresolved by the bot', (v) => num(v)],
  ['intervals_broken', 'Intervals breaking the promise', (v) => num(v)],
  // Undefined when the naive cut pays nothing (everything to the bot): the
  // API's 0 there is no percentage.
  ['funnel_extra_percent', 'Paid hours above the naive “cut in proportion” plan', (v, t) => (t && t.naive_paid_hours > 0 ? `${num(v, 1)}%` : 'n/a: the naive cut pays nothing'), (d, t) => (t && t.naive_paid_hours > 0 ? `${num(d, 1)} pp` : 'n/a')],
];

// SHOWN_STEPS says how finely TOTALS shows a figure: shares to a tenth of
// a percent, hours and the funnel's percentage to a tenth, the rest whole.
const SHOWN_STEPS = { paid_hours: 10, service_level: 1000, abandon_rate: 1000, reached_human_share: 1000, funnel_extra_percent: 10 };
const shownValue = (k, v) => Math.round(Number(v || 0) * (SHOWN_STEPS[k] || 1)) / (SHOWN_STEPS[k] || 1);

// scenarioDoc reads the document, with the name and bot share of the form.
function scenarioDoc() {
  let doc;
  try {
    doc = JSON.parse($('#scenario-doc').value);
  } catch (err) {
    throw new Error(`The scenario document is not JSON: ${err.message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('The scenario document must be a JSON object.');
  doc.name = $('#scenario-name').value.trim();
  $('#scenario-doc').value = JSON.stringify(doc, null, 2);
  return doc;
}

// setShare writes the form's bot share into every queue of the document.
function setShare() {
  let doc;
  try {
    doc = JSON.parse($('#scenario-doc').value);
  } catch {
    return; // the user is editing; saving reports the error
  }
  const share = Number($('#scenario-share').value) / 100;
  for (const q of Array.isArray(doc.queues) ? doc.queues : [doc]) {
    q.bot = q.bot || {};
    q.bot.share = share;
  }
  $('#scenario-doc').value = JSON.stringify(doc, null, 2);
}

// saveScenario stores the document under its name: a new scenario, or the
// one of that name replaced. The replacement is conditional on the version
// just listed (If-Match), so a change someone saved in between is not lost
// but refused (412). It returns the scenario and, when one was replaced,
// the version it replaced.
async function saveScenario() {
  const doc = scenarioDoc();
  let sc, old = null;
  try {
    sc = await api('POST', '/api/v1/scenarios', { json: doc });
  } catch (err) {
    if (err.status !== 409) throw err;
    old = (await allScenarios()).find((x) => x.name === doc.name);
    if (!old) throw err;
    sc = await api('PUT', `/api/v1/scenarios/${old.id}`, { json: doc, headers: { 'If-Match': `"${old.version}"` } });
  }
  await loadScenarios();
  return { sc, old };
}

// savedText says what saving did, naming who saved a replaced version.
function savedText(sc, old) {
  if (!old) return `Saved scenario ${sc.name} (#${sc.id}, version ${sc.version})`;
  const by = old.updated_by || old.created_by;
  return `Replaced scenario ${sc.name} (#${sc.id}): version ${old.version}${by ? ` saved by ${by}` : ''} is now version ${sc.version}`;
}

async function allScenarios() {
  const out = await api('GET', '/api/v1/scenarios?limit=1000');
  return out.items || [];
}

// MAX_COMPARE is the most scenarios POST /api/v1/scenarios/compare takes.
const MAX_COMPARE = 10;

// loadScenarios lists the stored scenarios to compare, every one ticked
// when they are few enough to compare at once.
async function loadScenarios() {
  const list = $('#compare-list');
  const items = (await allScenarios()).slice().sort((a, b) => a.id - b.id);
  const tick = items.length <= MAX_COMPARE;
  list.replaceChildren(...items.map((sc) => {
    const id = `cmp-${sc.id}`;
    return el('span', { class: 'field check' }, el('input', { type: 'checkbox', id, value: String(sc.id), ...(tick ? { checked: '' } : {}) }),
      el('label', { for: id, text: `${sc.name} (#${sc.id})` }));
  }));
  if (!items.length) list.append(el('p', { class: 'hint', text: 'Save scenarios to compare them.' }));
  if (!tick) list.append(el('p', { class: 'hint', text: `Tick 2 to ${MAX_COMPARE} of the ${items.length} saved scenarios.` }));
}

// postMaybeJob POSTs and returns the answer: at once (200), or the result
// of the job the server queued (202), whose progress is shown meanwhile in
// a row of its own (jobRow, labelled what), added to rows for the caller
// to remove once it has shown the result (scenarioBusy); jobID is then the
// job's id.
async function postMaybeJob(path, json, rows, what) {
  const res = await api('POST', path, { json, raw: true });
  const body = await res.json();
  if (res.status !== 202) return { result: body, jobID: 0 };
  const row = jobRow($('#scenario-jobs'), body.id, what);
  rows.push(row);
  const job = await watchJob(body.id, row, row.querySelector('progress'), row.querySelector('.note'), { live: $('#scenario-live'), what: 'Scenario job' });
  if (job.state !== 'succeeded') throw jobError(job);
  return { result: job.result, jobID: job.id };
}

// jobRow adds to box the progress row of job id, labelled what: its own
// bar and note, so that two jobs followed at once (a sweep and a
// comparison) do not write over each other's.
function jobRow(box, id, what) {
  const bar = `job-bar-${id}`;
  const row = el('div', { class: 'progress', 'data-job': String(id) },
    el('label', { for: bar, text: `${what} (job ${id})` }),
    el('progress', { id: bar, max: '1', value: '0' }),
    el('span', { class: 'note' }));
  box.append(row);
  return row;
}

// limitBody is the time_limit of a scenario request, when one is chosen.
function limitBody() {
  const v = $('#scenario-time-limit').value;
  return v ? { time_limit: v } : {};
}

// stoppedNote says how many shift plans the time limit stopped, if any
// (totals' plans_stopped, absent without a limit).
function stoppedNote(n) {
  return n > 0 ? [el('p', { class: 'hint', text: `The time limit stopped ${num(n)} shift plan${n === 1 ? '' : 's'} before the full search: their figures are those of the best plan found by then.` })] : [];
}

function totalsList(t) {
  return dl(TOTALS.filter(([k]) => t[k] !== undefined && t[k] !== null).map(([k, label, f]) => [label, f(t[k], t)]));
}

function promiseText(t) {
  return t.kept_promise ? 'keeps the promise in every interval' : `breaks the promise in ${num(t.intervals_broken)} of ${num(t.intervals)} intervals`;
}

// jobChart draws the chart of a finished sweep or optimisation job, the
// sweep on the left and the hourly split on the right, so the latest of
// each stay side by side.
async function jobChart(img, jobID, caption) {
  const route = findRoute('GET', 'chart', '/jobs/{id}');
  await showChart(img, route && jobID ? fill(route, { id: jobID }) : null, caption);
}

// scenarioBusy is busy for an action that may wait for a scenario job
// (postMaybeJob, given the list f is called with): once busy has shown its
// result or error the page follows the job no more, so its row goes rather
// than stay, frozen, under the result; another action's job keeps its own.
async function scenarioBusy(form, box, f) {
  const rows = [];
  await busy(form, box, () => f(rows));
  for (const r of rows) r.remove();
}

async function scenarioAction(kind) {
  const box = $('#scenario-result');
  await scenarioBusy($('#scenario-form'), box, async (rows) => {
    if (!$('#scenario-form').reportValidity()) return;
    // What the last action showed goes: a chart left under this one's
    // result (or error) would seem to be its.
    $('#scenario-table-box').hidden = true;
    for (const s of ['#scenario-chart', '#scenario-chart-2']) $(s).closest('figure').hidden = true;
    showOK($('#scenario-saved'));
    showOK(box);
    const { sc, old } = await saveScenario();
    // Its own line, which the result does not replace.
    showOK($('#scenario-saved'), el('p', { text: savedText(sc, old) + '.' }));
    if (old) staleCompare(sc);
    showOK(box, el('p', { text: `${kind === 'run' ? 'Running' : kind === 'sweep' ? 'Sweeping' : 'Optimising'} ${sc.name}…` }));
    if (kind === 'run') {
      const { result: r } = await postMaybeJob(`/api/v1/scenarios/${sc.id}/run`, limitBody(), rows, `Run of ${sc.name}`);
      showOK(box, el('p', { text: `Scenario ${sc.name} ${promiseText(r.totals)}:` }), ...stoppedNote(r.totals.plans_stopped), totalsList(r.totals));
    } else if (kind === 'sweep') {
      const vary = $('#scenario-vary').value.split(';').map((v) => v.trim()).filter(Boolean);
      const { result: r, jobID } = await postMaybeJob(`/api/v1/scenarios/${sc.id}/sweep`, { vary, ...limitBody() }, rows, `Sweep of ${sc.name}`);
      showSweep(sc, r);
      if (vary.length === 1) await jobChart($('#scenario-chart'), jobID, `${sc.name}: cost, paid hours and service against ${r.vary[0]}`);
    } else {
      const { result: r, jobID } = await postMaybeJob(`/api/v1/scenarios/${sc.id}/optimize`, limitBody(), rows, `Optimisation of ${sc.name}`);
      showOptimum(sc, r);
      await jobChart($('#scenario-chart-2'), jobID, `${sc.name}: the bot share chosen for each hour of the day`);
    }
  });
}

function varyText(v) {
  return Object.entries(v || {}).map(([k, x]) => `${k} = ${varyValue(k, x)}`).join(', ');
}

// varyValue writes a swept setting's value with its unit: shares as
// percentages, durations (read as seconds) in seconds.
function varyValue(k, x) {
  const last = k.split('.').pop();
  if (/share|escalation|containment|shrinkage|sl_target|max_abandon/.test(last)) return pct(x, 0);
  if (/aht|patience|sl_time|lag/.test(last)) return `${num(x, Number.isInteger(x) ? 0 : 1)} s`;
  return num(x, Number.isInteger(x) ? 0 : 2);
}

// roundNote rounds the long decimals of a server's note ("costs
// 147509.46") as the page's own figures are.
const roundNote = (s) => String(s || '').replace(/\b\d{4,}(?:\.\d+)?\b/g, (v) => num(Math.round(Number(v))));

function showSweep(sc, r) {
  const parts = [el('p', { text: `Sweep of ${sc.name} over ${r.vary.join(', ')}: ${num(r.points.length)} points.` })];
  if (r.cheapest) {
    parts.push(el('p', { text: `Cheapest point that keeps the promise: ${varyText(r.cheapest.vary)}, cost ${money(r.cheapest.totals.cost)}.` }));
  } else {
    parts.push(el('p', { text: 'No point of the grid keeps the promise in every interval.' }));
  }
  if (r.break_even) parts.push(el('p', { text: `Beyond a bot share of ${pct(r.break_even.share, 0)} more bot stops saving money (cost ${money(r.break_even.cost)}).` }));
  if (r.note) parts.push(el('p', { class: 'hint', text: roundNote(r.note) }));
  showOK($('#scenario-result'), ...parts);
  const key = (p) => JSON.stringify(p.vary);
  const best = r.cheapest ? key(r.cheapest) : '';
  const tbl = $('#scenario-table');
  table(tbl, [...r.vary, 'cost', 'paid hours', 'service level', 'abandoned', 'reached a human', 'promise'],
    r.points.map((p) => [...r.vary.map((v) => varyValue(v, p.vary[v])), money(p.totals.cost), num(p.totals.paid_hours, 1),
      pct(p.totals.service_level), pct(p.totals.abandon_rate), pct(p.totals.reached_human_share), p.totals.kept_promise ? 'kept' : 'broken']));
  [...tbl.tBodies[0].rows].forEach((row, i) => { if (key(r.points[i]) === best) row.className = 'best'; });
  $('#scenario-table-box').hidden = false;
  $('#scenario-table-box').open = true;
}

function showOptimum(sc, r) {
  const saving = Math.round(r.saving || 0) > 0 ? `${money(r.saving)} less than the best single share` : 'no less than the best single share';
  const parts = [el('p', { text: `Bot share by hour of day for ${sc.name}: cost ${money(r.totals.cost)}, ${saving}; it ${promiseText(r.totals)}.` })];
  if (r.note) parts.push(el('p', { class: 'hint', text: roundNote(r.note) }));
  parts.push(totalsList(r.totals));
  showOK($('#scenario-result'), ...parts);
  const queues = r.queues || [];
  table($('#scenario-table'), ['hour', ...queues.map((q) => `${q.queue} bot share`)],
    Array.from({ length: 24 }, (_, h) => [`${String(h).padStart(2, '0')}:00`, ...queues.map((q) => pct(q.shares[h], 0))]));
  $('#scenario-table-box').hidden = false;
  $('#scenario-table-box').open = true;
}

async function compareScenarios(e) {
  e.preventDefault();
  const box = $('#compare-result');
  await scenarioBusy(e.target, box, async (rows) => {
    const ids = [...document.querySelectorAll('#compare-list input:checked')].map((i) => Number(i.value));
    if (ids.length < 2) throw new Error('Tick at least two scenarios.');
    if (ids.length > MAX_COMPARE) throw new Error(`Tick at most ${MAX_COMPARE} scenarios: ${ids.length} are ticked.`);
    $('#compare-table-box').hidden = true;
    const { result: r } = await postMaybeJob('/api/v1/scenarios/compare', { ids, ...limitBody() }, rows, `Comparison of ${ids.length} scenarios`);
    const list = r.scenarios || [];
    // Each column's queue, when they are not all the same.
    const docs = await Promise.all(ids.map((id) => api('GET', `/api/v1/scenarios/${id}`).catch(() => null)));
    const queues = docs.map((d) => scenarioQueues(d && d.document).join(', '));
    const mixed = new Set(queues).size > 1;
    state.compared = ids;
    showOK(box, el('p', { text: `${list.length} scenarios against ${list[0].name}; the differences are in brackets (shares in percentage points, pp).` }),
      ...stoppedNote(list.reduce((n, c) => n + (c.totals.plans_stopped || 0), 0)));
    table($('#compare-table'), ['Figure', ...list.map((c, i) => (mixed && queues[i] ? `${c.name} (${queues[i]})` : c.name))],
      TOTALS.map(([k, label, f, df = f]) => [label, ...list.map((c, i) => {
        // The difference of the figures as shown, so that it adds up with
        // them (91.2% against 92.6% is +1.4 pp, whatever the decimals).
        const d = shownValue(k, c.totals[k]) - shownValue(k, list[0].totals[k]);
        return i === 0 || !(Math.abs(d) > 1e-9) ? f(c.totals[k], c.totals) : `${f(c.totals[k], c.totals)} (${d > 0 ? '+' : ''}${df(d, c.totals)})`;
      })])
        .concat([['Promise', ...list.map((c) => (c.totals.kept_promise ? 'kept' : 'broken'))]]));
    $('#compare-table-box').hidden = false;
  });
}

// scenarioQueues lists the queues of a scenario document.
function scenarioQueues(doc) {
  if (!doc || typeof doc !== 'object') return [];
  if (Array.isArray(doc.queues)) return doc.queues.map((q) => q && q.queue).filter(Boolean);
  return doc.queue ? [doc.queue] : [];
}

// setScenarioQueue puts the queue picked into the scenario document when
// it has one queue (a document of several names each on purpose).
function setScenarioQueue(name) {
  const box = $('#scenario-doc');
  let doc;
  try {
    doc = JSON.parse(box.value);
  } catch {
    return; // being edited: left alone
  }
  if (!doc || typeof doc !== 'object') return;
  if (Array.isArray(doc.queues)) {
    if (doc.queues.length !== 1 || !doc.queues[0] || doc.queues[0].queue === name) return;
    doc.queues[0].queue = name;
  } else {
    if (typeof doc.queue !== 'string' || doc.queue === name) return;
    doc.queue = name;
  }
  box.value = JSON.stringify(doc, null, 2);
}

// staleCompare clears a comparison that shows scenario sc, saved again
// since: its column is the old version's.
function staleCompare(sc) {
  if (!(state.compared || []).includes(sc.id) || $('#compare-table-box').hidden) return;
  $('#compare-table-box').hidden = true;
  state.compared = [];
  showOK($('#compare-result'), el('p', { text: `Scenario ${sc.name} was saved again after the comparison was made: compare again for its new figures.` }));
}

// ---- hr: agents and an existing roster ----

async function uploadAgents(e) {
  e.preventDefault();
  const box = $('#agents-result');
  await busy(e.target, box, async () => {
    const fd = new FormData();
    fd.append('file', $('#agents-file').files[0]);
    const r = await api('PUT', '/api/v1/agents', { body: fd });
    showOK(box, el('p', { text: `Imported ${num(r.rows)} agents: ${num(r.inserted)} new, ${num(r.replaced)} updated, ${num(r.deleted)} removed.` }));
  });
}

// loadStaffingIDs offers the staffing results this queue's plans were made
// from as the coverage form's requirement.
async function loadStaffingIDs() {
  const list = $('#staffing-ids');
  const queue = state.queue.name;
  try {
    const out = await api('GET', `/api/v1/queues/${encodeURIComponent(queue)}/schedules?limit=100`);
    if (!stillOn(queue)) return; // another queue was picked meanwhile
    const ids = [...new Set((out.items || []).map((s) => s.params && s.params.staffing_id).filter(Boolean))];
    list.replaceChildren(...ids.map((id) => el('option', { value: id })));
    if (ids.length && !$('#coverage-staffing').value) $('#coverage-staffing').value = ids[0];
  } catch {
    list.replaceChildren();
  }
}

async function uploadRoster(e) {
  e.preventDefault();
  const box = $('#coverage-result');
  $('#coverage-chart').closest('figure').hidden = true; // the last roster's
  await busy(e.target, box, async () => {
    const q = needQueue();
    const sid = $('#coverage-staffing').value;
    const fd = new FormData();
    fd.append('file', $('#roster-file').files[0]);
    const r = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/coverage?staffing_id=${encodeURIComponent(sid)}`, { body: fd });
    showOK(box, el('p', { text: `Roster ${r.roster_id} (${num(r.shifts)} shifts${r.shifts_outside_horizon ? `, ${num(r.shifts_outside_horizon)} outside the horizon` : ''}) against staffing ${r.staffing_id}:` }),
      dl([
        ['Short', `${personMinutes(r.shortage_minutes)} in ${num(r.short_intervals)} intervals`],
        ['Over', personMinutes(r.excess_minutes)],
        ...(r.outside_minutes > 0 ? [['Outside the staffing’s days', `${personMinutes(r.outside_minutes)} worked before or after them (neither short nor over)`]] : []),
      ]));
    await showChart($('#coverage-chart'), chartURL('/staffing/{id}', { queue: q, id: sid }, { roster: r.roster_id }),
      `Staffing ${sid}: required agents against roster ${r.roster_id}'s, and the service level the roster reaches`);
  });
}

// ---- wiring ----

function on(sel, ev, f) {
  const e = $(sel);
  if (e) e.addEventListener(ev, f);
}

document.addEventListener('DOMContentLoaded', () => {
  on('#token-form', 'submit', (e) => {
    e.preventDefault();
    signIn($('#token').value.trim());
  });
  on('#signout', 'click', signOut);
  on('#queue', 'change', () => queueChanged().catch((err) => showError($('#queue-result'), err)));
  on('#queue-form', 'submit', async (e) => {
    e.preventDefault();
    const box = $('#queue-result');
    await busy(e.target, box, async () => {
      const q = await api('POST', '/api/v1/queues', { json: { name: $('#queue-name').value, time_zone: $('#queue-tz').value, interval: $('#queue-interval').value } });
      showOK(box, el('p', { text: `Created queue ${q.name}.` }));
      await loadQueues(q.name);
    });
  });
  on('#history-form', 'submit', uploadHistory);
  on('#forecast-form', 'submit', runForecast);
  on('#backtest', 'click', async (e) => {
    const box = $('#forecast-result');
    await busy(null, box, async () => {
      e.target.disabled = true;
      const url = chartURL('/backtests', { queue: needQueue() });
      if (!url) throw new Error('This server draws no backtest chart.');
      await showChart($('#backtest-chart'), url, `Rolling-origin backtest of ${state.queue.name}: the error of each method by how many days ahead it forecast`);
    }).finally(() => (e.target.disabled = false));
  });
  on('#staffing-form', 'submit', runStaffing);
  on('#staffing-form', 'input', schedulePreview);
  on('#schedule-form', 'submit', runSchedule);
  on('#schedule-cancel', 'click', cancelSchedule);
  on('#dl-plan', 'click', () => download(`/api/v1/schedules/${state.schedule.id}/plan`, 'text/csv', `plan-${state.schedule.id}.csv`).catch((err) => showError($('#schedule-result'), err)));
  on('#dl-roster', 'click', () => download(`/api/v1/rosters/${state.schedule.roster_id}`, 'text/csv', `roster-${state.schedule.roster_id}.csv`).catch((err) => showError($('#schedule-result'), err)));
  on('#dl-ics', 'click', () => {
    const a = $('#ics-agent').value;
    download(`/api/v1/rosters/${state.schedule.roster_id}/agents/${encodeURIComponent(a)}.ics`, 'text/calendar', `${a}.ics`).catch((err) => showError($('#schedule-result'), err));
  });
  on('#scenario-form', 'submit', (e) => {
    e.preventDefault();
    scenarioAction('run');
  });
  on('#scenario-sweep', 'click', () => scenarioAction('sweep'));
  on('#scenario-optimize', 'click', () => scenarioAction('optimize'));
  on('#scenario-share', 'input', setShare);
  on('#compare-form', 'submit', compareScenarios);
  on('#agents-form', 'submit', uploadAgents);
  // New plans may have been made since the queue was picked.
  const refresh = () => (state.queue ? loadStaffingIDs() : loadQueues()).catch((err) => showError($('#coverage-result'), err));
  on('#coverage-staffing', 'focus', refresh);
  on('#roster-file', 'change', refresh);
  on('#coverage-form', 'submit', uploadRoster);
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved);
});
