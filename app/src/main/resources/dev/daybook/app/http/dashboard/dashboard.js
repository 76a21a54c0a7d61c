'use strict';
// Daybook dashboard: polls /api/daily-volume and /api/currency-volume and draws stacked bar charts as plain SVG.
// ?project=ID shows one project; the project filter sets it.

const POLL_MS = 5000;
const SHOWN_SERIES = 6; // the rest are stacked together as "other"
const TOP_ROWS = 10;
const STALE_AFTER_MS = 15 * 60 * 1000;
const COLORS = ['#3867d6', '#20bf6b', '#f7b731', '#eb3b5a', '#8854d0', '#0fb9b1', '#a5b1c2'];
const SVG = 'http://www.w3.org/2000/svg';
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

// Exact decimals, so that summed volumes are the API's numbers to the cent: { units: BigInt, scale }.
function decimal(text) {
  const [whole, fraction = ''] = text.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

function align(a, scale) {
  return a.units * 10n ** BigInt(scale - a.scale);
}

function add(a, b) {
  const scale = Math.max(a.scale, b.scale);
  return { units: align(a, scale) + align(b, scale), scale };
}

function compareDecimals(a, b) {
  const scale = Math.max(a.scale, b.scale);
  const difference = align(a, scale) - align(b, scale);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

function exact(d) {
  const digits = d.units.toString().padStart(d.scale + 1, '0');
  return d.scale === 0 ? digits : digits.slice(0, -d.scale) + '.' + digits.slice(-d.scale);
}

function usd(d) {
  const cents = d.scale <= 2 ? align(d, 2) : (d.units + 5n * 10n ** BigInt(d.scale - 3)) / 10n ** BigInt(d.scale - 2);
  return '$' + (cents / 100n).toLocaleString('en-US') + '.' + String(cents % 100n).padStart(2, '0');
}

// Rows grouped by `keyOf` (a project, a coin), ranked by exact volume, the first SHOWN_SERIES as series per day.
function summarize(rows, keyOf) {
  const days = [...new Set(rows.map(row => row.date))].sort();
  const groups = new Map();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key)
      || { id: key, volume: decimal('0'), transactions: 0, unpriced: 0, days: new Set() };
    group.volume = add(group.volume, decimal(row.total_volume_usd));
    group.transactions += row.num_transactions;
    group.unpriced += row.unpriced_transactions;
    group.days.add(row.date);
    groups.set(key, group);
  }
  const ranked = [...groups.values()]
    .sort((a, b) => compareDecimals(b.volume, a.volume) || a.id.localeCompare(b.id));
  const shown = ranked.slice(0, SHOWN_SERIES).map(group => group.id);
  const series = shown.map((id, i) => ({ name: id, color: COLORS[i] }));
  if (ranked.length > SHOWN_SERIES) {
    series.push({ name: 'other', color: COLORS[SHOWN_SERIES] });
  }
  const volume = series.map(() => days.map(() => 0));
  const transactions = series.map(() => days.map(() => 0));
  for (const row of rows) {
    const key = keyOf(row);
    const s = shown.includes(key) ? shown.indexOf(key) : series.length - 1;
    const d = days.indexOf(row.date);
    volume[s][d] += Number(row.total_volume_usd); // pixels only: totals use exact decimals
    transactions[s][d] += row.num_transactions;
  }
  return { days, ranked, series, volume, transactions };
}

// A currency is named by its coin; one whose token is unknown by its chain and address.
function coinOf(row) {
  return row.coin_id || `unknown ${row.chain_id}:${row.currency_address.slice(0, 10)}…`;
}

function element(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => node.setAttribute(key, value));
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// A round step such that five grid intervals cover `value`; a whole number when `whole`.
function niceStep(value, whole) {
  if (value <= 0) {
    return 1;
  }
  const target = whole ? Math.max(value / 5, 1) : value / 5;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  return [1, 2, 2.5, 5, 10].map(m => m * magnitude)
    .find(step => step >= target && (!whole || Number.isInteger(step)));
}

