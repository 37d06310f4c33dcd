// Staffcast web page. Plain JavaScript, no library: every request goes to
// this server's REST API with the pasted bearer token; every piece of data
// is put on the page with textContent (never as HTML).
'use strict';

const TOKEN_KEY = 'staffcast.token';
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
  const res = await fetch(path, { method, headers, body });
  if (!res.ok) {
    let problem;
    try {
      problem = await res.json();
    } catch {
      problem = { title: res.statusText || `HTTP ${res.status}` };
    }
    throw new ApiError(res.status, problem);
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

// showError renders err in box: the problem's detail and its positioned
// errors (a bad CSV's lines), one list item each.
function showError(box, err) {
  box.className = 'result bad';
  box.replaceChildren();
  const p = err instanceof ApiError ? err.problem : { detail: String(err.message || err) };
  const head = p.title && p.detail ? `${p.title}: ${p.detail}` : p.detail || p.title;
  box.append(el('p', { text: head }));
  if (Array.isArray(p.errors) && p.errors.length) {
    const ol = el('ol', { class: 'problems' });
    for (const d of p.errors) {
      const where = [];
      if (d.line) where.push(`Line ${d.line}`);
      if (d.column) where.push(`column ${d.column}`);
      if (d.field) where.push(`(${d.field})`);
      ol.append(el('li', { text: (where.length ? where.join(', ').replace(', (', ' (') + ': ' : '') + d.reason }));
    }
    if (p.errors_omitted) ol.append(el('li', { text: `… and ${p.errors_omitted} more` }));
    box.append(ol);
  }
  if (p.request_id) box.append(el('p', { class: 'hint', text: `Request ${p.request_id}` }));
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
    if (need === 'scenarios') s.hidden = !findRoute('POST', '/scenarios');
    else s.hidden = !may(need);
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
    cap.textContent = 'No chart: ' + (err.message || err);
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

// watchJob polls a job until it ends, showing its progress.
async function watchJob(id, box, bar, note) {
  box.hidden = false;
  for (;;) {
    const job = await api('GET', `/api/v1/jobs/${id}`);
    bar.value = job.progress || 0;
    note.textContent = `${job.state}, ${pct(job.progress || 0, 0)}${job.progress_note ? ' — ' + job.progress_note : ''}`;
    if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') return job;
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
  await Promise.all([loadQueues(), loadDefaults()]);
  $('#main').focus();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

// ---- queues ----

async function loadQueues(select) {
  const out = await api('GET', '/api/v1/queues?limit=1000');
  state.queues = out.items || [];
  const sel = $('#queue');
  sel.replaceChildren(...state.queues.map((q) => el('option', { value: q.name, text: q.name })));
  if (!state.queues.length) sel.append(el('option', { value: '', text: '(no queue yet)' }));
  const want = select || (state.queue && state.queue.name);
  if (want && state.queues.some((q) => q.name === want)) sel.value = want;
  await queueChanged();
}

async function queueChanged() {
  state.queue = state.queues.find((q) => q.name === $('#queue').value) || null;
  const q = state.queue;
  $('#queue-info').textContent = q ? `${q.channel}, ${q.time_zone}, ${q.interval} intervals` : 'Create a queue, or upload history to a new one.';
  if (q && may('GET /api/v1/queues/{queue}/schedules')) await loadStaffingIDs();
}

function needQueue() {
  if (!state.queue) throw new Error('Pick a queue first (or create one).');
  return state.queue.name;
}

async function loadDefaults() {
  if (may('PUT /api/v1/shift-templates/{name}') && !$('#templates').value) {
    const res = await fetch('/static/shift-templates.json');
    $('#templates').value = await res.text();
  }
  if (!$('#scenario-doc').value) $('#scenario-doc').value = JSON.stringify(defaultScenario(), null, 2);
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
    state.forecast = fc;
    const rows = fc.rows || [];
    const total = rows.reduce((s, r) => s + r.volume, 0);
    const chosen = fc.params && fc.params.chosen_method ? ` (chose ${fc.params.chosen_method})` : '';
    showOK(box, el('p', { text: `Forecast ${fc.id}: ${num(rows.length)} intervals of ${fc.interval} from ${formatTime(fc.start)}, ${num(total)} contacts in all, method ${fc.method}${chosen}.` }));
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
      showChart($('#forecast-chart'), chartURL('/forecasts/{id}', { queue: q, id: fc.id }), `Forecast ${fc.id} with its 80% and 95% bands`),
      previewStaffing(),
    ]);
  });
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
    out.textContent = 'Fix the highlighted figures.';
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
    state.staffing = st;
    const rows = st.rows || [];
    const ivHours = hours(state.forecast.interval);
    const peak = Math.max(0, ...rows.map((r) => r.scheduled_agents));
    const hoursSum = rows.reduce((s, r) => s + r.scheduled_agents * ivHours, 0);
    showOK(box, el('p', { text: `Staffing ${st.id}: at most ${num(peak)} scheduled agents in an interval, ${num(hoursSum)} scheduled agent-hours in all.${note}` }));
    await showChart($('#staffing-chart'), chartURL('/staffing/{id}', { queue: q, id: st.id }), `Staffing ${st.id}: required against scheduled agents`);
  });
}

// hours converts a Go duration string ("30m", "1h0m0s", "15m0s") to hours.
function hours(d) {
  let h = 0;
  for (const [, v, u] of String(d).matchAll(/([\d.]+)(h|m|s)/g)) h += Number(v) / { h: 1, m: 60, s: 3600 }[u];
  return h;
}