function drawStackedBars(svg, days, series, values, format, whole) {
  const width = svg.clientWidth || 800, height = svg.clientHeight || 260, left = 60, right = 8, top = 10, bottom = 28;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.replaceChildren();
  if (days.length === 0) {
    svg.append(element('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'no data yet'));
    return;
  }
  const totals = days.map((_, d) => series.reduce((sum, _, s) => sum + values[s][d], 0));
  const step = niceStep(Math.max(...totals), whole);
  const max = step * 5;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const y = value => top + plotHeight - (value / max) * plotHeight;
  for (let tick = 0; tick <= 5; tick++) {
    const value = step * tick;
    svg.append(element('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), class: 'grid' }));
    svg.append(element('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, format(value)));
  }
  const band = plotWidth / days.length;
  const labelEvery = Math.ceil(days.length / 8);
  days.forEach((day, d) => {
    const group = element('g', { class: 'day', 'data-day': day });
    group.append(element('title', {}, `${day}: ${format(totals[d])}`));
    const x = left + d * band + band * 0.15;
    let base = 0;
    series.forEach((s, i) => {
      const value = values[i][d];
      if (value > 0) {
        group.append(element('rect', {
          x, y: y(base + value), width: Math.max(1, band * 0.7), height: y(base) - y(base + value), fill: s.color,
        }));
      }
      base += value;
    });
    if (d % labelEvery === 0) {
      group.append(element('text', { x: left + (d + 0.5) * band, y: height - 8, 'text-anchor': 'middle', class: 'day-label' }, day));
    }
    svg.append(group);
  });
}

function drawLegend(id, series) {
  const legend = document.getElementById(id);
  legend.replaceChildren(...series.map(s => {
    const item = document.createElement('span');
    item.style.setProperty('--swatch', s.color);
    item.textContent = s.name;
    return item;
  }));
}

// One table row per group: name, exact volume (to the cent, the whole number in its title), transactions, unpriced,
// and the number of days when `withDays`.
function drawRanking(selector, ranked, withDays) {
  const body = document.querySelector(selector + ' tbody');
  body.replaceChildren(...ranked.slice(0, TOP_ROWS).map(group => {
    const row = document.createElement('tr');
    const cells = [group.id, usd(group.volume), group.transactions.toLocaleString('en-US'),
      group.unpriced.toLocaleString('en-US')];
    if (withDays) {
      cells.push(String(group.days.size));
    }
    cells.forEach((text, i) => {
      const cell = document.createElement('td');
      cell.textContent = text;
      if (i > 0) {
        cell.className = 'num';
      }
      if (i === 1) {
        cell.title = exact(group.volume);
      }
      row.append(cell);
    });
    return row;
  }));
}

function ago(ms) {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

function showFreshness(lastModified) {
  const pill = document.getElementById('freshness');
  if (!lastModified) {
    pill.textContent = 'no data yet';
    return;
  }
  const changed = new Date(lastModified);
  const age = Date.now() - changed.getTime();
  pill.textContent = `newest transaction ${ago(age)} ago`;
  pill.title = changed.toISOString();
  pill.classList.toggle('stale', age > STALE_AFTER_MS);
}

function showError(message) {
  const error = document.getElementById('error');
  error.hidden = !message;
  error.textContent = message ? `Cannot load data: ${message}` : '';
}

// The API sends a table in pages: follow each answer's Link rel="next" to the end.
async function fetchWholeTable(path) {
  const rows = [];
  let first = null;
  for (let url = path; url;) {
    const response = await fetch(url, { cache: 'no-store' });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error || response.statusText);
    }
    first = first || response;
    rows.push(...body);
    const next = /<([^>]*)>;\s*rel="next"/.exec(response.headers.get('Link') || '');
    url = next ? next[1] : null;
  }
  return { rows, response: first };
}

function selectedProject() {
  return new URLSearchParams(location.search).get('project') || '';
}

// The filter lists every project of the table; choosing one shows it alone and puts it in the address.
function drawProjectFilter(projects) {
  const select = document.getElementById('project-filter');
  const selected = selectedProject();
  const ids = [...new Set([...projects, ...(selected ? [selected] : [])])].sort();
  const options = [new Option('All projects', '', selected === '', selected === '')]
    .concat(ids.map(id => new Option(id, id, id === selected, id === selected)));
  select.replaceChildren(...options);
}

function chooseProject(event) {
  const params = new URLSearchParams(location.search);
  if (event.target.value) {
    params.set('project', event.target.value);
  } else {
    params.delete('project');
  }
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
  refresh();
}

function ofProject(path) {
  const project = selectedProject();
  return project ? `${path}?project_id=${encodeURIComponent(project)}` : path;
}

async function refresh() {
  try {
    const [{ rows: all, response }, { rows: currencies }] = await Promise.all([
      fetchWholeTable('/api/daily-volume'), fetchWholeTable(ofProject('/api/currency-volume'))]);
    drawProjectFilter(all.map(row => row.project_id));
    const project = selectedProject();
    const body = project ? all.filter(row => row.project_id === project) : all;
    const summary = summarize(body, row => row.project_id);
    drawStackedBars(document.getElementById('volume-chart'), summary.days, summary.series, summary.volume,
      value => '$' + compact.format(value), false);
    drawStackedBars(document.getElementById('transactions-chart'), summary.days, summary.series,
      summary.transactions, value => compact.format(value), true);
    drawLegend('legend', summary.series);
    drawRanking('#top-projects', summary.ranked, true);
    const byCurrency = summarize(currencies, coinOf);
    drawStackedBars(document.getElementById('currency-chart'), byCurrency.days, byCurrency.series, byCurrency.volume,
      value => '$' + compact.format(value), false);
    drawLegend('currency-legend', byCurrency.series);
    drawRanking('#currencies', byCurrency.ranked, false);
    showFreshness(response.headers.get('Last-Modified'));
    showError('');
  } catch (e) {
    showError(e.message);
    const pill = document.getElementById('freshness');
    pill.textContent = 'not updating';
    pill.classList.add('stale');
  }
}

document.getElementById('project-filter').addEventListener('change', chooseProject);
refresh();
setInterval(refresh, POLL_MS);