// ---- planner: schedule ----

async function runSchedule(e) {
  e.preventDefault();
  const box = $('#schedule-result');
  await busy(e.target, box, async () => {
    const q = needQueue();
    if (!state.staffing) throw new Error('Staff the forecast first: the plan covers a staffing result.');
    box.replaceChildren();
    const name = $('#templates-name').value;
    let doc;
    try {
      doc = JSON.parse($('#templates').value);
    } catch (err) {
      throw new Error(`The shift templates are not JSON: ${err.message}`);
    }
    await api('PUT', `/api/v1/shift-templates/${encodeURIComponent(name)}`, { json: doc });
    const job = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/schedules`, {
      json: { staffing_id: state.staffing.id, templates: name, time_limit: $('#time-limit').value, roster: $('#do-roster').checked },
    });
    $('#schedule-cancel').dataset.job = job.id;
    const done = await watchJob(job.id, $('#schedule-progress'), $('#schedule-bar'), $('#schedule-note'));
    if (done.state !== 'succeeded') throw jobError(done);
    await showSchedule(done.result.schedule_id, done.result.roster_id);
  });
}

async function showSchedule(id, rosterID) {
  const sc = await api('GET', `/api/v1/schedules/${id}`);
  const p = sc.plan;
  state.schedule = { id, roster_id: rosterID, plan: p };
  const pairs = [
    ['Paid hours', num(p.paid_hours, 1)],
    ['Short', `${num(p.shortage_minutes)} person-minutes`],
    ['Over', `${num(p.excess_minutes)} person-minutes`],
    ['Distinct shifts', num(p.distinct_shifts)],
    ['Objective', num(p.objective, 1)],
    ['Lower bound', num(p.lower_bound, 1)],
    ['Gap to the bound', pct(p.gap, 2)],
  ];
  if (p.stopped) pairs.push(['Stopped', 'at the time limit: the best plan found so far']);
  if (p.roster) pairs.push(['Roster', `${num(p.roster.assigned)} shifts assigned to ${num(p.roster.agents)} agents, ${num(p.roster.unassigned)} open`]);
  const parts = [el('p', { text: `Schedule ${id} of ${sc.queue}: ${num(p.shifts.reduce((s, x) => s + x.count, 0))} shifts over ${p.days} days.` }), dl(pairs)];
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
  $('#ics-box').hidden = true;
  const charts = [
    showChart($('#schedule-chart'), chartURL('/schedules/{id}', { id }, {}), `Schedule ${id}: the shifts of the plan`),
  ];
  const cov = findRoute('GET', 'chart', '/schedules/{id}/coverage') || findRoute('GET', 'chart', 'coverage');
  if (cov && cov.includes('{id}') && !cov.includes('/rosters/')) {
    charts.push(showChart($('#plan-coverage-chart'), fill(cov, { id, queue: sc.queue }), `Schedule ${id}: scheduled against required agents`));
  }
  if (rosterID) {
    const r = await api('GET', `/api/v1/rosters/${rosterID}`);
    const agents = [...new Set((r.shifts || []).map((s) => s.agent_id))].sort();
    $('#ics-agent').replaceChildren(...agents.map((a) => el('option', { value: a, text: a })));
    $('#ics-box').hidden = !agents.length;
  }
  await Promise.all(charts);
}

async function cancelSchedule() {
  const id = $('#schedule-cancel').dataset.job;
  if (id) await api('DELETE', `/api/v1/jobs/${id}`).catch((err) => showError($('#schedule-result'), err));
}

// ---- manager: scenarios ----

function defaultScenario() {
  return {
    queue: (state.queue && state.queue.name) || 'retail',
    demand: { from_history: true, horizon: '168h' },
    interval: '30m',
    promise: { sl_target: 0.8, sl_time: '30s', max_abandon: 0.05 },
    shrinkage: 0.3,
    humans: { aht: '240s', patience: '120s', hourly_cost: 30 },
    bot: { share: 0.5, escalation: 0.3, false_containment: 0.1, return_share: 0.5, return_lag: '24h', escalated_aht: '300s', escalated_patience: '45s', cost_per_session: 0.5 },
    lost_contact_cost: 8,
  };
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
  try {
    const out = await api('GET', `/api/v1/queues/${encodeURIComponent(state.queue.name)}/schedules?limit=100`);
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
  await busy(e.target, box, async () => {
    const q = needQueue();
    const sid = $('#coverage-staffing').value;
    const fd = new FormData();
    fd.append('file', $('#roster-file').files[0]);
    const r = await api('POST', `/api/v1/queues/${encodeURIComponent(q)}/coverage?staffing_id=${encodeURIComponent(sid)}`, { body: fd });
    showOK(box, el('p', { text: `Roster ${r.roster_id} (${num(r.shifts)} shifts${r.shifts_outside_horizon ? `, ${num(r.shifts_outside_horizon)} outside the horizon` : ''}) against staffing ${r.staffing_id}:` }),
      dl([
        ['Short', `${num(r.shortage_minutes)} person-minutes in ${num(r.short_intervals)} intervals`],
        ['Over', `${num(r.excess_minutes)} person-minutes`],
      ]));
    await showChart($('#coverage-chart'), chartURL('/rosters/{id}', { id: r.roster_id, queue: q }, { staffing_id: sid }),
      `Roster ${r.roster_id}: scheduled against required agents`);
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
  on('#agents-form', 'submit', uploadAgents);
  on('#coverage-form', 'submit', uploadRoster);
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) signIn(saved);
});
